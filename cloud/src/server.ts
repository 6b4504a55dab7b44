/**
 * Production entry (`tsx cloud/src/server.ts`; `npm run dev` watches it): config → stack → listen,
 * graceful shutdown on SIGTERM/SIGINT (app → DB connection → embedded DB / fake WeChat).
 * Unlike `npm start` it does not build the H5 app; it serves H5_DIR if a build is there.
 */
import { exitOnSignals, loadDotEnv, reportStartupError } from './lifecycle'
import { startStack } from './stack'

async function main(): Promise<void> {
  loadDotEnv()
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`)
  }
  const stack = await startStack({ log })
  log(`商量 Shangliang listening on ${stack.url} (db: ${stack.db}, wechat: ${stack.wechat})`)
  exitOnSignals(() => stack.close(), log)
}

main().catch((error: unknown) => {
  reportStartupError(error)
  process.exit(1)
})
