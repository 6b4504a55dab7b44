/**
 * The reply clock as staff see it: a room's queue of topics still owed a four-step reply (its own
 * open, screening and researching topics plus those escalated into it), oldest due first, and the
 * supervision list (督办) of overdue ones across the rooms a caller oversees, counted per room.
 */
import type { Static } from '@sinclair/typebox'
import { Types, type Connection } from 'mongoose'
import {
  replyClock,
  replyLimits,
  type UndecidedState,
} from '../../../../shared/domain/triage-rules'
import { DomainError } from '../../../../shared/errors'
import { unitModel } from '../org/model'
import { topicModel, type TopicDoc } from '../topics/model'
import { iso, loadRoom, receivedAtFor, refOf, roomRefs, type Ref } from './context'
import {
  consultationModel,
  escalationModel,
  type ConsultationDoc,
  type EscalationDoc,
} from './model'
import type { ReplySupervisionSchema, RoomQueueSchema } from './schema'

/** The room's own undecided states; `escalated_up` topics are queued in the room they went to. */
const OWN_STATES: readonly UndecidedState[] = ['open', 'screening', 'researching']

type QueueTopic = Pick<
  TopicDoc,
  | '_id'
  | 'title'
  | 'category'
  | 'source'
  | 'state'
  | 'supportCount'
  | 'createdAt'
  | 'replyDueAt'
  | 'roomId'
  | 'departmentUnitId'
>
const QUEUE_FIELDS = {
  title: 1,
  category: 1,
  source: 1,
  state: 1,
  supportCount: 1,
  createdAt: 1,
  replyDueAt: 1,
  roomId: 1,
  departmentUnitId: 1,
}

/**
 * `receivedAt`: when this room received it (creation, or arrival from another room); `limits`: each
 * step's own limit from then (the room's own topics only).
 */
export type RoomQueue = Static<typeof RoomQueueSchema>
type QueueItem = RoomQueue['items'][number]

export async function getRoomQueue(
  db: Connection,
  roomId: string,
  query: { state?: UndecidedState; limit: number },
  now: Date,
): Promise<RoomQueue> {
  const room = await loadRoom(db, new Types.ObjectId(roomId))
  const ownStates = OWN_STATES.filter((state) => !query.state || state === query.state)
  const wantIncoming = !query.state || query.state === 'escalated_up'
  const Topics = topicModel(db)
  const [own, incoming] = await Promise.all([
    ownStates.length === 0
      ? []
      : Topics.find({ roomId: room._id, state: { $in: ownStates } }, QUEUE_FIELDS)
          .sort({ replyDueAt: 1, _id: 1 })
          .limit(query.limit)
          .lean<QueueTopic[]>(),
    wantIncoming
      ? escalationModel(db)
          .find({ toRoomId: room._id, status: 'pending' })
          .sort({ dueAt: 1, _id: 1 })
          .limit(query.limit)
          .lean<EscalationDoc[]>()
      : [],
  ])
  const incomingTopics =
    incoming.length === 0
      ? []
      : await Topics.find(
          { _id: { $in: incoming.map((entry) => entry.topicId) }, state: 'escalated_up' },
          QUEUE_FIELDS,
        ).lean<QueueTopic[]>()
  const researching = own.filter((topic) => topic.state === 'researching').map((t) => t._id)
  const [received, consultations, senders] = await Promise.all([
    receivedAtFor(db, own),
    researching.length === 0
      ? []
      : consultationModel(db)
          .find({ topicId: { $in: researching } })
          .sort({ askedAt: 1 })
          .lean<ConsultationDoc[]>(),
    roomRefs(
      db,
      incoming.map((entry) => entry.fromRoomId),
    ),
  ])
  const departments = await departmentNames(db, consultations)
  const latestConsultation = new Map(consultations.map((entry) => [String(entry.topicId), entry]))

  const items: QueueItem[] = own.map((topic) => {
    const receivedAt = received.get(String(topic._id)) ?? topic.createdAt
    const limits = replyLimits(receivedAt)
    const item: QueueItem = {
      ...base(topic, topic.replyDueAt, now),
      receivedAt: iso(receivedAt),
      limits: {
        explain: iso(limits.explain),
        answer: iso(limits.answer),
        research: iso(limits.research),
        escalate: iso(limits.escalate),
      },
    }
    const consultation = latestConsultation.get(String(topic._id))
    if (consultation) {
      const id = String(consultation.departmentUnitId)
      item.consultation = {
        department: departments.get(id) ?? { id, name: '（已删除的部门）' },
        answered: consultation.answeredAt !== undefined,
      }
    }
    return item
  })
  const byTopic = new Map(incomingTopics.map((topic) => [String(topic._id), topic]))
  for (const entry of incoming) {
    const topic = byTopic.get(String(entry.topicId))
    if (!topic) continue
    items.push({
      ...base(topic, entry.dueAt, now),
      receivedAt: iso(entry.createdAt),
      escalation: {
        id: String(entry._id),
        from: refOf(senders, entry.fromRoomId),
        reason: entry.reason,
        level: entry.level,
      },
    })
  }
  items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
  return { room: { id: String(room._id), name: room.name }, items: items.slice(0, query.limit) }
}

