/**
 * `users`: every person who signs in — residents through WeChat (openid), staff also with a username
 * and password — with their role grants. The only users file importing mongoose.
 * Personal details (realName, phone) are stored in clear for staff who need them and masked by the
 * service for everyone else (`shared/domain/masking.ts`).
 */
import type { Types } from 'mongoose'
import { Schema, type Connection, type Model } from 'mongoose'
import { ROLES, type Role } from '../../../../shared/domain/types'

export interface GrantDoc {
  _id: Types.ObjectId
  role: Exclude<Role, 'resident'>
  unitId?: Types.ObjectId
  roomId?: Types.ObjectId
  grantedAt: Date
  grantedBy?: Types.ObjectId
}

export interface UserDoc {
  _id: Types.ObjectId
  /** WeChat openid of this app; absent for staff who only use a password. */
  openid?: string
  /** Staff login name (lower case). */
  username?: string
  /** argon2id hash (PHC string); never leaves the service. */
  passwordHash?: string
  /** Shown publicly (nickname or a masked name). */
  displayName: string
  realName?: string
  /** Bound through getuserphonenumber (purePhoneNumber), or set by an admin. */
  phone?: string
  /** Home unit: a resident's community, an officer's department, a staff member's office. */
  unitId?: Types.ObjectId
  grants: GrantDoc[]
  /**
   * The unit ids this user is visible under for scoped administration: the home unit, every granted
   * unit and the unit of every granted room. Kept in step by the users service on every change.
   */
  scopeUnitIds: Types.ObjectId[]
  disabled: boolean
  /** Demo accounts only: the key of `dev-<key>` login codes and of the demo-account picker. */
  demoKey?: string
  /** Failed password logins, for the lock-out (shared by every instance, unlike an in-memory limit). */
  failedLogins?: { count: number; firstAt: Date; lockedUntil?: Date | null }
  createdAt: Date
  updatedAt: Date
}

const grantSchema = new Schema<GrantDoc>(
  {
    role: { type: String, enum: ROLES.filter((role) => role !== 'resident'), required: true },
    unitId: { type: Schema.Types.ObjectId },
    roomId: { type: Schema.Types.ObjectId },
    grantedAt: { type: Date, required: true, default: () => new Date() },
    grantedBy: { type: Schema.Types.ObjectId },
  },
  { _id: true },
)

const userSchema = new Schema<UserDoc>(
  {
    openid: { type: String },
    username: { type: String, lowercase: true, trim: true },
    passwordHash: { type: String },
    displayName: { type: String, required: true, maxlength: 40 },
    realName: { type: String, maxlength: 40 },
    phone: { type: String, maxlength: 20 },
    unitId: { type: Schema.Types.ObjectId },
    grants: { type: [grantSchema], default: [] },
    scopeUnitIds: { type: [Schema.Types.ObjectId], default: [] },
    disabled: { type: Boolean, default: false },
    demoKey: { type: String },
    failedLogins: {
      type: new Schema(
        { count: Number, firstAt: Date, lockedUntil: { type: Date, default: null } },
        { _id: false },
      ),
    },
  },
  { collection: 'users', versionKey: false, timestamps: true },
)

// WeChat login: find-or-create by openid; unique so two concurrent first logins make one user.
userSchema.index(
  { openid: 1 },
  { unique: true, partialFilterExpression: { openid: { $type: 'string' } } },
)
// Password login by username; unique among staff accounts.
userSchema.index(
  { username: 1 },
  { unique: true, partialFilterExpression: { username: { $type: 'string' } } },
)
// Phone binding: one account per phone number.
userSchema.index(
  { phone: 1 },
  { unique: true, partialFilterExpression: { phone: { $type: 'string' } } },
)
// Scoped administration: "people within this unit subtree" lists (`scopeUnitIds: {$in: subtree}`).
userSchema.index({ scopeUnitIds: 1 })
// Room staff lookups: "who convenes / is attached to room R" (`grants.roomId`).
userSchema.index({ 'grants.roomId': 1 })

export function userModel(connection: Connection): Model<UserDoc> {
  return (
    (connection.models.User as Model<UserDoc> | undefined) ??
    connection.model<UserDoc>('User', userSchema)
  )
}
