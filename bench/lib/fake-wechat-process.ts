/**
 * The fake WeChat in a process of its own, for benches: WeChat is a remote service in production,
 * so its HTTP handling should not share an event loop with the code being measured.
 * Run directly, it starts the fake with `FAKE_RATE_LIMITS` (JSON, `FakeWechatOptions['rateLimits']`)
 * and prints `fake-wechat listening on <url>`; `startFakeWechatProcess()` spawns it and talks to it
 * through the fake's debug routes (`/__fake/grant`, `/__fake/sent`).
 */
import { spawn } from 'node:child_process'
import {
  startFakeWechat,
  FAKE_APP_ID,
  FAKE_SECRET,
  type SentMessage,
} from '../../cloud/fake-wechat/index'

export interface FakeWechatProcess {
  pid: number | undefined
  baseUrl: string
  appId: string
  secret: string
  /** One one-time grant of `templateId` per openid. */
  grantEach(openids: readonly string[], templateId: string): Promise<void>
  sent(): Promise<SentMessage[]>
  close(): Promise<void>
}

export async function startFakeWechatProcess(rateLimits: unknown): Promise<FakeWechatProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, FAKE_RATE_LIMITS: JSON.stringify(rateLimits) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`fake-wechat exited with ${code}`)))
  })
  return {
    pid: child.pid,
    baseUrl,
    appId: FAKE_APP_ID,
    secret: FAKE_SECRET,
    async grantEach(openids, templateId) {
      let next = 0
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < openids.length; i = next++) {
            const res = await fetch(`${baseUrl}/__fake/grant`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ openid: openids[i], templateId, count: 1 }),
            })
            if (!res.ok) throw new Error(`grant failed: ${res.status}`)
          }
        }),
      )
    },
    async sent() {
      const res = await fetch(`${baseUrl}/__fake/sent`)
      return ((await res.json()) as { messages: SentMessage[] }).messages
    },
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

async function main(): Promise<void> {
  const fake = await startFakeWechat({
    port: 0,
    rateLimits: JSON.parse(process.env.FAKE_RATE_LIMITS ?? '{}') as never,
  })
  process.stdout.write(`fake-wechat listening on ${fake.baseUrl}\n`)
  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`fake-wechat: ${String(error)}\n`)
    process.exit(1)
  })
}
