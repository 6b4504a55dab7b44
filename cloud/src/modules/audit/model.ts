/**
 * `audit_log`: who did what to what, when, with the state before and after — every admin and staff
 * action that changes data. Append-only; the only audit file importing mongoose.
 */
import type { Types } from 'mongoose'
import { Schema, type Connection, type Model } from 'mongoose'

export interface AuditDoc {
  _id: Types.ObjectId
  at: Date
  actorId: Types.ObjectId | null
  /** e.g. `unit.create`, `user.grant`, `room.update`, `auth.password_login_failed`. */
  action: string
  target: { kind: string; id: string }
  /** The unit the target lies in, so office staff read the log of their subtree only. */
  unitId: Types.ObjectId | null
  unitAncestors: Types.ObjectId[]
  before: unknown
  after: unknown
  requestId?: string
  ip?: string
}

const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    action: { type: String, required: true },
    target: {
      type: new Schema({ kind: String, id: String }, { _id: false }),
      required: true,
    },
    unitId: { type: Schema.Types.ObjectId, default: null },
    unitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    requestId: String,
    ip: String,
  },
  { collection: 'audit_log', versionKey: false },
)
// Reading the log newest first, whole (admin) …
auditSchema.index({ at: -1 })
// … or for one target ("history of this room / user").
auditSchema.index({ 'target.kind': 1, 'target.id': 1, at: -1 })
// … or for a subtree (office staff): `{ $or: [{ unitId: X }, { unitAncestors: X }] }`.
auditSchema.index({ unitAncestors: 1, at: -1 })
auditSchema.index({ unitId: 1, at: -1 })
// "What did this person do" (supervision of staff).
auditSchema.index({ actorId: 1, at: -1 })

export function auditModel(connection: Connection): Model<AuditDoc> {
  return (
    (connection.models.Audit as Model<AuditDoc> | undefined) ??
    connection.model<AuditDoc>('Audit', auditSchema)
  )
}
