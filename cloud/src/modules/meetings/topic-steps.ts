/**
 * Moving the agenda's topics through the meeting events (schedule / reschedule / cancel) INSIDE the
 * meeting's own transaction.
 *
 * Why not `fireTopicEvent`: it opens its own transaction and takes no outer session, and one meeting
 * changes several topics at once. Chaining calls (or nesting them in `within`) would commit each topic
 * separately, so a second topic refusing the event would leave the first one moved and no meeting —
 * exactly what must not happen. So this file does, for each topic and in the caller's session, what
 * `fireTopicEvent` does: the shared guard (the same one the mini program uses), `nextState`, an update
 * conditioned on the state and version it read, and the `topic_events` timeline entry in the same
 * shape, and announces the change to the topic's people like `fireTopicEvent` does (skipping those
 * the meeting announcement already told). Should `fireTopicEvent` gain a `session` option, this file
 * can become a loop over it.
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import { nextState, type TopicEvent } from '../../../../shared/domain/topic-machine'
import type { TopicFacts } from '../../../../shared/domain/topic-rules'
import type { Verdict } from '../../../../shared/domain/verdict'
import { DomainError } from '../../../../shared/errors'
import { announceTopicChange, notificationTemplates } from '../notifications/announce'
import { invalidateRoomFeedWith } from '../topics/feed-cache'
import { topicEventModel, topicModel, toObjectId, type TopicDoc } from '../topics/model'
import { topicFacts } from '../topics/transition'

export type MeetingTopicEvent = Extract<
  TopicEvent,
  'schedule_meeting' | 'reschedule_meeting' | 'cancel_meeting'
>

export interface TopicStep {
  topic: TopicDoc
  event: MeetingTopicEvent
  actorId: string
  /** The shared guard for this event (e.g. `canScheduleMeeting`), judged on the topic as read. */
  guard: (facts: TopicFacts) => Verdict
  note?: string
  data?: Record<string, unknown>
  now: Date
  /** People the meeting's own announcement already told (its invitees). */
  announced?: readonly string[]
}

/** Topics by id, read in the session (so the transaction's snapshot is what the guard judges). */
export async function readTopics(
  db: Connection,
  session: ClientSession,
  ids: readonly Types.ObjectId[],
): Promise<TopicDoc[]> {
  const topics = await topicModel(db)
    .find({ _id: { $in: ids } })
    .session(session)
    .lean<TopicDoc[]>()
  const byId = new Map(topics.map((topic) => [String(topic._id), topic]))
  return ids.map((id) => byId.get(String(id))).filter((t): t is TopicDoc => t !== undefined)
}

/** One topic's transition and timeline entry, in the caller's transaction. */
export async function stepTopic(
  db: Connection,
  session: ClientSession,
  step: TopicStep,
): Promise<void> {
  const { topic, event, now } = step
  const verdict = step.guard(topicFacts(topic))
  if (!verdict.ok) throw new DomainError(verdict.code, `“${topic.title}”：${verdict.reason}`)
  const next = nextState(topic.state, event)
  if (!next.ok) throw new DomainError(next.code, `“${topic.title}”：${next.reason}`)
  const updated = await topicModel(db).updateOne(
    { _id: topic._id, state: topic.state, version: topic.version },
    { $set: { state: next.state, stateChangedAt: now }, $inc: { version: 1 } },
    { session },
  )
  if (updated.matchedCount !== 1) throw new DomainError('CONFLICT', '议题状态已变化，请刷新后重试')
  invalidateRoomFeedWith(session, topic.roomId)
  await topicEventModel(db).create(
    [
      {
        topicId: topic._id,
        at: now,
        actorId: toObjectId(step.actorId),
        event,
        from: topic.state,
        to: next.state,
        note: step.note,
        public: true,
        data: step.data,
      },
    ],
    { session },
  )
  await announceTopicChange(db, notificationTemplates(db), session, {
    topic: { ...topic, state: next.state, stateChangedAt: now, version: topic.version + 1 },
    from: topic.state,
    to: next.state,
    event,
    note: step.note,
    actorId: step.actorId,
    exclude: step.announced,
    at: now,
  })
}
