/** Identifiers the fake hands out: stable openids for names, random tokens, codes and trace ids. */
import { createHash, randomBytes } from 'node:crypto'

/** Real openids are 28 URL-safe characters starting with 'o'. */
export const OPENID_PATTERN = /^o[A-Za-z0-9_-]{27}$/

function digest(input: string): string {
  return createHash('sha256').update(input).digest('base64url')
}

/** The same name always gives the same openid for an app (so `dev-alice` survives restarts). */
export function openidFor(appId: string, name: string): string {
  return 'o' + digest(`openid:${appId}:${name}`).slice(0, 27)
}

export function unionidFor(name: string): string {
  return 'u' + digest(`unionid:${name}`).slice(0, 27)
}

export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

/** Access tokens are long opaque strings (WeChat says: reserve at least 512 characters). */
export function newAccessToken(serial: number): string {
  return `FAKE_AT_${serial}_${randomId(48)}`
}