function base(topic: QueueTopic, dueAt: Date, now: Date) {
  const clock = replyClock(dueAt, now)
  return {
    id: String(topic._id),
    title: topic.title,
    category: topic.category,
    source: topic.source,
    state: topic.state,
    supportCount: topic.supportCount,
    createdAt: iso(topic.createdAt),
    dueAt: iso(clock.dueAt),
    overdue: clock.overdue,
    workingDaysLeft: clock.workingDaysLeft,
  }
}

async function departmentNames(
  db: Connection,
  consultations: readonly ConsultationDoc[],
): Promise<Map<string, Ref>> {
  if (consultations.length === 0) return new Map()
  const ids = [...new Set(consultations.map((entry) => String(entry.departmentUnitId)))]
  const units = await unitModel(db)
    .find({ _id: { $in: ids } }, { name: 1 })
    .lean<Array<{ _id: Types.ObjectId; name: string }>>()
  return new Map(units.map((unit) => [String(unit._id), { id: String(unit._id), name: unit.name }]))
}

/** Where a caller supervises: `unitIds` null = everywhere (admin), plus rooms held by room grants. */
export interface SupervisionScope {
  unitIds: readonly string[] | null
  roomIds: readonly string[]
}

export type ReplySupervision = Static<typeof ReplySupervisionSchema>
type SupervisionItem = ReplySupervision['topics'][number]

function scopeMatch(
  scope: SupervisionScope,
  unitField: string,
  roomField: string,
): Record<string, unknown> | null {
  if (scope.unitIds === null) return null
  const oid = (id: string) => new Types.ObjectId(id)
  return {
    $or: [
      { [unitField]: { $in: scope.unitIds.map(oid) } },
      { [roomField]: { $in: scope.roomIds.map(oid) } },
    ],
  }
}

function filterOf(
  base: Record<string, unknown>,
  scope: SupervisionScope,
  unitId: string | undefined,
  unitField: string,
  roomField: string,
): Record<string, unknown> {
  const parts: Array<Record<string, unknown>> = [base]
  const inScope = scopeMatch(scope, unitField, roomField)
  if (inScope) parts.push(inScope)
  if (unitId) parts.push({ [unitField]: new Types.ObjectId(unitId) })
  return { $and: parts }
}

interface RoomCount {
  _id: Types.ObjectId
  count: number
  oldest: Date
}

/**
 * Overdue replies the caller supervises: the rooms' own undecided topics past `replyDueAt`, and
 * escalations the parent room has not accepted or returned in time (counted for the parent room).
 */
