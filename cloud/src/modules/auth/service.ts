/**
 * Signing in and staying signed in: WeChat login (wx.login code → code2Session → our tokens),
 * staff password login (argon2id, lock-out in the DB), refresh-token rotation with reuse detection,
 * logout. The WeChat session_key is never stored or returned: the phone number comes through the
 * code-based getuserphonenumber API, which does not need it.
 */
import { createHash } from 'node:crypto'
import type { Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import type { Config } from '../../config'
import type { WechatClient } from '../../wechat/index'
import { recordAudit } from '../audit/service'
import { userModel, type UserDoc } from '../users/model'
import { auditUnit } from '../users/manage-scope'
import { getMe, isDuplicateKey } from '../users/service'
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from './access-token'
import { demoKeyOfCode } from './demo'
import {
  clearFailedLogins,
  isLocked,
  recordFailedLogin,
  verifyPassword,
  type FailedLogins,
} from './password'
import type { AuthTokens } from './schema'
import {
  openSession,
  revokeSession,
  rotateSession,
  type ClientInfo,
  type SessionMethod,
} from './sessions'

export { demoOpenid, listDemoAccounts } from './demo'

/** What every login use case needs besides its own input. */
export interface AuthContext {
  db: Connection
  config: Pick<Config, 'jwt' | 'demoMode'>
  wechat: WechatClient | null
  client: ClientInfo & { requestId?: string }
}

async function tokensFor(
  ctx: AuthContext,
  userId: string,
  familyId: string,
  refreshToken: string,
): Promise<AuthTokens> {
  const accessToken = signAccessToken(ctx.config.jwt.accessSecret, { sub: userId, fam: familyId })
  return {
    accessToken,
    refreshToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: await getMe(ctx.db, userId),
  }
}

async function startSession(
  ctx: AuthContext,
  userId: string,
  method: SessionMethod,
): Promise<AuthTokens> {
  const opened = await openSession(ctx.db, ctx.config.jwt.refreshSecret, userId, method, ctx.client)
  return tokensFor(ctx, userId, opened.familyId, opened.refreshToken)
}

/** `居民` + four digits derived from the openid: stable, and not the openid itself. */
export function residentDisplayName(openid: string): string {
  const n = createHash('sha256').update(openid).digest().readUInt32BE(0) % 10000
  return `居民${String(n).padStart(4, '0')}`
}

type LoginUser = Pick<UserDoc, '_id' | 'disabled'>

async function findOrCreateWechatUser(
  db: Connection,
  openid: string,
  demoKey: string | null,
): Promise<LoginUser> {
  const Users = userModel(db)
  const byOpenid = () => Users.findOne({ openid }, { disabled: 1 }).lean<LoginUser>()
  const existing = await byOpenid()
  if (existing) return existing
  try {
    if (demoKey) {
      // A demo account the seed created without this app id's openid: the code names it.
      const claimed = await Users.findOneAndUpdate(
        { demoKey, openid: { $exists: false } },
        { $set: { openid } },
        { returnDocument: 'after', projection: { disabled: 1 } },
      ).lean<LoginUser>()
      if (claimed) return claimed
    }
    const created = await Users.create({
      openid,
      displayName: residentDisplayName(openid),
      grants: [],
      scopeUnitIds: [],
    })
    return { _id: created._id, disabled: created.disabled }
  } catch (error) {
    // Two first logins at once: the unique openid index let one insert win; use that user.
    if (!isDuplicateKey(error, 'openid')) throw error
    const winner = await byOpenid()
    if (!winner) throw error
    return winner
  }
}

/**
 * WeChat login. A used code is WECHAT_CODE_USED, an unknown or expired one WECHAT_CODE_INVALID
 * (both from the WeChat client's errcode mapping); the first login creates the resident.
 */
export async function loginWithWechat(ctx: AuthContext, code: string): Promise<AuthTokens> {
  if (!ctx.wechat) throw new DomainError('WECHAT_NOT_CONFIGURED')
  const { openid } = await ctx.wechat.code2Session(code)
  const demoKey = ctx.config.demoMode ? demoKeyOfCode(code) : null
  const user = await findOrCreateWechatUser(ctx.db, openid, demoKey)
  if (user.disabled) throw new DomainError('ACCOUNT_DISABLED')
  return startSession(ctx, String(user._id), 'wechat')
}

type PasswordUser = Pick<UserDoc, '_id' | 'passwordHash' | 'disabled' | 'unitId'> & {
  failedLogins?: FailedLogins
}

async function auditLogin(
  ctx: AuthContext,
  action: 'auth.password_login' | 'auth.password_login_failed',
  username: string,
  user: PasswordUser | null,
  outcome: Record<string, unknown>,
): Promise<void> {
  await recordAudit(ctx.db, {
    actorId: action === 'auth.password_login' && user ? String(user._id) : null,
    action,
    target: user ? { kind: 'user', id: String(user._id) } : { kind: 'username', id: username },
    unit: user ? await auditUnit(ctx.db, user.unitId) : null,
    after: { username, ...outcome },
    requestId: ctx.client.requestId,
    ip: ctx.client.ip,
  })
}

/**
 * Staff password login. Unknown user and wrong password are the same BAD_CREDENTIALS after the
 * same argon2 work; the 5th failure within 15 minutes locks the account for 15 minutes
 * (ACCOUNT_LOCKED, even with the right password). Every attempt is audited.
 */
export async function loginWithPassword(
  ctx: AuthContext,
  rawUsername: string,
  password: string,
): Promise<AuthTokens> {
  const username = rawUsername.trim().toLowerCase().slice(0, 64)
  const user = await userModel(ctx.db)
    .findOne({ username }, { passwordHash: 1, disabled: 1, unitId: 1, failedLogins: 1 })
    .lean<PasswordUser>()
  const now = new Date()
  if (user && isLocked(user.failedLogins, now)) {
    await auditLogin(ctx, 'auth.password_login_failed', username, user, { reason: 'locked' })
    throw new DomainError('ACCOUNT_LOCKED')
  }
  const ok = await verifyPassword(user?.passwordHash, password)
  if (!user || !ok) {
    const locked = user ? await recordFailedLogin(ctx.db, user._id, now) : false
    await auditLogin(ctx, 'auth.password_login_failed', username, user, {
      reason: user ? 'bad_password' : 'unknown_user',
      locked,
    })
    throw new DomainError(locked ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS')
  }
  if (user.disabled) {
    await auditLogin(ctx, 'auth.password_login_failed', username, user, { reason: 'disabled' })
    throw new DomainError('ACCOUNT_DISABLED')
  }
  if (user.failedLogins) await clearFailedLogins(ctx.db, user._id)
  await auditLogin(ctx, 'auth.password_login', username, user, { ok: true })
  return startSession(ctx, String(user._id), 'password')
}

/** Rotates the refresh token and issues a fresh access token of the same family. */
export async function refreshTokens(ctx: AuthContext, refreshToken: string): Promise<AuthTokens> {
  const rotated = await rotateSession(ctx.db, ctx.config.jwt.refreshSecret, refreshToken)
  const user = await userModel(ctx.db).findById(rotated.userId, { disabled: 1 }).lean()
  if (!user || user.disabled) {
    await revokeSession(ctx.db, rotated.familyId, user ? 'disabled' : 'user_deleted')
    throw new DomainError(user ? 'ACCOUNT_DISABLED' : 'REFRESH_TOKEN_INVALID')
  }
  return tokensFor(ctx, rotated.userId, rotated.familyId, rotated.refreshToken)
}

/** Ends the caller's session family: its refresh token and every access token of it. */
export async function logout(db: Connection, familyId: string): Promise<void> {
  await revokeSession(db, familyId, 'logout')
}
