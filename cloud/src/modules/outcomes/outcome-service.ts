/**
 * Publishing a topic's outcome (协商成果) and reading it. Publishing checks that the topic's meeting
 * has begun (`findHeldMeetingForTopic` of the meetings module + `canPublishOutcome`), writes the plan
 * and its action items in the publish_outcome transaction, then assigns the items (交办 →
 * in_progress) — or, when nothing is left to do (no items, or only quick items settled at the
 * meeting), completes the work at once (→ awaiting_callback) and opens the call-back round.
 */
import { Types, type Connection } from 'mongoose'
import { actionDueAt } from '../../../../shared/domain/deadlines'
import { canPublishOutcome } from '../../../../shared/domain/follow-up-guards'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { findHeldMeetingForTopic } from '../meetings/service'
import { notificationTemplates } from '../notifications/announce'
import { announceActionAssigned } from '../notifications/announce-actions'
import { unitModel, type UnitDoc } from '../org/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { requestCallbacks } from './completion'
import { auditBase, currentOutcome, oid, outcomeItems, type Actor } from './load'
import { actionItemModel, outcomeModel, type ActionItemDoc, type OutcomeDoc } from './model'
import type { OutcomeView, PublishOutcomeBody } from './schema'
import { toPublicItem, unitNames } from './views'

type ItemInput = PublishOutcomeBody['actionItems'][number]

async function ownerUnits(db: Connection, items: readonly ItemInput[]) {
  const ids = [...new Set(items.map((item) => item.ownerUnitId))]
  const units = await unitModel(db)
    .find({ _id: { $in: ids } }, { ancestors: 1 })
    .lean<Array<Pick<UnitDoc, '_id' | 'ancestors'>>>()
  const byId = new Map(units.map((unit) => [String(unit._id), unit]))
  for (const id of ids) {
    if (!byId.has(id)) throw new DomainError('UNIT_NOT_FOUND', '找不到任务的责任单位', { id })
  }
  return byId
}

function dueDate(item: ItemInput, now: Date): Date {
  if (!item.dueAt) return actionDueAt(now, item.track)
  const due = new Date(item.dueAt)
  if (due.getTime() <= now.getTime()) throw new DomainError('DUE_DATE_IN_PAST')
  return due
}

export async function publishOutcome(
  db: Connection,
  actor: Actor,
  topicId: string,
  body: PublishOutcomeBody,
): Promise<OutcomeView> {
  const now = actor.ctx.now
  const topic = await loadTopic(db, topicId)
  const meeting = await findHeldMeetingForTopic(db, topicId)
  if (!meeting) throw new DomainError('MEETING_NOT_STARTED', '该议题还没有召开协商会，不能发布成果')
  const verdict = canPublishOutcome(topicFacts(topic), actor.ctx, {
    meetingStartsAt: meeting.startsAt,
  })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)

  const inputs = body.actionItems
  for (const input of inputs) {
    if (input.settledOnSpot && input.track !== 'quick') throw new DomainError('SETTLED_ONLY_QUICK')
  }
  const units = await ownerUnits(db, inputs)
  const outcomeId = new Types.ObjectId()
  const items: ActionItemDoc[] = inputs.map((input, index) => {
    const owner = units.get(input.ownerUnitId)
    const settled = input.settledOnSpot === true
    return {
      _id: new Types.ObjectId(),
      topicId: topic._id,
      outcomeId,
      roomId: topic.roomId,
      unitAncestors: topic.unitAncestors,
      ownerUnitId: oid(input.ownerUnitId),
      ownerUnitPath: [...(owner?.ancestors ?? []), oid(input.ownerUnitId)],
      title: input.title,
      detail: input.detail,
      track: input.track,
      dueAt: dueDate(input, now),
      status: settled ? 'done' : 'assigned',
      percent: settled ? 100 : 0,
      doneAt: settled ? now : undefined,
      updates: settled
        ? [{ at: now, byId: oid(actor.userId), percent: 100, note: '会上当场办结', photos: [] }]
        : [],
      reminders: [],
      // Keeps the agreed order when items share a millisecond.
      createdAt: new Date(now.getTime() + index),
    }
  })
  const outcome: OutcomeDoc = {
    _id: outcomeId,
    topicId: topic._id,
    meetingId: oid(meeting.id),
    plan: body.plan.trim(),
    publishedAt: now,
    publishedBy: oid(actor.userId),
  }

  await fireTopicEvent(db, {
    topicId,
    event: 'publish_outcome',
    actor: { userId: actor.userId, ctx: actor.ctx },
    expectState: topic.state,
    note: '协商成果已发布',
    data: { outcomeId: String(outcomeId), actionItems: items.length },
    within: async (session) => {
      await outcomeModel(db).create([outcome], { session })
      if (items.length > 0) await actionItemModel(db).insertMany(items, { session })
      await recordAudit(
        db,
        {
          ...auditBase(actor, topic),
          action: 'outcome.publish',
          target: { kind: 'topic', id: topicId },
          after: {
            outcomeId: String(outcomeId),
            plan: outcome.plan,
            items: items.map((item) => ({
              id: String(item._id),
              title: item.title,
              ownerUnitId: String(item.ownerUnitId),
              track: item.track,
              dueAt: item.dueAt,
              status: item.status,
            })),
          },
        },
        session,
      )
    },
  })

  const openItems = items.filter((item) => item.status !== 'done')
  const fireAs = { userId: actor.userId, ctx: actor.ctx }
  if (openItems.length > 0) {
    await fireTopicEvent(db, {
      topicId,
      event: 'assign_actions',
      actor: fireAs,
      expectState: 'outcome_published',
      note: `已交办 ${openItems.length} 项任务`,
      within: async (session, fired) => {
        await announceActionAssigned(db, notificationTemplates(db), session, {
          topic: fired.topic,
          items: openItems,
          actorId: actor.userId,
          at: now,
        })
      },
    })
  } else {
    await fireTopicEvent(db, {
      topicId,
      event: 'complete_actions',
      actor: fireAs,
      expectState: 'outcome_published',
      note: items.length > 0 ? '任务已在会上当场办结，进入回访' : '协商成果无需后续任务，进入回访',
      within: async (session, fired) => {
        await requestCallbacks(db, session, fired.topic, now)
      },
    })
  }
  return getOutcome(db, topicId, now)
}

/** The public outcome page: plan and items, with owner unit names and urgency; no person. */
export async function getOutcome(
  db: Connection,
  topicId: string,
  now = new Date(),
): Promise<OutcomeView> {
  const topic = await loadTopic(db, topicId)
  const outcome = await currentOutcome(db, topicId)
  if (!outcome) throw new DomainError('OUTCOME_NOT_FOUND')
  const items = await outcomeItems(db, outcome)
  const names = await unitNames(
    db,
    items.map((item) => item.ownerUnitId),
  )
  return {
    topicId,
    topicState: topic.state,
    meetingId: outcome.meetingId ? String(outcome.meetingId) : undefined,
    plan: outcome.plan,
    publishedAt: outcome.publishedAt.toISOString(),
    items: items.map((item) => toPublicItem(item, names, now)),
  }
}
