/**
 * Demo accounts (DEMO_MODE only): users the demo seed created with a `demoKey`. The H5 demo picker
 * lists them and logs in by posting `dev-<demoKey>` to `/api/auth/wechat`; the fake WeChat server
 * maps that code to a stable openid (`demoOpenid`), so the seed can create each account with the
 * openid its login will resolve to.
 */
import type { Connection } from 'mongoose'
import { ROLE_LABELS } from '../../../../shared/domain/labels'
import { ROLES, type Role } from '../../../../shared/domain/types'
import { FAKE_APP_ID } from '../../../fake-wechat/index'
import { openidFor } from '../../../fake-wechat/ids'
import { roomModel, unitModel } from '../org/model'
import { userModel, type UserDoc } from '../users/model'

/** The login code of a demo account. */
export function demoCode(key: string): string {
  return `dev-${key}`
}

/**
 * The openid WeChat (the fake) returns for the login code `dev-<key>`: what the demo seed stores
 * as the account's `openid`. Depends on the app id; the demo stack runs the fake with FAKE_APP_ID.
 */
export function demoOpenid(key: string, appId: string = FAKE_APP_ID): string {
  return openidFor(appId, key)
}

const DEMO_CODE = /^dev-([A-Za-z0-9_-]{1,64})$/

/** The demo key of a `dev-<key>` login code, or null. */
export function demoKeyOfCode(code: string): string | null {
  if (code.startsWith('dev-phone-')) return null
  return DEMO_CODE.exec(code)?.[1] ?? null
}

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  resident: '扫码进入议事室，提出议题、附议、评价办理结果',
  grid_worker: '替不便上网的群众反映问题，现场回访',
  member: '挂钩议事室，值班答复群众、委员荐题、民主监督',
  convener: '审核议题、商前调研、组织协商、发布成果',
  dept_officer: '办理交办事项，反馈进展',
  office_staff: '管理辖区议事室和人员，筛选 12345 工单，督办',
  admin: '管理全部单位、议事室和人员',
}

export interface DemoAccount {
  key: string
  displayName: string
  role: Role
  roleLabel: string
  description: string
  code: string
}

type DemoUser = Pick<UserDoc, 'displayName' | 'grants' | 'unitId' | 'demoKey'>

function highestRole(user: DemoUser): Role {
  let best = 0
  for (const grant of user.grants) best = Math.max(best, ROLES.indexOf(grant.role))
  return ROLES[best]
}

/** Demo accounts, residents first, then staff roles in ROLES order, then by key. */
export async function listDemoAccounts(db: Connection): Promise<DemoAccount[]> {
  const users = await userModel(db)
    .find(
      { demoKey: { $type: 'string' }, disabled: { $ne: true } },
      { displayName: 1, grants: 1, unitId: 1, demoKey: 1 },
    )
    .lean<DemoUser[]>()
  const unitIds = new Set<string>()
  const roomIds = new Set<string>()
  for (const user of users) {
    if (user.unitId) unitIds.add(String(user.unitId))
    for (const grant of user.grants) {
      if (grant.unitId) unitIds.add(String(grant.unitId))
      if (grant.roomId) roomIds.add(String(grant.roomId))
    }
  }
  const [units, rooms] = await Promise.all([
    unitModel(db)
      .find({ _id: { $in: [...unitIds] } }, { name: 1 })
      .lean(),
    roomModel(db)
      .find({ _id: { $in: [...roomIds] } }, { name: 1 })
      .lean(),
  ])
  const names = new Map<string, string>()
  for (const doc of [...units, ...rooms]) names.set(String(doc._id), doc.name)

  const accounts = users.map((user) => {
    const role = highestRole(user)
    const grant = user.grants.find((g) => g.role === role)
    const place = grant?.roomId ?? grant?.unitId ?? (role === 'resident' ? user.unitId : undefined)
    const placeName = place ? names.get(String(place)) : undefined
    const key = user.demoKey as string
    return {
      key,
      displayName: user.displayName,
      role,
      roleLabel: ROLE_LABELS[role],
      description: placeName
        ? `${placeName} · ${ROLE_DESCRIPTIONS[role]}`
        : ROLE_DESCRIPTIONS[role],
      code: demoCode(key),
    }
  })
  return accounts.sort(
    (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.key.localeCompare(b.key),
  )
}
