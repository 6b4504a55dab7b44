/**
 * The four-step reply (四步答复法) a room gives a topic it has taken up: explain and close, answer and
 * close, research (consult a department, then answer), or step 4 — escalate to the parent room, list
 * it for consultation, or pass it to a department as a micro-suggestion (微建议). The shared guard
 * decides who may give which reply; every reply is public on the timeline and audited.
 */
import type { Static } from '@sinclair/typebox'
import type { Connection } from 'mongoose'
import { isOverdue, replyDueAt } from '../../../../shared/domain/deadlines'
import { canReply } from '../../../../shared/domain/topic-guards'
import { replyEvent, type TopicState } from '../../../../shared/domain/topic-machine'
import { replyDeadline } from '../../../../shared/domain/triage-rules'
import type { EscalationTarget, ReplyKind } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { announceDepartmentRequest } from '../notifications/announce-actions'
import { notificationTemplates } from '../notifications/announce'
import { type ReplyDoc, type TopicDoc, toObjectId } from '../topics/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import {
  auditDecision,
  iso,
  receivedAtOf,
  requireDepartment,
  type Ref,
  type StaffActor,
} from './context'
import { chooseParentRoom, createEscalation, type ParentRoom } from './escalation-service'
import { consultationModel } from './model'
import type { ReplyResultSchema } from './schema'

export interface ReplyInput {
  kind: ReplyKind
  target?: EscalationTarget
  text?: string
  /** Research: what the department is asked (staff-only); defaults to the public text or the title. */
  question?: string
  departmentUnitId?: string
  parentRoomId?: string
}

export type ReplyResult = Static<typeof ReplyResultSchema>

const MIN_TEXT = 2

