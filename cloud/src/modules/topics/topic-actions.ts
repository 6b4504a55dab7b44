/**
 * Reading one topic and the generic actions on it: the author withdraws it (撤回), a moderator
 * approves, rejects or restores it (内容审核), the convener takes it up for screening (受理研判).
 * Every state change goes through `fireTopicEvent`; staff actions write their audit entry inside
 * the same transaction.
 */
import type { Connection } from 'mongoose'
import type { TopicEvent } from '../../../../shared/domain/topic-machine'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { auditUnit, type Caller } from './caller'
import type { TopicDoc } from './model'
import type { ReviewBody, TopicView } from './schema'
import { fireTopicEvent, loadTopic, topicScope } from './transition'
import { callerStanding, toTopicView, visibleStanding } from './topic-view'

export async function getTopic(
  db: Connection,
  caller: Caller | null,
  topicId: string,
): Promise<TopicView> {
  const topic = await loadTopic(db, topicId)
  return toTopicView(db, topic, caller, await visibleStanding(topic, caller))
}

async function viewAfter(db: Connection, caller: Caller, topic: TopicDoc): Promise<TopicView> {
  const standing = await callerStanding(topic, caller)
  return toTopicView(db, topic, caller, standing)
}

/** The author withdraws their topic before the room has replied (the machine allows it until then). */
export async function withdrawTopic(
  db: Connection,
  caller: Caller,
  topicId: string,
  reason?: string,
): Promise<TopicView> {
  const topic = await loadTopic(db, topicId)
  const standing = await callerStanding(topic, caller)
  const note = reason?.trim()
  const { topic: updated } = await fireTopicEvent(db, {
    topicId,
    event: 'withdraw',
    actor: { userId: caller.userId, ctx: standing.ctx },
    note: note || undefined,
  })
  // Supporters hear of the withdrawal through fireTopicEvent's announcement.
  return viewAfter(db, caller, updated)
}

interface StaffAction {
  event: TopicEvent
  action: string
  note?: string
  notePublic?: boolean
  data?: Record<string, unknown>
}

/** A staff member fires `event` (the guard checks their permission in the topic's scope); audited. */
async function staffFire(
  db: Connection,
  caller: Caller,
  topicId: string,
  step: StaffAction,
): Promise<TopicView> {
  const topic = await loadTopic(db, topicId)
  const ctx = await caller.contextIn(topicScope(topic))
  const { topic: updated } = await fireTopicEvent(db, {
    topicId,
    event: step.event,
    actor: { userId: caller.userId, ctx },
    note: step.note,
    notePublic: step.notePublic,
    data: step.data,
    within: async (session, result) => {
      await recordAudit(
        db,
        {
          actorId: caller.userId,
          action: step.action,
          target: { kind: 'topic', id: topicId },
          unit: auditUnit(result.topic),
          before: { state: result.from },
          after: { state: result.to, note: step.note ?? null },
          requestId: caller.requestId,
          ip: caller.ip,
        },
        session,
      )
    },
  })
  return viewAfter(db, caller, updated)
}

/**
 * Content review: approve a held topic, reject one (the reason is shown to its author), or restore
 * a mistaken rejection.
 */
export async function reviewTopic(
  db: Connection,
  caller: Caller,
  topicId: string,
  body: ReviewBody,
): Promise<TopicView> {
  const reason = body.reason?.trim() || undefined
  if (body.decision === 'reject' && !reason) {
    throw new DomainError('REASON_REQUIRED', '不予通过时请填写原因，提出人会看到')
  }
  const view = await staffFire(db, caller, topicId, {
    event: body.decision,
    action: `topic.review.${body.decision}`,
    note: reason,
  })
  // The author hears of the decision through fireTopicEvent's announcement.
  return view
}

/** The convener takes an open topic up for screening (受理研判), before the threshold does. */
export async function startScreening(
  db: Connection,
  caller: Caller,
  topicId: string,
  note?: string,
): Promise<TopicView> {
  const view = await staffFire(db, caller, topicId, {
    event: 'start_screening',
    action: 'topic.screening.start',
    note: note?.trim() || undefined,
  })
  // The author and supporters hear of it through fireTopicEvent's announcement.
  return view
}
