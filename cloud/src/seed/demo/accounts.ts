/**
 * The demo cast: one account per role, all around 长西社区协商议事室 in 清江浦区 (see `places.ts`).
 * Everyone logs in on the H5 demo picker (WeChat login with the code `dev-<key>`, which the fake
 * WeChat turns into a fixed openid); staff can also use the password form with username = key and
 * the password below. Plain data: the seed (`people.ts`), the `npm start` banner and the demo-account
 * picker all read this one list.
 */
import { ROLE_LABELS } from '../../../../shared/domain/labels'
import type { Role } from '../../../../shared/domain/types'
import { DEMO_MAIN_ROOM_SCENE, DEMO_ROOMS } from './places'

/** Password of every demo staff account (never used outside demo mode: demo seeds only run there). */
export const DEMO_PASSWORD = 'shangliang'

export type DemoGrantRole = Exclude<Role, 'resident'>

export interface DemoGrant {
  role: DemoGrantRole
  /** Unit code from `DEMO_UNITS`. */
  unit?: string
  /** Room scene from `DEMO_ROOMS`. */
  room?: string
}

export interface DemoAccount {
  /** `demoKey`: the login code is `dev-<key>`; staff log in with username = key. */
  key: string
  displayName: string
  realName: string
  /** The role the picker shows (residents hold no grant). */
  role: Role
  roleLabel: string
  description: string
  /** Staff get a username and password; residents only log in through WeChat. */
  staff: boolean
  /** Home unit code. */
  unit?: string
  grants: DemoGrant[]
  /** Duty rota (值班): ISO weekdays 1 = Monday … 7 = Sunday in the given room. */
  duty?: { room: string; weekdays: number[] }
}

const MAIN = DEMO_MAIN_ROOM_SCENE
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]

function account(fields: Omit<DemoAccount, 'roleLabel'>): DemoAccount {
  return { ...fields, roleLabel: ROLE_LABELS[fields.role] }
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account({
    key: 'resident',
    displayName: '张阿姨',
    realName: '张桂兰',
    role: 'resident',
    description: '长西社区居民：扫议事室二维码提出问题、附议、跟踪进展、评价结果',
    staff: false,
    unit: 'HA-QJP-CX-CX',
    grants: [],
  }),
  account({
    key: 'neighbour',
    displayName: '李师傅',
    realName: '李国强',
    role: 'resident',
    description: '张阿姨的邻居：给同一个问题附议、留言',
    staff: false,
    unit: 'HA-QJP-CX-CX',
    grants: [],
  }),
  account({
    key: 'convener',
    displayName: '王主任',
    realName: '王秀梅',
    role: 'convener',
    description: '长西社区协商议事室召集人：筛选议题、商前调研、召开协商会、发布成果',
    staff: true,
    unit: 'HA-QJP-CX-CX',
    grants: [{ role: 'convener', room: MAIN }],
  }),
  account({
    key: 'member',
    displayName: '陈委员',
    realName: '陈建华',
    role: 'member',
    description: '政协委员，挂钩长西社区协商议事室，每天在线值班答复居民',
    staff: true,
    grants: [{ role: 'member', room: MAIN }],
    duty: { room: MAIN, weekdays: EVERY_DAY },
  }),
  account({
    key: 'officer',
    displayName: '刘科长',
    realName: '刘志刚',
    role: 'dept_officer',
    description: '清江浦区住建局：接收交办事项、报告进展、反馈结果',
    staff: true,
    unit: 'HA-QJP-ZJJ',
    grants: [{ role: 'dept_officer', unit: 'HA-QJP-ZJJ' }],
  }),
  account({
    key: 'office',
    displayName: '孙干事',
    realName: '孙晓燕',
    role: 'office_staff',
    description: '清江浦区协商议事联席会议办公室：排查 12345 工单、管理议事室、督办',
    staff: true,
    unit: 'HA-QJP',
    grants: [{ role: 'office_staff', unit: 'HA-QJP' }],
  }),
  account({
    key: 'grid',
    displayName: '周网格员',
    realName: '周丽娟',
    role: 'grid_worker',
    description: '长西社区网格员：替不方便扫码的老人代为反映问题、上报现场情况',
    staff: true,
    unit: 'HA-QJP-CX-CX',
    grants: [{ role: 'grid_worker', unit: 'HA-QJP-CX-CX' }],
  }),
  account({
    key: 'admin',
    displayName: '系统管理员',
    realName: '管理员',
    role: 'admin',
    description: '系统管理员：管理单位、议事室和人员',
    staff: true,
    unit: 'HA',
    grants: [{ role: 'admin', unit: 'HA' }],
  }),
]

/** The WeChat login code the fake WeChat accepts for a demo account. */
export function demoLoginCode(key: string): string {
  return `dev-${key}`
}

/** Scenes of every demo room, with names (banner, tests). */
export const DEMO_ROOM_SCENES: ReadonlyArray<{ scene: string; name: string }> = DEMO_ROOMS.map(
  ({ scene, name }) => ({ scene, name }),
)

export { DEMO_MAIN_ROOM_SCENE }