function cleanText(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** Body rules the schema cannot express (which fields each kind needs). */
function checkInput(input: ReplyInput, text: string | undefined): void {
  if (input.kind === 'explain' || input.kind === 'answer') {
    if (!text || text.length < MIN_TEXT) {
      throw new DomainError('VALIDATION_FAILED', '请填写公开答复内容（2 至 2000 字）')
    }
  } else if (text !== undefined && text.length < MIN_TEXT) {
    throw new DomainError('VALIDATION_FAILED', '答复内容至少 2 个字')
  }
  const needsDepartment =
    input.kind === 'research' || (input.kind === 'escalate' && input.target === 'micro_suggestion')
  if (needsDepartment && !input.departmentUnitId) {
    throw new DomainError('VALIDATION_FAILED', '请选择要征询或承办的职能部门')
  }
}

function defaultNote(input: ReplyInput, department?: Ref, parent?: ParentRoom): string {
  if (input.kind === 'research') return `已记录，正在征询${department?.name ?? '职能部门'}的意见`
  if (input.target === 'micro_suggestion') {
    return `已作为微建议转${department?.name ?? '职能部门'}办理`
  }
  if (input.target === 'parent_room') return `已提交${parent?.room.name ?? '上级议事室'}研判`
  return '已列为协商议题，将组织协商'
}

export async function replyToTopic(
  db: Connection,
  actor: StaffActor,
  topicId: string,
  input: ReplyInput,
  now: Date,
): Promise<ReplyResult> {
  const topic = await loadTopic(db, topicId)
  const text = cleanText(input.text)
  checkInput(input, text)
  const target = input.kind === 'escalate' ? input.target : undefined
  const parentChoice =
    target === 'parent_room' ? await chooseParentRoom(db, topic, input.parentRoomId) : undefined
  const verdict = canReply(topicFacts(topic), actor.ctx, input.kind, target, {
    hasParentRoom: parentChoice !== undefined && parentChoice.hasCandidates,
  })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const event = replyEvent(input.kind, target)
  if (!event) throw new DomainError('VALIDATION_FAILED')
  if (parentChoice && !parentChoice.ok) throw new DomainError(parentChoice.code)
  const parent = parentChoice?.ok ? parentChoice.parent : undefined

  const needsDepartment = input.kind === 'research' || target === 'micro_suggestion'
  const departmentDoc =
    needsDepartment && input.departmentUnitId
      ? await requireDepartment(db, input.departmentUnitId)
      : undefined
  const department = departmentDoc
    ? { id: String(departmentDoc._id), name: departmentDoc.name }
    : undefined

  const receivedAt = await receivedAtOf(db, topic)
  const deadline = replyDeadline(input.kind, receivedAt, topic.state)
  const reply: ReplyDoc = { kind: input.kind, byId: toObjectId(actor.userId), at: now }
  if (target) reply.target = target
  if (text) reply.text = text
  const set: Record<string, unknown> = { reply }
  if (departmentDoc) set.departmentUnitId = departmentDoc._id
  if (input.kind === 'research') set.replyDueAt = replyDueAt(receivedAt, 'research')
  // The parent room's clock for accepting or returning it (the same limit as a first decision).
  const escalationDueAt = replyDueAt(now, 'answer')
  if (parent) set.replyDueAt = escalationDueAt

  let consultationId: string | undefined
  let escalationId: string | undefined
  const { topic: updated, to } = await fireTopicEvent(db, {
    topicId,
    event,
    actor: { userId: actor.userId, ctx: actor.ctx },
    set,
    note: text ?? defaultNote(input, department, parent),
    data: {
      kind: input.kind,
      target,
      dueAt: deadline,
      late: isOverdue(deadline, now),
      departmentUnitId: department?.id,
      toRoomId: parent?.room.id,
    },
    within: async (session, result) => {
      if (input.kind === 'research' && departmentDoc) {
        const [consultation] = await consultationModel(db).create(
          [
            {
              topicId: topic._id,
              roomId: topic.roomId,
              departmentUnitId: departmentDoc._id,
              question: cleanText(input.question) ?? text ?? topic.title,
              askedAt: now,
              askedBy: toObjectId(actor.userId),
            },
          ],
          { session },
        )
        consultationId = String(consultation._id)
        await announceDepartmentRequest(db, notificationTemplates(db), session, {
          topic,
          departmentUnitId: departmentDoc._id,
          what: 'consultation',
          text: consultation.question,
          eventKey: `consultation:${consultationId}`,
          at: now,
        })
      } else if (target === 'micro_suggestion' && departmentDoc) {
        await announceDepartmentRequest(db, notificationTemplates(db), session, {
          topic,
          departmentUnitId: departmentDoc._id,
          what: 'micro_suggestion',
          text: text ?? defaultNote(input, department, parent),
          eventKey: `topic:${topicId}:v${result.topic.version}:department`,
          at: now,
        })
      }
      if (parent) {
        escalationId = await createEscalation(db, session, {
          topic,
          parent,
          reason: text ?? '',
          byId: actor.userId,
          now,
          dueAt: escalationDueAt,
        })
        // notify: the parent room's conveners a topic was escalated to them
      }
      // The author and supporters hear of the reply from fireTopicEvent's announcement.
      await auditDecision(
        db,
        actor,
        {
          action: `topic.${event}`,
          target: { kind: 'topic', id: topicId },
          unitChain: topic.unitAncestors,
          before: { state: topic.state },
          after: { state: result.to, reply: { ...reply, byId: actor.userId }, ...extra(set) },
        },
        session,
      )
    },
  })
  return toResult(updated, to, department, consultationId, parent, escalationId, escalationDueAt)
}

function extra(set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (set.departmentUnitId) out.departmentUnitId = String(set.departmentUnitId)
  if (set.replyDueAt) out.replyDueAt = set.replyDueAt
  return out
}

function toResult(
  topic: TopicDoc,
  state: TopicState,
  department: Ref | undefined,
  consultationId: string | undefined,
  parent: ParentRoom | undefined,
  escalationId: string | undefined,
  escalationDueAt: Date,
): ReplyResult {
  const reply = topic.reply as ReplyDoc
  const result: ReplyResult = {
    topicId: String(topic._id),
    state,
    reply: { kind: reply.kind, byId: String(reply.byId), at: iso(reply.at) },
    replyDueAt: iso(topic.replyDueAt),
  }
  if (reply.target) result.reply.target = reply.target
  if (reply.text) result.reply.text = reply.text
  if (department) result.department = department
  if (consultationId) result.consultationId = consultationId
  if (parent && escalationId) {
    result.escalation = { id: escalationId, toRoom: parent.room, dueAt: iso(escalationDueAt) }
  }
  return result
}
