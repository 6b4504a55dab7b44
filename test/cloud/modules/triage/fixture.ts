/**
 * The hierarchy the triage tests share: 清江浦区 (root) → 长东街道 → 永胜社区, plus 清河街道 → 清河村
 * (another subtree), each with a room, and two departments under the district. People: conveners of
 * each room, a town office, members on and off duty in the village room, department officers, a
 * resident and an admin.
 */
import type { App } from '../../../../cloud/src/app'
import { beijingWeekday } from '../../../../cloud/src/plugins/auth'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import {
  toObjectId,
  topicEventModel,
  type TopicEventDoc,
} from '../../../../cloud/src/modules/topics/model'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'
import { createTestTopic, type CreateTopicOptions } from '../../../helpers/topics'

export interface Room {
  id: string
  scene: string
}

export interface TriageFixture {
  district: TestUnit
  town: TestUnit
  village: TestUnit
  otherTown: TestUnit
  otherVillage: TestUnit
  transport: TestUnit
  housing: TestUnit
  districtRoom: Room
  townRoom: Room
  villageRoom: Room
  otherVillageRoom: Room
  admin: TestUser
  resident: TestUser
  villageConvener: TestUser
  villageConvener2: TestUser
  townConvener: TestUser
  districtConvener: TestUser
  otherConvener: TestUser
  townStaff: TestUser
  memberOnDuty: TestUser
  memberOffDuty: TestUser
  transportOfficer: TestUser
  housingOfficer: TestUser
}

export async function triageFixture(app: App): Promise<TriageFixture> {
  const district = await createTestUnit(app, '清江浦区', 'district')
  const town = await createTestUnit(app, '长东街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', town)
  const otherTown = await createTestUnit(app, '清河街道', 'town', district)
  const otherVillage = await createTestUnit(app, '清河村', 'village', otherTown)
  const transport = await createTestUnit(app, '区交通运输局', 'department', district)
  const housing = await createTestUnit(app, '区住房和城乡建设局', 'department', district)
  const districtRoom = await createTestRoom(app, '清江浦区协商议事室', district)
  const townRoom = await createTestRoom(app, '长东街道协商议事室', town)
  const otherVillageRoom = await createTestRoom(app, '清河村协商议事室', otherVillage)

  const villageRoom = await createTestRoom(app, '永胜社区协商议事室', village)
  const member = (displayName: string) =>
    createTestUser(app, { displayName, grants: [{ role: 'member', roomId: villageRoom.id }] })
  const memberOnDuty = await member('值班委员')
  const memberOffDuty = await member('休班委员')
  const today = beijingWeekday(new Date())
  await roomModel(app.db).updateOne(
    { _id: villageRoom.id },
    {
      $set: {
        duty: [
          { userId: toObjectId(memberOnDuty.id), weekday: today },
          { userId: toObjectId(memberOffDuty.id), weekday: (today % 7) + 1 },
        ],
      },
    },
  )

  const convenerOf = (room: Room, displayName: string) =>
    createTestUser(app, { displayName, grants: [{ role: 'convener', roomId: room.id }] })
  return {
    district,
    town,
    village,
    otherTown,
    otherVillage,
    transport,
    housing,
    districtRoom,
    townRoom,
    villageRoom,
    otherVillageRoom,
    admin: await createTestUser(app, { grants: [{ role: 'admin' }] }),
    resident: await createTestUser(app, { displayName: '居民' }),
    villageConvener: await convenerOf(villageRoom, '社区召集人'),
    villageConvener2: await convenerOf(villageRoom, '社区副召集人'),
    townConvener: await convenerOf(townRoom, '街道召集人'),
    districtConvener: await convenerOf(districtRoom, '区召集人'),
    otherConvener: await convenerOf(otherVillageRoom, '清河村召集人'),
    townStaff: await createTestUser(app, {
      displayName: '长东街道联席办',
      grants: [{ role: 'office_staff', unitId: town.id }],
    }),
    memberOnDuty,
    memberOffDuty,
    transportOfficer: await createTestUser(app, {
      displayName: '交通局联络员',
      grants: [{ role: 'dept_officer', unitId: transport.id }],
    }),
    housingOfficer: await createTestUser(app, {
      displayName: '住建局联络员',
      grants: [{ role: 'dept_officer', unitId: housing.id }],
    }),
  }
}

/** A topic in the village room (or elsewhere) in the given state, raised by the resident. */
export async function topicIn(
  app: App,
  fx: TriageFixture,
  state: TopicState,
  extra: Partial<CreateTopicOptions> = {},
): Promise<string> {
  const topic = await createTestTopic(app, {
    room: fx.villageRoom,
    unit: fx.village,
    authorId: fx.resident.id,
    state,
    ...extra,
  })
  return String(topic._id)
}

/** The topic's public timeline entries, oldest first. */
export async function publicTimeline(app: App, topicId: string): Promise<TopicEventDoc[]> {
  return topicEventModel(app.db)
    .find({ topicId: toObjectId(topicId), public: true })
    .sort({ at: 1, _id: 1 })
    .lean<TopicEventDoc[]>()
}

export function post(app: App, url: string, user: TestUser, payload?: unknown) {
  return app.inject({ method: 'POST', url, headers: user.headers, payload: payload as object })
}

export function get(app: App, url: string, user?: TestUser) {
  return app.inject({ method: 'GET', url, headers: user?.headers })
}
