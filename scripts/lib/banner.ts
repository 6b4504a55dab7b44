/**
 * What `npm start` prints once the stack is up: where to open it, and in demo mode who to log in as
 * (the demo cast from cloud/src/seed/demo/accounts.ts) and a room link to try the QR-code page with.
 */
import path from 'node:path'
import { h5Root } from '../../cloud/src/plugins/h5-static'
import type { Stack } from '../../cloud/src/stack'
import {
  DEMO_ACCOUNTS,
  DEMO_MAIN_ROOM_SCENE,
  DEMO_PASSWORD,
  DEMO_ROOM_SCENES,
} from '../../cloud/src/seed/demo/accounts'

export type BannerStack = Pick<Stack, 'url' | 'db' | 'wechat' | 'config'>

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text) {
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1
  }
  return width
}

function pad(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - displayWidth(text)))
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(target: string): string {
  const relative = path.relative(process.cwd(), target)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target
}

/** The H5 hash-router URL of a page (Taro H5 uses `router.mode: 'hash'`, see config/index.ts). */
export function pageUrl(base: string, page: string, query?: Record<string, string>): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : ''
  return `${base}/#/${page}${search}`
}

export function demoLines(url: string, h5Served: boolean): string[] {
  const room = DEMO_ROOM_SCENES.find((candidate) => candidate.scene === DEMO_MAIN_ROOM_SCENE)
  const lines = [
    `  演示账号 Demo accounts（职员密码 staff password: ${DEMO_PASSWORD}）`,
    h5Served
      ? `    登录页 Login page: ${pageUrl(url, 'pages/login/index')}  — 点选下列任一账号 pick one`
      : '    H5 未构建：可用 POST /api/auth/wechat {"code":"dev-<账号>"} 登录 (H5 not built)',
  ]
  for (const account of DEMO_ACCOUNTS) {
    const how = account.staff
      ? `演示列表，或账号 ${account.key} / 密码 ${DEMO_PASSWORD}`
      : '演示列表 picker only'
    lines.push(`    ${pad(account.displayName, 12)}${pad(account.roleLabel, 16)}${how}`)
  }
  if (room) {
    lines.push(
      `  议事室 Room:          ${pageUrl(url, 'pages/room/index', { scene: room.scene })}`,
      `                        （${room.name}，议事室码 room code ${room.scene}）`,
    )
  }
  return lines
}

export function banner(stack: BannerStack): string {
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
    ...(config.demoMode ? demoLines(stack.url, h5Root(config.h5Dir) !== null) : []),
    '  按 Ctrl-C 停止 Press Ctrl-C to stop',
    '',
  ].join('\n')
}
