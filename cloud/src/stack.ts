/**
 * The whole service in one call: embedded DB (unless MONGODB_URI) → fake WeChat (when no WeChat
 * credentials are configured; never in production) → app (+ demo data on first run) → listen.
 * Used by `npm start`, `server.ts`, the e2e tests and the benches; `close()` stops all in reverse.
 */
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { startEmbeddedServer } from '../embedded-db/src/index'
import { buildApp } from './app'
import { loadConfig, type Config } from './config'
import { demoSeeds } from './seed'
import type { FakeWechat } from '../fake-wechat/index'
import { seedDemoStories } from './seed/demo/stories'
import { startWechat, type WechatMode } from './stack-wechat'

export interface StackOptions {
  /** 0 = a free port. Default: PORT. */
  port?: number
  host?: string
  /** `null` = embedded DB in memory and nothing written to disk. Default: DATA_DIR. */
  dataDir?: string | null
  /** `null` = do not serve the H5 app. Default: H5_DIR. */
  h5Dir?: string | null
  /** Load demo data on first start. Default: DEMO_MODE. */
  seedDemo?: boolean
  /** Variables layered over `process.env`. */
  env?: Record<string, string>
  /** No request logs, no embedded-DB lines. */
  quiet?: boolean
  /** Receives human-readable progress lines (default: stderr unless quiet). */
  log?: (line: string) => void
}

export interface Stack {
  url: string
  db: 'embedded' | 'external'
  wechat: WechatMode
  /** The config the app runs with (ports and WeChat endpoints resolved). */
  config: Config
  /** The fake WeChat when `wechat === 'fake'`: tests use it to issue login codes, read sent messages. */
  fakeWechat?: FakeWechat
  close(): Promise<void>
}

type Cleanup = () => Promise<void>

async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  const errors: unknown[] = []
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length > 0) throw errors[0]
}

function urlOf(address: AddressInfo | string | null): string {
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP')
  // A wildcard bind is reachable on loopback; that is the URL a person on this machine can open.
  const host =
    address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log =
    options.log ?? (options.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`))
  let config = loadConfig(
    { ...process.env, ...options.env },
    { port: options.port, host: options.host, dataDir: options.dataDir, h5Dir: options.h5Dir },
  )
  const cleanups: Cleanup[] = []
  try {
    let embeddedDbUri: string | undefined
    if (!config.mongodb.uri) {
      const dbpath = config.dataDir ? path.join(config.dataDir, 'db') : undefined
      const embedded = await startEmbeddedServer({
        port: 0,
        dbpath,
        log: options.quiet ? undefined : (line) => log(`[db] ${line}`),
      })
      cleanups.push(() => embedded.close())
      embeddedDbUri = embedded.uri
      log(`[db] embedded ${embedded.uri} (${dbpath ?? 'in memory'})`)
    }

    const wechat = await startWechat(config, log)
    const { fake } = wechat
    if (fake) cleanups.push(() => fake.close())
    config = wechat.config

    const seedDemo = options.seedDemo ?? config.demoMode
    const app = buildApp(config, {
      embeddedDbUri,
      seeds: seedDemo ? demoSeeds : undefined,
      logger: options.quiet ? false : undefined,
    })
    cleanups.push(() => app.close())
    await app.listen({ port: config.port, host: config.host })
    // The demo topics are told through the API as the demo cast, who log in through the fake WeChat.
    if (seedDemo && fake && (await seedDemoStories(app))) log('[demo] demo topics created')

    return {
      url: urlOf(app.server.address()),
      db: embeddedDbUri ? 'embedded' : 'external',
      wechat: wechat.mode,
      config,
      fakeWechat: fake,
      close: (() => {
        let closing: Promise<void> | null = null
        return () => (closing ??= runCleanups(cleanups))
      })(),
    }
  } catch (error) {
    await runCleanups(cleanups).catch(() => undefined)
    throw error
  }
}
