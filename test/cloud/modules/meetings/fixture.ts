/**
 * A small tree for the meetings tests: 淮安市 → 清江浦区 → 长东街道 → 永胜社区 (room A) and
 * 清河街道 (room B), a 住建局 department with an officer, and the people a meeting involves.
 */
import type { App } from '../../../../cloud/src/app'
import type { TopicDoc } from '../../../../cloud/src/modules/topics/model'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'

export interface MeetingFixture {
  village: TestUnit
  townB: TestUnit
  department: TestUnit
  roomA: { id: string; scene: string }
  roomB: { id: string; scene: string }
  convenerA: TestUser
  convenerB: TestUser
  member: TestUser
  officer: TestUser
  resident: TestUser
  author: TestUser
}

export async function meetingFixture(app: App): Promise<MeetingFixture> {
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const townA = await createTestUnit(app, '长东街道', 'town', district)
  const townB = await createTestUnit(app, '清河街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', townA)
  const department = await createTestUnit(app, '区住建局', 'department', district)
  const roomA = await createTestRoom(app, '永胜社区协商议事室', village)
  const roomB = await createTestRoom(app, '清河街道协商议事室', townB)
  const convenerA = await createTestUser(app, {
    displayName: '王召集',
    grants: [{ role: 'convener', roomId: roomA.id }],
  })
  const convenerB = await createTestUser(app, {
    displayName: '赵召集',
    grants: [{ role: 'convener', roomId: roomB.id }],
  })
  const member = await createTestUser(app, {
    displayName: '李委员',
    realName: '李秀英',
    phone: '13900000002',
    grants: [{ role: 'member', roomId: roomA.id }],
  })
  const officer = await createTestUser(app, {
    displayName: '住建局小周',
    grants: [{ role: 'dept_officer', unitId: department.id }],
  })
  const resident = await createTestUser(app, { displayName: '张阿姨' })
  const author = await createTestUser(app, { displayName: '提议人' })
  return {
    village,
    townB,
    department,
    roomA,
    roomB,
    convenerA,
    convenerB,
    member,
    officer,
    resident,
    author,
  }
}

export function topicIn(
  app: App,
  f: MeetingFixture,
  state: TopicState = 'consultation',
  title = '小区充电桩一直不通电',
  room: 'A' | 'B' = 'A',
): Promise<TopicDoc> {
  return createTestTopic(app, {
    room: room === 'A' ? f.roomA : f.roomB,
    unit: room === 'A' ? f.village : f.townB,
    authorId: f.author.id,
    state,
    title,
  })
}

const MINUTE = 60_000

/** A valid schedule body starting `inMinutes` from now, on site. */
export function meetingBody(
  topicIds: string[],
  inMinutes = 30,
  extra: Record<string, unknown> = {},
) {
  return {
    title: '充电桩通电协商会',
    form: 'on_site',
    startsAt: new Date(Date.now() + inMinutes * MINUTE).toISOString(),
    place: { address: '永胜小区 3 号楼前' },
    topicIds,
    invites: [],
    ...extra,
  }
}

export async function schedule(
  app: App,
  f: MeetingFixture,
  body: Record<string, unknown>,
  as: TestUser = f.convenerA,
  roomId: string = f.roomA.id,
) {
  return app.inject({
    method: 'POST',
    url: `/api/rooms/${roomId}/meetings`,
    headers: as.headers,
    payload: body,
  })
}
