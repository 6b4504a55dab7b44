/**
 * A small slice of Huai'an drawn from the seed reports: two districts, their streets and communities,
 * two departments, the rooms in them, and people holding grants there. Shared by the domain tests.
 */
import type {
  GuardContext,
  RoleGrant,
  TopicFacts,
  UnitNode,
  UserAccess,
} from '../../../shared/domain'
import { UnitTree } from '../../../shared/domain'

export const UNITS: UnitNode[] = [
  { id: 'huaian', parentId: null, kind: 'city' },
  { id: 'qingjiangpu', parentId: 'huaian', kind: 'district' }, // 清江浦区
  { id: 'huaiyin', parentId: 'huaian', kind: 'district' }, // 淮阴区
  { id: 'qingpu', parentId: 'qingjiangpu', kind: 'town' }, // 清浦街道
  { id: 'changxi', parentId: 'qingjiangpu', kind: 'town' }, // 长西街道
  { id: 'changjianglu', parentId: 'huaiyin', kind: 'town' }, // 长江路街道
  { id: 'huajie', parentId: 'qingpu', kind: 'village' }, // 花街社区
  { id: 'changxi-community', parentId: 'changxi', kind: 'village' }, // 长西社区
  { id: 'sanzhu', parentId: 'changjianglu', kind: 'village' }, // 三朱村
  { id: 'chengguan', parentId: 'qingjiangpu', kind: 'department' }, // 区城管局
  { id: 'chengguan-squad', parentId: 'chengguan', kind: 'department' }, // 城管执法中队
  { id: 'zhujian', parentId: 'qingjiangpu', kind: 'department' }, // 区住建局
  { id: 'agri-sector', parentId: 'huaiyin', kind: 'sector' }, // 农业农村界别
]

export const units = new UnitTree(UNITS)

/** Rooms: id → the unit the room belongs to. */
export const ROOMS = {
  huajieRoom: { roomId: 'room-huajie', unitId: 'huajie' },
  changxiRoom: { roomId: 'room-changxi', unitId: 'changxi-community' },
  qingpuRoom: { roomId: 'room-qingpu', unitId: 'qingpu' },
  sanzhuRoom: { roomId: 'room-sanzhu', unitId: 'sanzhu' },
  sectorRoom: { roomId: 'room-agri', unitId: 'agri-sector' },
} as const

export function person(userId: string, ...grants: RoleGrant[]): UserAccess {
  return { userId, grants }
}

export const resident = person('resident-chen') // 陈阿姨
export const neighbour = person('resident-li')
export const huajieConvener = person('convener-shen', { role: 'convener', roomId: 'room-huajie' })
export const changxiConvener = person('convener-xia', { role: 'convener', roomId: 'room-changxi' })
export const qingpuConvener = person('convener-zhu', { role: 'convener', roomId: 'room-qingpu' })
export const qingpuStaff = person('staff-qingpu', { role: 'office_staff', unitId: 'qingpu' })
export const districtStaff = person('staff-qjp', { role: 'office_staff', unitId: 'qingjiangpu' })
export const chengguanOfficer = person('officer-cg', { role: 'dept_officer', unitId: 'chengguan' })
export const zhujianOfficer = person('officer-zj', { role: 'dept_officer', unitId: 'zhujian' })
export const gridWorker = person('grid-liu', { role: 'grid_worker', unitId: 'changxi-community' })
export const memberOffDuty = person('member-dong', { role: 'member', roomId: 'room-huajie' })
export const memberOnDuty = person('member-chen', {
  role: 'member',
  roomId: 'room-huajie',
  onDuty: true,
})
export const admin = person('admin-1', { role: 'admin' })

export const NOW = new Date('2026-07-08T02:00:00Z') // Wednesday 10:00 in Huai'an

export function ctx(user: UserAccess, now: Date = NOW): GuardContext {
  return { user, units, now }
}

/** A topic raised by 陈阿姨 in 花街社区's room, in the given state. */
export function topic(overrides: Partial<TopicFacts> = {}): TopicFacts {
  return {
    state: 'open',
    authorId: resident.userId,
    roomId: ROOMS.huajieRoom.roomId,
    unitId: ROOMS.huajieRoom.unitId,
    createdAt: new Date('2026-07-01T02:00:00Z'),
    ...overrides,
  }
}