export async function getReplySupervision(
  db: Connection,
  scope: SupervisionScope,
  query: { unitId?: string; limit: number },
  now: Date,
): Promise<ReplySupervision> {
  if (query.unitId && !(await unitModel(db).exists({ _id: query.unitId }))) {
    throw new DomainError('UNIT_NOT_FOUND')
  }
  const topicFilter = filterOf(
    { state: { $in: OWN_STATES }, replyDueAt: { $lt: now } },
    scope,
    query.unitId,
    'unitAncestors',
    'roomId',
  )
  const escalationFilter = filterOf(
    { status: 'pending', dueAt: { $lt: now } },
    scope,
    query.unitId,
    'toUnitAncestors',
    'toRoomId',
  )
  const Topics = topicModel(db)
  const Escalations = escalationModel(db)
  const [topicCounts, escalationCounts, late, lateEscalations] = await Promise.all([
    Topics.aggregate<RoomCount>([
      { $match: topicFilter },
      { $group: { _id: '$roomId', count: { $sum: 1 }, oldest: { $min: '$replyDueAt' } } },
    ]),
    Escalations.aggregate<RoomCount>([
      { $match: escalationFilter },
      { $group: { _id: '$toRoomId', count: { $sum: 1 }, oldest: { $min: '$dueAt' } } },
    ]),
    Topics.find(topicFilter, { title: 1, state: 1, roomId: 1, replyDueAt: 1 })
      .sort({ replyDueAt: 1, _id: 1 })
      .limit(query.limit)
      .lean<Array<Pick<TopicDoc, '_id' | 'title' | 'state' | 'roomId' | 'replyDueAt'>>>(),
    Escalations.find(escalationFilter, { topicId: 1, toRoomId: 1, dueAt: 1 })
      .sort({ dueAt: 1, _id: 1 })
      .limit(query.limit)
      .lean<EscalationDoc[]>(),
  ])
  const escalatedTopics =
    lateEscalations.length === 0
      ? []
      : await Topics.find(
          { _id: { $in: lateEscalations.map((entry) => entry.topicId) } },
          { title: 1, state: 1 },
        ).lean<Array<Pick<TopicDoc, '_id' | 'title' | 'state'>>>()
  const counts = mergeCounts([...topicCounts, ...escalationCounts])
  const rooms = await roomRefs(
    db,
    [...counts.keys()].map((id) => new Types.ObjectId(id)),
  )

  const items: SupervisionItem[] = late.map((topic) => ({
    id: String(topic._id),
    title: topic.title,
    state: topic.state,
    room: refOf(rooms, topic.roomId),
    dueAt: iso(topic.replyDueAt),
    workingDaysLeft: replyClock(topic.replyDueAt, now).workingDaysLeft,
  }))
  const titles = new Map(escalatedTopics.map((topic) => [String(topic._id), topic]))
  for (const entry of lateEscalations) {
    const topic = titles.get(String(entry.topicId))
    if (!topic) continue
    items.push({
      id: String(topic._id),
      title: topic.title,
      state: topic.state,
      room: refOf(rooms, entry.toRoomId),
      dueAt: iso(entry.dueAt),
      workingDaysLeft: replyClock(entry.dueAt, now).workingDaysLeft,
    })
  }
  items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
  const perRoom = [...counts.entries()]
    .map(([id, entry]) => ({
      room: refOf(rooms, new Types.ObjectId(id)),
      overdue: entry.count,
      oldestDueAt: iso(entry.oldest),
    }))
    .sort((a, b) => b.overdue - a.overdue || a.oldestDueAt.localeCompare(b.oldestDueAt))
  return {
    total: perRoom.reduce((sum, entry) => sum + entry.overdue, 0),
    rooms: perRoom,
    topics: items.slice(0, query.limit),
  }
}

function mergeCounts(rows: readonly RoomCount[]): Map<string, { count: number; oldest: Date }> {
  const merged = new Map<string, { count: number; oldest: Date }>()
  for (const row of rows) {
    const id = String(row._id)
    const current = merged.get(id)
    const oldest = new Date(row.oldest)
    if (!current) merged.set(id, { count: row.count, oldest })
    else {
      current.count += row.count
      if (oldest < current.oldest) current.oldest = oldest
    }
  }
  return merged
}
