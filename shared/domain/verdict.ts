/**
 * The one result shape every guard and the state machine return: `{ ok: true }` or a refusal that
 * carries an error code (so the service can throw `DomainError(code)` and the mini program can switch
 * on it) and a Chinese reason a person can read.
 */
import { type ErrorCode, ERRORS } from '../errors'
import { DOMAIN_ERRORS, type DomainErrorCode } from './error-codes'

/** Generic codes reused from `shared/errors.ts`; everything else is a domain code. */
export type GenericRefusal = Extract<
  ErrorCode,
  'FORBIDDEN' | 'UNAUTHENTICATED' | 'VALIDATION_FAILED'
>
export type RefusalCode = DomainErrorCode | GenericRefusal

export interface Refusal {
  ok: false
  code: RefusalCode
  reason: string
}
export type Verdict = { ok: true } | Refusal

export const ALLOW: Verdict = Object.freeze({ ok: true })

/** A refusal; the reason defaults to the catalogue message for the code. */
export function deny(code: RefusalCode, reason?: string): Refusal {
  const fallback =
    code in DOMAIN_ERRORS
      ? DOMAIN_ERRORS[code as DomainErrorCode].message
      : ERRORS[code as GenericRefusal].message
  return { ok: false, code, reason: reason ?? fallback }
}

/** The first refusal among checks evaluated in order, or ALLOW. Later checks are not evaluated. */
export function firstRefusal(...checks: Array<() => Verdict>): Verdict {
  for (const check of checks) {
    const verdict = check()
    if (!verdict.ok) return verdict
  }
  return ALLOW
}
