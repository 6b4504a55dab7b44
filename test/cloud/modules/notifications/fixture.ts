/**
 * The notifications tests' world: 清江浦区 → 长东街道 → 永胜社区 with a room, a district department
 * (区住建局) with an officer, the room's convener and an attached member, a resident who raises
 * topics, two supporters and a bystander. Helpers read what a person was told.
 */
import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import {
  notificationModel,
  outboxModel,
  type NotificationDoc,
  type OutboxDoc,
} from '../../../../cloud/src/modules/notifications/model'
import { supportModel, type TopicDoc } from '../../../../cloud/src/modules/topics/model'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import type { NotificationKind } from '../../../../shared/notifications/kinds'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'

export interface World {
  village: TestUnit
  department: TestUnit
  room: { id: string; scene: string }
  convener: TestUser
  member: TestUser
  officer: TestUser
  author: TestUser
  supporters: TestUser[]
  bystander: TestUser
}

export async function world(app: App): Promise<World> {
  const district = await createTestUnit(app, '清江浦区', 'district')
  const town = await createTestUnit(app, '长东街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', town)
  const department = await createTestUnit(app, '区住建局', 'department', district)
  const room = await createTestRoom(app, '永胜社区协商议事室', village)
  return {
    village,
    department,
    room,
    convener: await createTestUser(app, {
      displayName: '王召集',
      grants: [{ role: 'convener', roomId: room.id }],
    }),
    member: await createTestUser(app, {
      displayName: '李委员',
      grants: [{ role: 'member', roomId: room.id }],
    }),
    officer: await createTestUser(app, {
      displayName: '住建局小周',
      grants: [{ role: 'dept_officer', unitId: department.id }],
    }),
    author: await createTestUser(app, { displayName: '提议居民' }),
    supporters: [
      await createTestUser(app, { displayName: '附议居民甲' }),
      await createTestUser(app, { displayName: '附议居民乙' }),
    ],
    bystander: await createTestUser(app, { displayName: '路过居民' }),
  }
}

/** A topic of the author in the room, in `state`, supported by the world's supporters. */
export async function supportedTopic(
  app: App,
  w: World,
  state: TopicState,
  title = '小区充电桩一直不通电',
): Promise<TopicDoc> {
  const topic = await createTestTopic(app, {
    room: w.room,
    unit: w.village,
    authorId: w.author.id,
    state,
    title,
  })
  await supportModel(app.db).insertMany(
    w.supporters.map((user) => ({
      topicId: topic._id,
      userId: new Types.ObjectId(user.id),
      createdAt: new Date(),
    })),
  )
  return topic
}

/** What a person was told in the app (optionally of one kind), oldest first. */
export function toldIn(
  app: App,
  user: TestUser,
  kind?: NotificationKind,
): Promise<NotificationDoc[]> {
  return notificationModel(app.db)
    .find({ userId: new Types.ObjectId(user.id), ...(kind ? { kind } : {}) })
    .sort({ createdAt: 1, _id: 1 })
    .lean<NotificationDoc[]>()
}

/** Notifications and outbox entries of an event key prefix (e.g. `topic:<id>:`). */
export async function written(app: App, prefix: string) {
  const match = { dedupeKey: { $regex: `^${prefix}` } }
  const [inApp, outbox] = await Promise.all([
    notificationModel(app.db).find(match).lean<NotificationDoc[]>(),
    outboxModel(app.db).find(match).lean<OutboxDoc[]>(),
  ])
  return { inApp, outbox, users: [...new Set(inApp.map((row) => String(row.userId)))].sort() }
}

export const ids = (...users: TestUser[]) => users.map((user) => user.id).sort()
