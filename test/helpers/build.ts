/**
 * `build()` — a ready app on an in-memory embedded DB, closed after the test file (fastify/demo's
 * `build(t)` in jest form). Usable from any test file: importing this module registers the cleanup.
 * Config comes from the `env` you pass, never from the ambient environment.
 */
import { afterAll } from '@jest/globals'
import { startEmbeddedServer, type EmbeddedServer } from '../../cloud/embedded-db/src/index'
import { buildApp, type App } from '../../cloud/src/app'
import { loadConfig, type Config } from '../../cloud/src/config'
import type { SeedRegistry } from '../../cloud/src/seed/registry'

export interface BuildOptions {
  /** Environment variables for `loadConfig` (NODE_ENV defaults to test, LOG_LEVEL to silent). */
  env?: Record<string, string>
  /** Database name; default: a fresh one per call. Pass the same name to share a database. */
  dbName?: string
  /** Serve this folder as the H5 app (default: none). */
  h5Dir?: string | null
  seeds?: SeedRegistry
  /**
   * Test-only routes/hooks, registered as a plugin after the modules so that rate limit, swagger
   * and the error handler see them exactly as they see real module routes.
   */
  setup?: (app: App) => void | Promise<void>
}

let embedded: Promise<EmbeddedServer> | null = null
const apps: App[] = []
let counter = 0

/** The file's shared in-memory embedded DB (started on first use). */
export function embeddedDb(): Promise<EmbeddedServer> {
  embedded ??= startEmbeddedServer({ port: 0 })
  return embedded
}

export function testConfig(options: Pick<BuildOptions, 'env' | 'dbName' | 'h5Dir'> = {}): Config {
  counter += 1
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      NOTIFY_WORKER: 'false',
      MONGODB_DB: options.dbName ?? `test_${process.pid}_${counter}`,
      ...options.env,
    },
    { dataDir: null, h5Dir: options.h5Dir ?? null },
  )
}

/** Not ready yet: for tests that control `ready()` themselves (e.g. two apps racing). */
export async function buildUnready(options: BuildOptions = {}): Promise<App> {
  const server = await embeddedDb()
  const app = buildApp(testConfig(options), {
    embeddedDbUri: server.uri,
    seeds: options.seeds,
    logger: false,
  })
  apps.push(app)
  const { setup } = options
  if (setup) app.register(async (scope) => setup(scope as App))
  return app
}

export async function build(options: BuildOptions = {}): Promise<App> {
  const app = await buildUnready(options)
  await app.ready()
  return app
}

afterAll(async () => {
  await Promise.allSettled(apps.splice(0).map((app) => app.close()))
  if (embedded) {
    const server = await embedded.catch(() => null)
    embedded = null
    await server?.close()
  }
})
