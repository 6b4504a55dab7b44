/**
 * The one way a topic changes state. It checks the event against the shared state machine and guards
 * (the same code the mini program uses to show buttons), applies the change conditioned on the state
 * and version it read (so two staff acting at once cannot both win), and writes the timeline entry in
 * the same transaction. Modules add their own fields (`set`) and side writes (`within`) to the same
 * transaction — the notification outbox (issue 6) hooks in here.
 */
import type { ClientSession, Connection } from 'mongoose'
import { canFire } from '../../../../shared/domain/event-guard'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import {
  nextState,
  type TopicEvent,
  type TopicState,
} from '../../../../shared/domain/topic-machine'
import type { GuardContext, TopicFacts } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { announceTopicChange, notificationTemplates } from '../notifications/announce'
import { invalidateRoomFeedWith } from './feed-cache'
import { topicEventModel, topicModel, toObjectId, type TopicDoc } from './model'

export function topicFacts(topic: TopicDoc): TopicFacts {
  const facts: TopicFacts = {
    state: topic.state,
    authorId: String(topic.authorId),
    onBehalf: topic.onBehalf,
    roomId: String(topic.roomId),
    unitId: String(topic.unitId),
    createdAt: topic.createdAt,
  }
  if (topic.petitionerId) facts.petitionerId = String(topic.petitionerId)
  if (topic.departmentUnitId) facts.departmentUnitId = String(topic.departmentUnitId)
  if (topic.closedAt) facts.closedAt = topic.closedAt
  return facts
}

export function topicScope(topic: TopicDoc): ResourceScope {
  const scope: ResourceScope = { roomId: String(topic.roomId), unitId: String(topic.unitId) }
  if (topic.departmentUnitId) scope.departmentUnitId = String(topic.departmentUnitId)
  return scope
}

const CLOSING: readonly TopicState[] = ['closed', 'closed_explained', 'closed_answered']

export interface FireOptions {
  topicId: string
  event: TopicEvent
  /** The acting user's guard context, or 'system' for automatic events (threshold, all done). */
  actor: { userId: string; ctx: GuardContext } | 'system'
  /** Scope to judge the actor in when it differs from the topic's (the parent room accepting). */
  resource?: ResourceScope
  /** Extra fields set with the state change (e.g. the reply). */
  set?: Record<string, unknown>
  /** Timeline text: public unless `notePublic` is false. */
  note?: string
  notePublic?: boolean
  data?: Record<string, unknown>
  /** More writes in the same transaction (e.g. an escalation record, outbox entries). */
  within?: (session: ClientSession, result: FireResult) => Promise<void>
  /** Refuse unless the topic is in this state (the client saw it in this state). */
  expectState?: TopicState
}

export interface FireResult {
  topic: TopicDoc
  from: TopicState
  to: TopicState
}

/** Loads a topic or throws NOT_FOUND. */
export async function loadTopic(db: Connection, topicId: string): Promise<TopicDoc> {
  const topic = await topicModel(db).findById(toObjectId(topicId)).lean<TopicDoc>()
  if (!topic) throw new DomainError('NOT_FOUND', '找不到该议题')
  return topic
}

export async function fireTopicEvent(db: Connection, options: FireOptions): Promise<FireResult> {
  const Topics = topicModel(db)
  const Events = topicEventModel(db)
  let result: FireResult | undefined
  await db.transaction(async (session) => {
    const topic = await Topics.findById(toObjectId(options.topicId))
      .session(session)
      .lean<TopicDoc>()
    if (!topic) throw new DomainError('NOT_FOUND', '找不到该议题')
    if (options.expectState && topic.state !== options.expectState) {
      throw new DomainError('CONFLICT', '议题状态已变化，请刷新后重试')
    }
    if (options.actor === 'system') {
      const next = nextState(topic.state, options.event)
      if (!next.ok) throw new DomainError(next.code, next.reason)
    } else {
      const verdict = canFire(topicFacts(topic), options.event, options.actor.ctx, options.resource)
      if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
    }
    const next = nextState(topic.state, options.event)
    if (!next.ok) throw new DomainError(next.code, next.reason)
    const now = new Date()
    const set: Record<string, unknown> = { state: next.state, stateChangedAt: now, ...options.set }
    if (CLOSING.includes(next.state)) set.closedAt = now
    const updated = await Topics.findOneAndUpdate(
      { _id: topic._id, state: topic.state, version: topic.version },
      { $set: set, $inc: { version: 1 } },
      { session, returnDocument: 'after' },
    ).lean<TopicDoc>()
    // Someone else changed it between our read and write (outside a transaction-aware path).
    if (!updated) throw new DomainError('CONFLICT')
    // Both rooms' feeds: an accepted escalation moves the topic to the parent room.
    invalidateRoomFeedWith(session, topic.roomId)
    invalidateRoomFeedWith(session, updated.roomId)
    await Events.create(
      [
        {
          topicId: topic._id,
          at: now,
          actorId: options.actor === 'system' ? null : toObjectId(options.actor.userId),
          event: options.event,
          from: topic.state,
          to: next.state,
          note: options.note,
          public: options.notePublic ?? true,
          data: options.data,
        },
      ],
      { session },
    )
    result = { topic: updated, from: topic.state, to: next.state }
    await announceTopicChange(db, notificationTemplates(db), session, {
      ...result,
      event: options.event,
      note: options.note,
      notePublic: options.notePublic,
      actorId: options.actor === 'system' ? null : options.actor.userId,
      at: now,
    })
    if (options.within) await options.within(session, result)
  })
  if (!result) throw new Error('fireTopicEvent: transaction finished without a result')
  return result
}
