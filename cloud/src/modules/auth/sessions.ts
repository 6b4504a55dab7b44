/**
 * Refresh-token families (`sessions`). A refresh token is `<familyId>.<32 random bytes, base64url>`;
 * only HMAC-SHA256(JWT_REFRESH_SECRET, token) is stored, so a copy of the database does not hold
 * usable tokens. Every use rotates it atomically (one findOneAndUpdate conditioned on the current
 * hash, an unrevoked and unexpired family); the used hash moves to `previousHashes`. Presenting a
 * hash from `previousHashes` means two parties hold the family (a thief and the real client), so
 * the whole family is revoked — its newest refresh token and its access tokens stop working.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { Types, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { sessionModel } from './model'

/** Absolute lifetime of a family: rotation never extends it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000
/** Rotated-away hashes kept per family for replay detection (older ones are simply invalid). */
const PREVIOUS_HASHES_KEPT = 1000

const TOKEN_PATTERN = /^([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/

export type SessionMethod = 'wechat' | 'password'

export interface ClientInfo {
  ip?: string
  userAgent?: string
}

export interface OpenedSession {
  familyId: string
  refreshToken: string
}

export function hashRefreshToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex')
}

function newToken(familyId: string): string {
  return `${familyId}.${randomBytes(32).toString('base64url')}`
}

/** Starts a family for a fresh login. */
export async function openSession(
  db: Connection,
  secret: string,
  userId: string,
  method: SessionMethod,
  client: ClientInfo = {},
): Promise<OpenedSession> {
  const familyId = new Types.ObjectId()
  const refreshToken = newToken(familyId.toHexString())
  const now = new Date()
  await sessionModel(db).create({
    _id: familyId,
    userId: new Types.ObjectId(userId),
    tokenHash: hashRefreshToken(secret, refreshToken),
    previousHashes: [],
    method,
    createdAt: now,
    rotatedAt: now,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    revokedAt: null,
    revokedReason: null,
    ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 300) } : {}),
    ...(client.ip ? { ip: client.ip } : {}),
  })
  return { familyId: familyId.toHexString(), refreshToken }
}

export interface RotatedSession extends OpenedSession {
  userId: string
}

/**
 * Exchanges a refresh token for the next one of its family. Throws REFRESH_TOKEN_INVALID (unknown,
 * malformed, expired), SESSION_REVOKED (family ended by logout or an administrator) or
 * REFRESH_TOKEN_REUSED (an already rotated token: the family is revoked now).
 */
export async function rotateSession(
  db: Connection,
  secret: string,
  presented: string,
): Promise<RotatedSession> {
  const match = TOKEN_PATTERN.exec(presented)
  if (!match) throw new DomainError('REFRESH_TOKEN_INVALID')
  const familyId = match[1]
  const hash = hashRefreshToken(secret, presented)
  const next = newToken(familyId)
  const now = new Date()
  const Sessions = sessionModel(db)
  const rotated = await Sessions.findOneAndUpdate(
    { _id: familyId, tokenHash: hash, revokedAt: null, expiresAt: { $gt: now } },
    {
      $set: { tokenHash: hashRefreshToken(secret, next), rotatedAt: now },
      $push: { previousHashes: { $each: [hash], $slice: -PREVIOUS_HASHES_KEPT } },
    },
    { returnDocument: 'after', projection: { userId: 1 } },
  ).lean()
  if (rotated) return { familyId, refreshToken: next, userId: String(rotated.userId) }

  const session = await Sessions.findOne(
    { _id: familyId, $or: [{ tokenHash: hash }, { previousHashes: hash }] },
    { tokenHash: 1, revokedAt: 1, expiresAt: 1 },
  ).lean()
  if (!session) throw new DomainError('REFRESH_TOKEN_INVALID')
  if (session.tokenHash !== hash) {
    // A rotated-away token came back: whoever holds the family now, it is compromised.
    await revokeSession(db, familyId, 'reuse')
    throw new DomainError('REFRESH_TOKEN_REUSED')
  }
  if (session.revokedAt) throw new DomainError('SESSION_REVOKED')
  throw new DomainError('REFRESH_TOKEN_INVALID') // expired
}

/** Ends one family (logout, reuse); its refresh and access tokens stop working at once. */
export async function revokeSession(
  db: Connection,
  familyId: string,
  reason: string,
): Promise<boolean> {
  if (!Types.ObjectId.isValid(familyId)) return false
  const result = await sessionModel(db).updateOne(
    { _id: familyId, revokedAt: null },
    { $set: { revokedAt: new Date(), revokedReason: reason } },
  )
  return result.modifiedCount > 0
}

/** Ends every family of a user (account disabled, "log out everywhere"); returns how many. */
export async function revokeUserSessions(
  db: Connection,
  userId: string,
  reason: string,
): Promise<number> {
  const result = await sessionModel(db).updateMany(
    { userId: new Types.ObjectId(userId), revokedAt: null },
    { $set: { revokedAt: new Date(), revokedReason: reason } },
  )
  return result.modifiedCount
}
