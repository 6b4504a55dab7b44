/**
 * `npm start`: everything on one machine, nothing to install.
 *   1. builds the H5 app into dist-h5/ when it is missing or its sources changed
 *   2. starts the embedded DB (data in .data/db) unless MONGODB_URI is set, the fake WeChat unless
 *      WECHAT_APPID/WECHAT_SECRET are set, loads demo data on first run, and serves API + H5
 * Ctrl-C stops everything cleanly; a second Ctrl-C forces.
 */
import path from 'node:path'
import { exitOnSignals, loadDotEnv, reportStartupError } from '../cloud/src/lifecycle'
import { startStack, type Stack } from '../cloud/src/stack'
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

/** Relative to the working directory when inside it, else absolute. */
function shortPath(target: string): string {
  const relative = path.relative(process.cwd(), target)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target
}

function banner(stack: Stack): string {
  const { config } = stack
  const dbWhere =
    stack.db === 'embedded'
      ? `embedded 内置 (${config.dataDir ? shortPath(path.join(config.dataDir, 'db')) : 'in memory'})`
      : 'external MongoDB 外部'
  const wechat = {
    fake: `fake 模拟 (${config.wechat.apiBase})`,
    real: `real 真实 (appid ${config.wechat.appId ?? ''})`,
    none: 'none 未配置',
  }[stack.wechat]
  return [
    '',
    '  商量 Shangliang 已启动 is running',
    `  打开 Open:            ${stack.url}/`,
    `  接口文档 API docs:    ${stack.url}/docs`,
    `  数据库 Database:      ${dbWhere}`,
    `  微信 WeChat:          ${wechat}`,
    `  演示数据 Demo mode:   ${config.demoMode ? 'on 开' : 'off 关'}`,
    '  按 Ctrl-C 停止 Press Ctrl-C to stop',
    '',
  ].join('\n')
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
