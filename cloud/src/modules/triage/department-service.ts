/**
 * The departments' part of the four-step reply: answering a room's consultation during research
 * (step 3; the answer is for the room, which then gives the public reply) and the feedback on a
 * micro-suggestion passed to them (step 4c), which ends the work and moves the topic to call-back.
 */
import type { Static } from '@sinclair/typebox'
import { Types, type Connection } from 'mongoose'
import { canGiveDepartmentFeedback } from '../../../../shared/domain/follow-up-guards'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import { DomainError } from '../../../../shared/errors'
import { unitModel, type UnitDoc } from '../org/model'
import { toObjectId } from '../topics/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { auditDecision, iso, type Ref, type StaffActor } from './context'
import { consultationModel, type ConsultationDoc } from './model'
import type { ConsultationSchema } from './schema'

export type ConsultationView = Static<typeof ConsultationSchema>

async function departmentRefs(
  db: Connection,
  ids: readonly Types.ObjectId[],
): Promise<Map<string, Ref>> {
  const unique = [...new Set(ids.map(String))]
  const units = await unitModel(db)
    .find({ _id: { $in: unique } }, { name: 1 })
    .lean<Array<Pick<UnitDoc, '_id' | 'name'>>>()
  return new Map(units.map((unit) => [String(unit._id), { id: String(unit._id), name: unit.name }]))
}

function toView(entry: ConsultationDoc, departments: Map<string, Ref>): ConsultationView {
  const id = String(entry.departmentUnitId)
  const view: ConsultationView = {
    id: String(entry._id),
    topicId: String(entry.topicId),
    department: departments.get(id) ?? { id, name: '（已删除的部门）' },
    question: entry.question,
    askedAt: iso(entry.askedAt),
  }
  if (entry.answer !== undefined) view.answer = entry.answer
  if (entry.answeredAt) view.answeredAt = iso(entry.answeredAt)
  return view
}

/** The department stores its answer to the latest consultation on a topic under research. */
export async function answerConsultation(
  db: Connection,
  actor: StaffActor,
  topicId: string,
  answer: string,
  now: Date,
): Promise<ConsultationView> {
  const text = answer.trim()
  if (text.length < 2) throw new DomainError('VALIDATION_FAILED', '请填写部门意见（2 至 2000 字）')
  const topic = await loadTopic(db, topicId)
  const Consultations = consultationModel(db)
  const latest = await Consultations.findOne({ topicId: topic._id })
    .sort({ askedAt: -1 })
    .lean<ConsultationDoc>()
  if (!latest) throw new DomainError('CONSULTATION_NOT_FOUND')
  if (latest.answeredAt) throw new DomainError('CONSULTATION_ANSWERED')
  if (topic.state !== 'researching') throw new DomainError('CONSULTATION_CLOSED')
  let saved: ConsultationDoc | null = null
  await db.transaction(async (session) => {
    saved = await Consultations.findOneAndUpdate(
      { _id: latest._id, answeredAt: { $exists: false } },
      { $set: { answer: text, answeredAt: now, answeredBy: toObjectId(actor.userId) } },
      { session, returnDocument: 'after' },
    ).lean<ConsultationDoc>()
    if (!saved) throw new DomainError('CONSULTATION_ANSWERED')
    // notify: the room's conveners that the department answered
    await auditDecision(
      db,
      actor,
      {
        action: 'consultation.answer',
        target: { kind: 'topic', id: topicId },
        unitChain: topic.unitAncestors,
        after: { consultationId: String(latest._id), answeredAt: now },
      },
      session,
    )
  })
  const stored = saved as ConsultationDoc | null
  if (!stored) throw new DomainError('CONSULTATION_ANSWERED')
  return toView(stored, await departmentRefs(db, [stored.departmentUnitId]))
}

/** A topic's consultations, latest first, with the departments' answers (room staff only). */
export async function listTopicConsultations(
  db: Connection,
  topicId: string,
): Promise<ConsultationView[]> {
  const entries = await consultationModel(db)
    .find({ topicId: new Types.ObjectId(topicId) })
    .sort({ askedAt: -1 })
    .lean<ConsultationDoc[]>()
  const departments = await departmentRefs(
    db,
    entries.map((entry) => entry.departmentUnitId),
  )
  return entries.map((entry) => toView(entry, departments))
}

/** The department's feedback on a micro-suggestion: public, and the topic goes to call-back. */
export async function giveDepartmentFeedback(
  db: Connection,
  actor: StaffActor,
  topicId: string,
  feedback: string,
): Promise<{ topicId: string; state: TopicState }> {
  const text = feedback.trim()
  if (text.length < 2) throw new DomainError('VALIDATION_FAILED', '请填写办理反馈（2 至 2000 字）')
  const topic = await loadTopic(db, topicId)
  const verdict = canGiveDepartmentFeedback(topicFacts(topic), actor.ctx)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const departmentUnitId = topic.departmentUnitId ? String(topic.departmentUnitId) : undefined
  const { to } = await fireTopicEvent(db, {
    topicId,
    event: 'department_feedback',
    actor: { userId: actor.userId, ctx: actor.ctx },
    note: text,
    data: { departmentUnitId },
    within: async (session, result) => {
      // The petitioner (asked for the call-back) and supporters hear through fireTopicEvent.
      await auditDecision(
        db,
        actor,
        {
          action: 'topic.department_feedback',
          target: { kind: 'topic', id: topicId },
          unitChain: topic.unitAncestors,
          before: { state: result.from },
          after: { state: result.to, departmentUnitId },
        },
        session,
      )
    },
  })
  return { topicId, state: to }
}
