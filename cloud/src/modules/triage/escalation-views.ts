/**
 * Reading escalations: the parent room's inbox (what was escalated into it, with the review clock)
 * and a topic's public history of levels (which room sent it where, and what each level decided).
 */
import type { Static } from '@sinclair/typebox'
import { Types, type Connection } from 'mongoose'
import { HIDDEN_STATES } from '../../../../shared/domain/topic-machine'
import { replyClock } from '../../../../shared/domain/triage-rules'
import { DomainError } from '../../../../shared/errors'
import { topicModel, type TopicDoc } from '../topics/model'
import { loadTopic } from '../topics/transition'
import { iso, refOf, roomRefs, type Ref } from './context'
import { escalationModel, type EscalationDoc, type EscalationStatus } from './model'
import type { EscalationLevelListSchema, RoomEscalationListSchema } from './schema'

export type EscalationLevel = Static<typeof EscalationLevelListSchema>['items'][number]
export type RoomEscalation = Static<typeof RoomEscalationListSchema>['items'][number]

function toLevel(entry: EscalationDoc, rooms: Map<string, Ref>): EscalationLevel {
  const level: EscalationLevel = {
    id: String(entry._id),
    level: entry.level,
    from: refOf(rooms, entry.fromRoomId),
    to: refOf(rooms, entry.toRoomId),
    status: entry.status,
    reason: entry.reason,
    createdAt: iso(entry.createdAt),
  }
  if (entry.decidedAt) level.decidedAt = iso(entry.decidedAt)
  if (entry.decisionReason) level.decisionReason = entry.decisionReason
  return level
}

/** A topic's hops up the hierarchy, oldest first (public, like the topic's timeline). */
export async function listTopicEscalations(
  db: Connection,
  topicId: string,
): Promise<EscalationLevel[]> {
  const topic = await loadTopic(db, topicId)
  if (HIDDEN_STATES.includes(topic.state)) throw new DomainError('NOT_FOUND', '找不到该议题')
  const entries = await escalationModel(db)
    .find({ topicId: topic._id })
    .sort({ createdAt: 1, _id: 1 })
    .lean<EscalationDoc[]>()
  const rooms = await roomRefs(
    db,
    entries.flatMap((entry) => [entry.fromRoomId, entry.toRoomId]),
  )
  return entries.map((entry) => toLevel(entry, rooms))
}

/** What was escalated into a room, oldest first; pending ones carry the review clock. */
export async function listRoomEscalations(
  db: Connection,
  roomId: string,
  query: { status?: EscalationStatus; limit: number },
  now: Date,
): Promise<RoomEscalation[]> {
  const filter: Record<string, unknown> = { toRoomId: new Types.ObjectId(roomId) }
  if (query.status) filter.status = query.status
  const entries = await escalationModel(db)
    .find(filter)
    .sort({ createdAt: 1, _id: 1 })
    .limit(query.limit)
    .lean<EscalationDoc[]>()
  const [rooms, topics] = await Promise.all([
    roomRefs(
      db,
      entries.flatMap((entry) => [entry.fromRoomId, entry.toRoomId]),
    ),
    topicModel(db)
      .find({ _id: { $in: entries.map((entry) => entry.topicId) } }, { title: 1, state: 1 })
      .lean<Array<Pick<TopicDoc, '_id' | 'title' | 'state'>>>(),
  ])
  const byId = new Map(topics.map((topic) => [String(topic._id), topic]))
  return entries.flatMap((entry) => {
    const topic = byId.get(String(entry.topicId))
    if (!topic) return []
    const clock = replyClock(entry.dueAt, entry.decidedAt ?? now)
    return [
      {
        ...toLevel(entry, rooms),
        topic: { id: String(topic._id), title: topic.title, state: topic.state },
        dueAt: iso(clock.dueAt),
        overdue: clock.overdue,
        workingDaysLeft: clock.workingDaysLeft,
      },
    ]
  })
}
