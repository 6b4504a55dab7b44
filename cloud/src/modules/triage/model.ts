/**
 * The triage module's own records, keyed by topic: `consultations` (step 3 of the four-step reply:
 * the department consulted and its answer, staff-only) and `escalations` (提级: one record per hop
 * up the room hierarchy, so each level's part is tracked). The only triage file importing mongoose.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

export interface ConsultationDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  /** The room that asked (the topic's room at the time). */
  roomId: Types.ObjectId
  departmentUnitId: Types.ObjectId
  question: string
  askedAt: Date
  askedBy: Types.ObjectId
  /** The department's answer, for the room only; the room's public reply is a separate step. */
  answer?: string
  answeredAt?: Date
  answeredBy?: Types.ObjectId
}

const consultationSchema = new Schema<ConsultationDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    roomId: { type: Schema.Types.ObjectId, required: true },
    departmentUnitId: { type: Schema.Types.ObjectId, required: true },
    question: { type: String, required: true, maxlength: 2000 },
    askedAt: { type: Date, required: true },
    askedBy: { type: Schema.Types.ObjectId, required: true },
    answer: { type: String, maxlength: 2000 },
    answeredAt: { type: Date },
    answeredBy: { type: Schema.Types.ObjectId },
  },
  { collection: 'consultations', versionKey: false },
)
// A topic's consultations, latest first (the answer route, the room's view).
consultationSchema.index({ topicId: 1, askedAt: -1 })
// A department's inbox: its consultations, open (no answeredAt) first by age.
consultationSchema.index({ departmentUnitId: 1, askedAt: 1 })

export const ESCALATION_STATUSES = ['pending', 'accepted', 'returned'] as const
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number]

export interface EscalationDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  fromRoomId: Types.ObjectId
  fromUnitId: Types.ObjectId
  toRoomId: Types.ObjectId
  toUnitId: Types.ObjectId
  /** The target room's unit and its ancestors (root first): supervision of a subtree is one match. */
  toUnitAncestors: Types.ObjectId[]
  /** Hops accepted before this one: 0 = from the room where the topic was raised. */
  level: number
  /** Why the sending room escalates it (its public reply). */
  reason: string
  status: EscalationStatus
  createdAt: Date
  createdBy: Types.ObjectId
  /** When the parent room must accept or return it. */
  dueAt: Date
  decidedAt?: Date
  decidedBy?: Types.ObjectId
  /** The parent room's reason when returning it (public). */
  decisionReason?: string
}

const escalationSchema = new Schema<EscalationDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    fromRoomId: { type: Schema.Types.ObjectId, required: true },
    fromUnitId: { type: Schema.Types.ObjectId, required: true },
    toRoomId: { type: Schema.Types.ObjectId, required: true },
    toUnitId: { type: Schema.Types.ObjectId, required: true },
    toUnitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    level: { type: Number, required: true, min: 0 },
    reason: { type: String, default: '', maxlength: 2000 },
    status: { type: String, enum: ESCALATION_STATUSES, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    dueAt: { type: Date, required: true },
    decidedAt: { type: Date },
    decidedBy: { type: Schema.Types.ObjectId },
    decisionReason: { type: String, maxlength: 500 },
  },
  { collection: 'escalations', versionKey: false },
)
// A topic's levels in order (public history, the level count, when the current room received it).
escalationSchema.index({ topicId: 1, createdAt: 1 })
// The parent room's inbox: escalations into a room by status, oldest first; also its queue.
escalationSchema.index({ toRoomId: 1, status: 1, createdAt: 1 })
// Supervision: pending escalations past their due date within a subtree.
escalationSchema.index({ status: 1, toUnitAncestors: 1, dueAt: 1 })

export function consultationModel(connection: Connection): Model<ConsultationDoc> {
  return (
    (connection.models.Consultation as Model<ConsultationDoc> | undefined) ??
    connection.model<ConsultationDoc>('Consultation', consultationSchema)
  )
}

export function escalationModel(connection: Connection): Model<EscalationDoc> {
  return (
    (connection.models.Escalation as Model<EscalationDoc> | undefined) ??
    connection.model<EscalationDoc>('Escalation', escalationSchema)
  )
}
