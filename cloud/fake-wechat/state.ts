/**
 * Everything the fake remembers: access tokens (stable_token semantics), one-time login and phone codes,
 * subscription grants, sent messages, rate-limit windows and injected faults.
 */
import { newAccessToken, randomId } from './ids'

export type FakeApi =
  | 'stable_token'
  | 'jscode2session'
  | 'getuserphonenumber'
  | 'getwxacodeunlimit'
  | 'msg_sec_check'
  | 'media_check_async'
  | 'subscribe_send'

export interface WechatBody {
  errcode: number
  errmsg: string
  [key: string]: unknown
}

export interface RateLimit {
  limit: number
  /** Default 60 000 ms (WeChat's per-minute quotas). */
  windowMs?: number
  /** Default 45011 (minute quota); 45009 for daily-style limits. */
  errcode?: number
}

export interface Fault {
  /** Answer with this errcode instead of serving the call. */
  errcode?: number
  errmsg?: string
  /** Never answer (until the fake closes): for client timeout tests. */
  hang?: boolean
  /** Answer this much later. */
  delayMs?: number
  /** How many calls the fault applies to (default 1). */
  times?: number
}

export interface SentMessage {
  touser: string
  templateId: string
  page?: string
  data: Record<string, string>
  miniprogramState: string
  lang: string
  msgid: number
  sentAt: string
}

export interface MediaCheckRecord {
  traceId: string
  mediaUrl: string
  mediaType: number
  openid: string
  scene: number
}

interface TokenEntry {
  expiresAt: number
  revoked?: 'expired' | 'invalid'
}

interface CodeEntry {
  value: string
  issuedAt: number
  used: boolean
}

const FORCE_MIN_INTERVAL_MS = 30_000
const FORCE_PER_DAY = 20
const DAY_MS = 86_400_000

export const ok = (extra: Record<string, unknown> = {}): WechatBody => ({
  errcode: 0,
  errmsg: 'ok',
  ...extra,
})
export const fail = (errcode: number, errmsg: string): WechatBody => ({ errcode, errmsg })

export class FakeState {
  readonly tokens = new Map<string, TokenEntry>()
  current: string | null = null
  tokenSerial = 0
  forceRefreshes = 0
  private forceLog: number[] = []
  readonly loginCodes = new Map<string, CodeEntry>()
  readonly phoneCodes = new Map<string, CodeEntry>()
  readonly grants = new Map<string, number>()
  readonly sent: SentMessage[] = []
  readonly mediaChecks: MediaCheckRecord[] = []
  readonly calls = new Map<FakeApi, number>()
  private readonly windows = new Map<FakeApi, { start: number; count: number }>()
  private readonly faults = new Map<FakeApi, Fault[]>()
  private msgSerial = 1000

  constructor(
    private readonly now: () => number,
    private readonly tokenTtlSec: number,
    private readonly codeTtlMs: number,
    private readonly rateLimits: Partial<Record<FakeApi, RateLimit>>,
  ) {}

  count(api: FakeApi): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1)
  }

  /** stable_token: same token until it nears expiry; force_refresh revokes older ones (≤ 20/day, ≥ 30 s apart). */
  stableToken(force: boolean): WechatBody {
    const now = this.now()
    const ttlMs = this.tokenTtlSec * 1000
    if (force) {
      this.forceLog = this.forceLog.filter((t) => now - t < DAY_MS)
      const last = this.forceLog[this.forceLog.length - 1]
      if (last !== undefined && now - last < FORCE_MIN_INTERVAL_MS) {
        return fail(45009, 'reach max api minute quota limit: force_refresh too frequent')
      }
      if (this.forceLog.length >= FORCE_PER_DAY) {
        return fail(45009, 'reach max api daily quota limit')
      }
      this.forceLog.push(now)
      this.forceRefreshes++
      for (const entry of this.tokens.values()) entry.revoked ??= 'invalid'
      return this.issue(now, ttlMs)
    }
    const aheadMs = Math.min(300_000, ttlMs / 2) // WeChat renews 5 minutes before expiry
    const cur = this.current === null ? undefined : this.tokens.get(this.current)
    if (this.current !== null && cur && !cur.revoked && now < cur.expiresAt - aheadMs) {
      return ok({
        access_token: this.current,
        expires_in: Math.floor((cur.expiresAt - now) / 1000),
      })
    }
    return this.issue(now, ttlMs) // the previous token stays valid until its own expiry
  }

  private issue(now: number, ttlMs: number): WechatBody {
    const token = newAccessToken(++this.tokenSerial)
    this.tokens.set(token, { expiresAt: now + ttlMs })
    this.current = token
    return ok({ access_token: token, expires_in: this.tokenTtlSec })
  }

  /** Null when the token is good, else WeChat's answer. */
  checkToken(token: string | null): WechatBody | null {
    if (!token) return fail(41001, 'access_token missing')
    const entry = this.tokens.get(token)
    if (!entry || entry.revoked === 'invalid') {
      return fail(40001, 'invalid credential, access_token is invalid or not latest')
    }
    if (entry.revoked === 'expired' || this.now() >= entry.expiresAt) {
      return fail(42001, 'access_token expired')
    }
    return null
  }

  revokeTokens(how: 'expired' | 'invalid'): void {
    for (const entry of this.tokens.values()) entry.revoked = how
  }

  issueCode(kind: 'login' | 'phone', value: string): string {
    const code = randomId(24)
    const map = kind === 'login' ? this.loginCodes : this.phoneCodes
    map.set(code, { value, issuedAt: this.now(), used: false })
    return code
  }

  /** Consumes a one-time code: the value, or 'used' / 'invalid' (unknown or older than the TTL). */
  useCode(kind: 'login' | 'phone', code: string): string | 'used' | 'invalid' {
    const entry = (kind === 'login' ? this.loginCodes : this.phoneCodes).get(code)
    if (!entry || this.now() - entry.issuedAt >= this.codeTtlMs) return 'invalid'
    if (entry.used) return 'used'
    entry.used = true
    return entry.value
  }

  grant(openid: string, templateId: string, count: number): void {
    const key = `${openid}|${templateId}`
    this.grants.set(key, (this.grants.get(key) ?? 0) + count)
  }

  /** Takes one grant; false when none is left. */
  consumeGrant(openid: string, templateId: string): boolean {
    const key = `${openid}|${templateId}`
    const left = this.grants.get(key) ?? 0
    if (left <= 0) return false
    this.grants.set(key, left - 1)
    return true
  }

  nextMsgId(): number {
    return ++this.msgSerial
  }

  /** Null when under the limit, else the rate-limit answer. */
  rateCheck(api: FakeApi): WechatBody | null {
    const rule = this.rateLimits[api]
    if (!rule) return null
    const now = this.now()
    const windowMs = rule.windowMs ?? 60_000
    const w = this.windows.get(api)
    if (!w || now - w.start >= windowMs) {
      this.windows.set(api, { start: now, count: 1 })
      return null
    }
    if (w.count >= rule.limit) {
      return fail(
        rule.errcode ?? 45011,
        'api minute-quota reach limit mustslower retry next minute',
      )
    }
    w.count++
    return null
  }

  addFault(api: FakeApi, fault: Fault): void {
    const list = this.faults.get(api) ?? []
    list.push({ ...fault, times: fault.times ?? 1 })
    this.faults.set(api, list)
  }

  takeFault(api: FakeApi): Fault | null {
    const list = this.faults.get(api)
    const head = list?.[0]
    if (!list || !head) return null
    head.times = (head.times ?? 1) - 1
    if (head.times <= 0) list.shift()
    return head
  }
}
