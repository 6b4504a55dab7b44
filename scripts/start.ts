/**
 * `npm start`: everything on one machine, nothing to install.
 *   1. builds the H5 app into dist-h5/ when it is missing or its sources changed
 *   2. starts the embedded DB (data in .data/db) unless MONGODB_URI is set, the fake WeChat unless
 *      WECHAT_APPID/WECHAT_SECRET are set, loads demo data on first run, and serves API + H5
 *   3. prints where to open it and, in demo mode, the demo accounts and a room link (lib/banner.ts)
 * Ctrl-C stops everything cleanly; a second Ctrl-C forces.
 */
import { exitOnSignals, loadDotEnv, reportStartupError } from '../cloud/src/lifecycle'
import { startStack } from '../cloud/src/stack'
import { banner } from './lib/banner'
import { ensureH5Build } from './lib/h5-build'

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

async function buildH5(): Promise<string | undefined> {
  try {
    return await ensureH5Build({ log: (line) => log(`[h5] ${line}`) })
  } catch (error) {
    // The API is still useful (and /docs works) while the front end does not build.
    log(`[h5] 构建失败 H5 build failed; serving the API only:\n${(error as Error).message}`)
    return undefined
  }
}

async function main(): Promise<void> {
  loadDotEnv()
  const h5Dir = await buildH5()
  const stack = await startStack({ h5Dir, log })
  process.stdout.write(`${banner(stack)}\n`)
  exitOnSignals(() => stack.close(), log)
}

main().catch((error: unknown) => {
  reportStartupError(error)
  process.exit(1)
})
