/**
 * Access tokens: short-lived JWTs (HS256, pinned on verify so an `alg: none` or RS/HS confusion
 * token is refused) carrying the user id and the session family, so logout (which revokes the
 * family) ends the access token too. Refresh tokens are opaque and live in `sessions` (see
 * `sessions.ts`).
 */
import { createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { DomainError } from '../../../../shared/errors'

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60
export const TOKEN_ISSUER = 'shangliang'
export const TOKEN_AUDIENCE = 'shangliang-api'

export interface AccessClaims {
  /** User id. */
  sub: string
  /** Session family id (the refresh-token family this login belongs to). */
  fam: string
}

const secretKeys = new Map<string, KeyObject>()

/**
 * The HS256 secret as a KeyObject, made once per secret: given a string, jsonwebtoken first tries
 * to parse it as a PEM key (a thrown exception on every call, most of a verify's cost).
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret)
  if (!key) {
    key = createSecretKey(Buffer.from(secret))
    secretKeys.set(secret, key)
  }
  return key
}

export function signAccessToken(
  secret: string,
  claims: AccessClaims,
  ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
): string {
  return jwt.sign({ fam: claims.fam }, secretKey(secret), {
    algorithm: 'HS256',
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  })
}

/** Verifies and returns the claims; throws TOKEN_EXPIRED or TOKEN_INVALID. */
export function verifyAccessToken(secret: string, token: string): AccessClaims {
  try {
    const payload = jwt.verify(token, secretKey(secret), {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    })
    if (typeof payload === 'string' || typeof payload.sub !== 'string') {
      throw new DomainError('TOKEN_INVALID')
    }
    const fam = (payload as { fam?: unknown }).fam
    if (typeof fam !== 'string') throw new DomainError('TOKEN_INVALID')
    return { sub: payload.sub, fam }
  } catch (error) {
    if (error instanceof DomainError) throw error
    if (error instanceof jwt.TokenExpiredError) throw new DomainError('TOKEN_EXPIRED')
    throw new DomainError('TOKEN_INVALID')
  }
}
