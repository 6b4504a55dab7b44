/**
 * The outcomes tests' world: 淮安市 → 清江浦区 → 长东街道 → 永胜社区 with a room there, a second room
 * in 清河街道, three district departments (住建局, 城管局, 水利局), and the people of the pipeline
 * (convener, office staff, attached members, department officers, a petitioner and supporters).
 * `meetingTopic` inserts a topic in meeting_scheduled with a meeting that has already begun.
 */
import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { meetingModel } from '../../../../cloud/src/modules/meetings/model'
import type { RoleGrant } from '../../../../shared/domain/permissions'
import { supportModel, type TopicDoc } from '../../../../cloud/src/modules/topics/model'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'

export interface OutcomesFixture {
  district: TestUnit
  town: TestUnit
  village: TestUnit
  townB: TestUnit
  housing: TestUnit
  cityMgmt: TestUnit
  water: TestUnit
  room: { id: string; scene: string }
  roomB: { id: string; scene: string }
  convener: TestUser
  townStaff: TestUser
  member: TestUser
  memberB: TestUser
  housingOfficer: TestUser
  cityMgmtOfficer: TestUser
  waterOfficer: TestUser
  petitioner: TestUser
  supporters: TestUser[]
  bystander: TestUser
}

export async function outcomesFixture(app: App): Promise<OutcomesFixture> {
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const town = await createTestUnit(app, '长东街道', 'town', district)
  const townB = await createTestUnit(app, '清河街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', town)
  const housing = await createTestUnit(app, '清江浦区住建局', 'department', district)
  const cityMgmt = await createTestUnit(app, '清江浦区城管局', 'department', district)
  const water = await createTestUnit(app, '清江浦区水利局', 'department', district)
  const room = await createTestRoom(app, '永胜社区协商议事室', village)
  const roomB = await createTestRoom(app, '清河街道协商议事室', townB)
  const user = (displayName: string, grants: RoleGrant[]) =>
    createTestUser(app, { displayName, grants })
  return {
    district,
    town,
    village,
    townB,
    housing,
    cityMgmt,
    water,
    room,
    roomB,
    convener: await user('王召集', [{ role: 'convener', roomId: room.id }]),
    townStaff: await user('长东街道联席办', [{ role: 'office_staff', unitId: town.id }]),
    member: await user('李委员', [{ role: 'member', roomId: room.id }]),
    memberB: await user('赵委员', [{ role: 'member', roomId: roomB.id }]),
    housingOfficer: await user('住建局小张', [{ role: 'dept_officer', unitId: housing.id }]),
    cityMgmtOfficer: await user('城管局小刘', [{ role: 'dept_officer', unitId: cityMgmt.id }]),
    waterOfficer: await user('水利局小陈', [{ role: 'dept_officer', unitId: water.id }]),
    petitioner: await user('永胜小区居民', []),
    supporters: [await user('附议居民甲', []), await user('附议居民乙', [])],
    bystander: await user('路过居民', []),
  }
}

/** A topic in meeting_scheduled whose meeting began an hour ago, with the fixture's supporters. */
export async function meetingTopic(
  app: App,
  fx: OutcomesFixture,
  options: { meetingStartsAt?: Date; withMeeting?: boolean } = {},
): Promise<TopicDoc> {
  const topic = await createTestTopic(app, {
    room: fx.room,
    unit: fx.village,
    authorId: fx.petitioner.id,
    state: 'meeting_scheduled',
  })
  if (options.withMeeting !== false) {
    const startsAt = options.meetingStartsAt ?? new Date(Date.now() - 3600_000)
    await meetingModel(app.db).create({
      roomId: new Types.ObjectId(fx.room.id),
      unitId: new Types.ObjectId(fx.village.id),
      unitAncestors: [...fx.village.ancestors, fx.village.id].map((id) => new Types.ObjectId(id)),
      title: '永胜小区充电桩协商会',
      form: 'on_site',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      place: { address: '永胜小区 3 号楼南侧' },
      agenda: [{ topicId: topic._id, order: 1 }],
      status: startsAt.getTime() < Date.now() ? 'held' : 'scheduled',
      checkinCode: '123456',
      checkinOpensAt: new Date(startsAt.getTime() - 1800_000),
      checkinClosesAt: new Date(startsAt.getTime() + 3600_000),
      createdBy: new Types.ObjectId(fx.convener.id),
    })
  }
  await supportModel(app.db).insertMany(
    fx.supporters.map((supporter) => ({
      topicId: topic._id,
      userId: new Types.ObjectId(supporter.id),
      createdAt: new Date(),
    })),
  )
  return topic
}

export interface PublishedItem {
  id: string
  ownerUnit: { id: string; name: string }
  status: string
}

/** Publishes the usual two-item outcome (住建局 coordinates, 城管局 settles quickly) as the convener. */
export async function publishTwoItems(
  app: App,
  fx: OutcomesFixture,
  topicId: string,
): Promise<PublishedItem[]> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/topics/${topicId}/outcome`,
    headers: fx.convener.headers,
    payload: {
      plan: '由区住建局协调供电公司为充电桩开户通电，城管局清理充电区域的违停车辆。',
      actionItems: [
        { title: '协调供电公司开户通电', ownerUnitId: fx.housing.id, track: 'coordinated' },
        { title: '清理充电区域违停车辆', ownerUnitId: fx.cityMgmt.id, track: 'quick' },
      ],
    },
  })
  if (res.statusCode !== 201) throw new Error(`publish failed: ${res.statusCode} ${res.body}`)
  return (res.json() as { items: PublishedItem[] }).items
}

export function progress(
  app: App,
  officer: TestUser,
  itemId: string,
  payload: { percent: number; note: string; photoKeys?: string[] },
) {
  return app.inject({
    method: 'POST',
    url: `/api/action-items/${itemId}/progress`,
    headers: officer.headers,
    payload,
  })
}
