/**
 * After a topic was reopened (not solved at call-back): the room either resumes the agreed work —
 * the chosen items (by default all of the current outcome's) go back to the owner units with a fresh
 * deadline by track and their progress restarted at 0 — or screens the topic again (rescreen), which
 * may lead to another meeting and a new outcome.
 */
import type { Connection } from 'mongoose'
import { actionDueAt } from '../../../../shared/domain/deadlines'
import { canResumeActions } from '../../../../shared/domain/follow-up-guards'
import { canFire } from '../../../../shared/domain/event-guard'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { notificationTemplates } from '../notifications/announce'
import { announceActionAssigned } from '../notifications/announce-actions'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { auditBase, currentOutcome, oid, outcomeItems, type Actor } from './load'
import { actionItemModel } from './model'
import type { ResumeBody } from './schema'

export interface TopicStateResult {
  topicId: string
  topicState: TopicState
}

export async function resumeActions(
  db: Connection,
  actor: Actor,
  topicId: string,
  body: ResumeBody,
): Promise<TopicStateResult> {
  const now = actor.ctx.now
  const topic = await loadTopic(db, topicId)
  const outcome = await currentOutcome(db, topicId)
  const items = outcome ? await outcomeItems(db, outcome) : []
  const verdict = canResumeActions(topicFacts(topic), actor.ctx, {
    hasActionItems: items.length > 0,
  })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const wanted = body.itemIds ? new Set(body.itemIds) : null
  const chosen = wanted ? items.filter((item) => wanted.has(String(item._id))) : items
  if (wanted && chosen.length !== wanted.size) throw new DomainError('ACTION_ITEM_NOT_FOUND')
  const note = body.note?.trim() || '议题重新办理'
  const result = await fireTopicEvent(db, {
    topicId,
    event: 'resume_actions',
    actor: { userId: actor.userId, ctx: actor.ctx },
    expectState: 'reopened',
    note: `重新交办 ${chosen.length} 项任务：${note}`,
    within: async (session, fired) => {
      await actionItemModel(db).bulkWrite(
        chosen.map((item) => ({
          updateOne: {
            filter: { _id: item._id },
            update: {
              $set: { status: 'in_progress', percent: 0, dueAt: actionDueAt(now, item.track) },
              $unset: { doneAt: '', escalatedAt: '', escalatedToUnitId: '' },
              $push: {
                updates: { at: now, byId: oid(actor.userId), percent: 0, note, photos: [] },
              },
            },
          },
        })),
        { session },
      )
      await recordAudit(
        db,
        {
          ...auditBase(actor, topic),
          action: 'action_items.resume',
          target: { kind: 'topic', id: topicId },
          after: { itemIds: chosen.map((item) => String(item._id)), note },
        },
        session,
      )
      await announceActionAssigned(db, notificationTemplates(db), session, {
        topic: fired.topic,
        items: chosen.map((item) => ({ ...item, dueAt: actionDueAt(now, item.track) })),
        again: true,
        actorId: actor.userId,
        at: now,
      })
    },
  })
  return { topicId, topicState: result.to }
}

export async function rescreenTopic(
  db: Connection,
  actor: Actor,
  topicId: string,
  body: { note?: string },
): Promise<TopicStateResult> {
  const topic = await loadTopic(db, topicId)
  const verdict = canFire(topicFacts(topic), 'rescreen', actor.ctx)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const note = body.note?.trim() || '议题重新研判'
  const result = await fireTopicEvent(db, {
    topicId,
    event: 'rescreen',
    actor: { userId: actor.userId, ctx: actor.ctx },
    expectState: 'reopened',
    note,
    within: async (session) => {
      await recordAudit(
        db,
        {
          ...auditBase(actor, topic),
          action: 'topic.rescreen',
          target: { kind: 'topic', id: topicId },
          after: { note },
        },
        session,
      )
    },
  })
  return { topicId, topicState: result.to }
}
