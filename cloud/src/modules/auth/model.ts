/**
 * `sessions`: one document per login (a refresh-token family). The refresh token itself is never
 * stored, only its HMAC; every use rotates it, and the hashes already used are kept so that replaying
 * one (a stolen token used after the real client rotated it) revokes the whole family. Access tokens
 * carry the family id, so revoking it also ends them. The only auth file importing mongoose.
 */
import type { Types } from 'mongoose'
import { Schema, type Connection, type Model } from 'mongoose'

export interface SessionDoc {
  _id: Types.ObjectId
  userId: Types.ObjectId
  /** HMAC-SHA256 (JWT_REFRESH_SECRET) of the current refresh token. */
  tokenHash: string
  /** Hashes of refresh tokens already rotated away: seeing one again means theft. */
  previousHashes: string[]
  /** How the session was opened: `wechat`, `password`. */
  method: string
  createdAt: Date
  rotatedAt: Date
  /** Absolute end of the family; each rotation does not extend it beyond this. */
  expiresAt: Date
  revokedAt: Date | null
  revokedReason: string | null
  userAgent?: string
  ip?: string
}

const sessionSchema = new Schema<SessionDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    tokenHash: { type: String, required: true },
    previousHashes: { type: [String], default: [] },
    method: { type: String, required: true },
    createdAt: { type: Date, required: true },
    rotatedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
    userAgent: { type: String, maxlength: 300 },
    ip: String,
  },
  { collection: 'sessions', versionKey: false },
)
// Rotation and replay detection look a family up by `_id` (the id is part of the refresh token).
// "Log out everywhere" / disabling a user revokes all of a user's families (`userId`).
sessionSchema.index({ userId: 1 })
// Expired families are removed by the TTL monitor a week after their end (kept a little for audit).
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 })

export function sessionModel(connection: Connection): Model<SessionDoc> {
  return (
    (connection.models.Session as Model<SessionDoc> | undefined) ??
    connection.model<SessionDoc>('Session', sessionSchema)
  )
}
