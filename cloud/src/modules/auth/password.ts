/**
 * Staff passwords: argon2id (@node-rs/argon2 defaults: 19 MiB, 2 passes, 1 lane — OWASP's
 * minimum for argon2id) and the lock-out after repeated failures. The lock-out lives in the user
 * document (`failedLogins`), so it holds across every instance, unlike an in-memory counter; the
 * per-IP rate limit of the route is the second, cheaper line.
 */
import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Connection, Types } from 'mongoose'
import { userModel } from '../users/model'

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_WINDOW_MS = 15 * 60_000

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

let dummyHash: Promise<string> | null = null

/**
 * Verifies `password` against `passwordHash`. Without a hash (unknown user, WeChat-only account)
 * it verifies against a dummy hash anyway and answers false, so the answer takes as long either
 * way and response times do not reveal which usernames exist.
 */
export async function verifyPassword(
  passwordHash: string | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash(randomBytes(16).toString('base64url'))
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  try {
    return await verify(passwordHash, password)
  } catch {
    return false // a malformed stored hash is a failed login, not a 500
  }
}

export interface FailedLogins {
  count: number
  firstAt: Date
  lockedUntil?: Date | null
}

/** Whether the account is locked at `now`. */
export function isLocked(failed: FailedLogins | undefined, now: Date): boolean {
  return Boolean(failed?.lockedUntil && failed.lockedUntil.getTime() > now.getTime())
}

/**
 * Counts one failure: within the window the count goes up (and the 5th failure locks the account
 * for the window's length); after it, counting starts again. Returns whether it is now locked.
 */
export async function recordFailedLogin(
  db: Connection,
  userId: Types.ObjectId,
  now: Date,
): Promise<boolean> {
  const Users = userModel(db)
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS)
  const counted = await Users.findOneAndUpdate(
    { _id: userId, 'failedLogins.firstAt': { $gt: windowStart } },
    { $inc: { 'failedLogins.count': 1 } },
    { returnDocument: 'after', projection: { failedLogins: 1 } },
  ).lean()
  if (!counted) {
    await Users.updateOne(
      { _id: userId },
      { $set: { failedLogins: { count: 1, firstAt: now, lockedUntil: null } } },
    )
    return false
  }
  if ((counted.failedLogins?.count ?? 0) < MAX_FAILED_LOGINS) return false
  await Users.updateOne(
    { _id: userId },
    { $set: { 'failedLogins.lockedUntil': new Date(now.getTime() + LOCKOUT_WINDOW_MS) } },
  )
  return true
}

export async function clearFailedLogins(db: Connection, userId: Types.ObjectId): Promise<void> {
  await userModel(db).updateOne({ _id: userId }, { $unset: { failedLogins: 1 } })
}
