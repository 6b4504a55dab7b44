/**
 * A small world for the permission sweep: two towns (A and B) each with a village room, a department,
 * and one user per role — some scoped to town A's side, some to B's — plus a topic and a resident with
 * a phone number in room A. The sweep aims every route at A's resources and checks who gets in.
 */
import { Types } from 'mongoose'
import type { App } from '../../../cloud/src/app'
import { userModel } from '../../../cloud/src/modules/users/model'
import type { Role } from '../../../shared/domain/types'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../helpers/identity'
import { createTestTopic } from '../../helpers/topics'

export type SweepRole =
  | 'anonymous'
  | 'resident'
  | 'grid_worker_a'
  | 'member_a'
  | 'convener_a'
  | 'convener_b'
  | 'dept_officer'
  | 'office_a'
  | 'office_b'
  | 'admin'

export interface World {
  city: TestUnit
  townA: TestUnit
  villageA: TestUnit
  townB: TestUnit
  villageB: TestUnit
  department: TestUnit
  roomA: { id: string; scene: string }
  roomB: { id: string; scene: string }
  topicA: { id: string }
  /** Its author is the resident: the sweep's withdraw call goes here, not to topic A. */
  topicToWithdraw: { id: string }
  users: Record<Exclude<SweepRole, 'anonymous'>, TestUser>
  /** The resident's phone and real name: must never reach anyone without pii.read over room A. */
  residentPhone: string
  residentRealName: string
  conveners: { grantId: string }
}

/** Roles that may see room A's personal data (pii.read over village A, or admin). */
export const PII_READERS_A: readonly SweepRole[] = [
  'convener_a',
  'grid_worker_a',
  'office_a',
  'admin',
]

export async function buildWorld(app: App): Promise<World> {
  const city = await createTestUnit(app, '测试市', 'city')
  const district = await createTestUnit(app, '测试区', 'district', city)
  const townA = await createTestUnit(app, '甲镇', 'town', district)
  const villageA = await createTestUnit(app, '甲村', 'village', townA)
  const townB = await createTestUnit(app, '乙镇', 'town', district)
  const villageB = await createTestUnit(app, '乙村', 'village', townB)
  const department = await createTestUnit(app, '测试住建局', 'department', district)
  const roomA = await createTestRoom(app, '甲村议事室', villageA, { scene: 'SWEEPA1' })
  const roomB = await createTestRoom(app, '乙村议事室', villageB, { scene: 'SWEEPB1' })
  const residentPhone = '13912345678'
  const residentRealName = '张秀英'
  const resident = await createTestUser(app, {
    displayName: '张阿姨',
    realName: residentRealName,
    phone: residentPhone,
    unitId: villageA.id,
  })
  const grant = (role: Exclude<Role, 'resident'>, scope: { unitId?: string; roomId?: string }) => ({
    grants: [{ role, ...scope }],
  })
  const users = {
    resident,
    grid_worker_a: await createTestUser(app, grant('grid_worker', { unitId: villageA.id })),
    member_a: await createTestUser(app, grant('member', { roomId: roomA.id })),
    convener_a: await createTestUser(app, grant('convener', { roomId: roomA.id })),
    convener_b: await createTestUser(app, grant('convener', { roomId: roomB.id })),
    dept_officer: await createTestUser(app, grant('dept_officer', { unitId: department.id })),
    office_a: await createTestUser(app, grant('office_staff', { unitId: townA.id })),
    office_b: await createTestUser(app, grant('office_staff', { unitId: townB.id })),
    admin: await createTestUser(app, grant('admin', { unitId: city.id })),
  }
  const topic = await createTestTopic(app, {
    room: roomA,
    unit: villageA,
    authorId: resident.id,
    state: 'screening',
  })
  const toWithdraw = await createTestTopic(app, {
    room: roomA,
    unit: villageA,
    authorId: resident.id,
    state: 'open',
    title: '东门绿化带开口',
    description: '清华园小区东门被绿化带挡住，希望开个口子。',
  })
  const convenerDoc = await userModel(app.db)
    .findById(new Types.ObjectId(users.convener_a.id))
    .lean()
  return {
    city,
    townA,
    villageA,
    townB,
    villageB,
    department,
    roomA,
    roomB,
    topicA: { id: String(topic._id) },
    topicToWithdraw: { id: String(toWithdraw._id) },
    users,
    residentPhone,
    residentRealName,
    conveners: { grantId: String(convenerDoc?.grants[0]?._id) },
  }
}
