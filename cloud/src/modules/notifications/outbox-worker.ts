/**
 * Sends the outbox through WeChat. Safe with several workers and across crashes:
 * - an entry is claimed with a lease (`status: 'sending'`, `leaseOwner`, `leaseUntil`) by one
 *   conditional update, so two workers never send the same entry;
 * - a claimed entry whose lease ran out belonged to a worker that died: if it died before marking
 *   the entry `calling` (lookups, pacing), the entry is simply retried; if it died after, WeChat may
 *   already have delivered it and has no idempotency key, so it is closed as `uncertain` and NEVER
 *   resent — nobody gets a message twice, and the in-app centre has it anyway;
 * - a grant is consumed before sending; no grant (or WeChat's 43101) means in-app only, not an error
 *   loop; 47003 is our bug and is logged loudly with the field; transient errors (busy, network,
 *   rate limit) go back to pending with exponential backoff; timeouts are `uncertain` (WeChat may
 *   have acted).
 */
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { WechatClient } from '../../wechat/index'
import { WechatError } from '../../wechat/errors'
import { userModel } from '../users/model'
import type { TemplateConfigs } from './enqueue'
import { grantModel, outboxModel, prefsModel, type OutboxDoc, type OutboxResult } from './model'

export interface OutboxWorkerOptions {
  db: Connection
  wechat: WechatClient | null
  templates: TemplateConfigs
  /** Sends per second at most (WeChat's quota, or the fake's configured rate). */
  ratePerSecond?: number
  concurrency?: number
  leaseMs?: number
  maxAttempts?: number
  owner?: string
  log?: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void }
}

const RETRYABLE = new Set([
  'WECHAT_BUSY',
  'WECHAT_UNAVAILABLE',
  'WECHAT_RATE_LIMITED',
  'WECHAT_TOKEN_INVALID',
])
const URGENT_KINDS = new Set(['meeting_reminder', 'action_overdue', 'callback_request'])

export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 10 * 60_000)
}

export class OutboxWorker {
  readonly owner: string
  private readonly opts: Required<Omit<OutboxWorkerOptions, 'wechat' | 'log'>> &
    Pick<OutboxWorkerOptions, 'wechat' | 'log'>
  private nextSlot = 0

  constructor(options: OutboxWorkerOptions) {
    this.owner = options.owner ?? `worker-${randomUUID()}`
    this.opts = {
      ratePerSecond: 50,
      concurrency: 4,
      leaseMs: 30_000,
      maxAttempts: 8,
      ...options,
      owner: this.owner,
    }
  }

  /** Closes entries left `sending` by dead workers (lease expired) as `uncertain`. */
  async recoverExpired(now = new Date()): Promise<number> {
    const result = await outboxModel(this.opts.db).updateMany(
      { status: 'sending', leaseUntil: { $lt: now } },
      {
        $set: {
          status: 'done',
          result: 'uncertain',
          doneAt: now,
          lastError: 'worker died while sending',
        },
      },
    )
    return result.modifiedCount
  }

  /** Claims and sends until nothing is due; returns how many entries it finished. */
  async drain(): Promise<number> {
    await this.recoverExpired()
    let finished = 0
    const lanes = Array.from({ length: this.opts.concurrency }, async () => {
      for (;;) {
        const entry = await this.claim()
        if (!entry) return
        await this.process(entry)
        finished += 1
      }
    })
    await Promise.all(lanes)
    return finished
  }

  private async claim(now = new Date()): Promise<OutboxDoc | null> {
    return outboxModel(this.opts.db)
      .findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        {
          $set: {
            status: 'sending',
            phase: 'claimed',
            leaseOwner: this.owner,
            leaseUntil: new Date(now.getTime() + this.opts.leaseMs),
          },
          $inc: { attempts: 1 },
        },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<OutboxDoc>()
  }

  /** Spaces sends so that all lanes together stay under `ratePerSecond`. */
  private async pace(): Promise<void> {
    const interval = 1000 / this.opts.ratePerSecond
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + interval
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now))
  }

  private async finish(entry: OutboxDoc, result: OutboxResult, error?: string): Promise<void> {
    await outboxModel(this.opts.db).updateOne(
      { _id: entry._id, leaseOwner: this.owner },
      {
        $set: {
          status: 'done',
          result,
          phase: null,
          doneAt: new Date(),
          leaseOwner: null,
          lastError: error,
        },
      },
    )
  }

  private async retryLater(entry: OutboxDoc, error: string): Promise<void> {
    if (entry.attempts >= this.opts.maxAttempts) return this.finish(entry, 'failed', error)
    await outboxModel(this.opts.db).updateOne(
      { _id: entry._id, leaseOwner: this.owner },
      {
        $set: {
          status: 'pending',
          phase: null,
          leaseOwner: null,
          leaseUntil: null,
          lastError: error,
          nextAttemptAt: new Date(Date.now() + backoffMs(entry.attempts)),
        },
      },
    )
  }

  /** Takes one one-time grant; true when there was one. */
  private async takeGrant(entry: OutboxDoc, templateId: string): Promise<boolean> {
    const taken = await grantModel(this.opts.db).findOneAndUpdate(
      { userId: entry.userId, templateId, remaining: { $gt: 0 } },
      { $inc: { remaining: -1 }, $set: { updatedAt: new Date() } },
    )
    return taken !== null
  }

  private async giveBackGrant(entry: OutboxDoc, templateId: string): Promise<void> {
    await grantModel(this.opts.db).updateOne(
      { userId: entry.userId, templateId },
      { $inc: { remaining: 1 }, $set: { updatedAt: new Date() } },
    )
  }

  private async process(entry: OutboxDoc): Promise<void> {
    const { db, wechat, templates } = this.opts
    const templateId = templates[entry.template].templateId
    const [user, prefs] = await Promise.all([
      userModel(db).findById(entry.userId, { openid: 1 }).lean(),
      prefsModel(db).findById(entry.userId).lean(),
    ])
    if (!wechat || !user?.openid) return this.finish(entry, 'no_openid')
    if (prefs?.mutedKinds.includes(entry.kind)) return this.finish(entry, 'opted_out')
    if (prefs?.digest && !URGENT_KINDS.has(entry.kind)) return this.finish(entry, 'digest')
    await this.pace()
    // From here on WeChat may act: mark it first, so a crash is known to be ambiguous.
    const marked = await outboxModel(db).updateOne(
      { _id: entry._id, leaseOwner: this.owner, status: 'sending' },
      { $set: { phase: 'calling', leaseUntil: new Date(Date.now() + this.opts.leaseMs) } },
    )
    if (marked.modifiedCount === 0) return // our lease was taken over: leave it to its new owner
    if (!(await this.takeGrant(entry, templateId))) return this.finish(entry, 'no_grant')
    const data = Object.fromEntries(Object.entries(entry.data).map(([k, v]) => [k, v.value]))
    try {
      await wechat.sendSubscribeMessage({ touser: user.openid, templateId, data, page: entry.page })
      await this.finish(entry, 'sent')
    } catch (error) {
      const code = error instanceof WechatError ? error.code : 'UNKNOWN'
      const message = `${code}: ${(error as Error).message}`
      if (code === 'WECHAT_NO_SUBSCRIPTION') {
        // Our count said yes, WeChat says no: trust WeChat and stop spending.
        await grantModel(db).updateOne(
          { userId: entry.userId, templateId },
          { $set: { remaining: 0, updatedAt: new Date() } },
        )
        return this.finish(entry, 'no_grant', message)
      }
      if (code === 'WECHAT_TEMPLATE_DATA_INVALID') {
        this.opts.log?.error(
          {
            outboxId: String(entry._id),
            template: entry.template,
            field: (error as WechatError).field,
          },
          'subscription message rejected by WeChat (47003): the formatter let an invalid value through',
        )
        await this.giveBackGrant(entry, templateId)
        return this.finish(entry, 'failed', message)
      }
      if (code === 'WECHAT_TIMEOUT') return this.finish(entry, 'uncertain', message)
      if (RETRYABLE.has(code)) {
        await this.giveBackGrant(entry, templateId)
        return this.retryLater(entry, message)
      }
      await this.giveBackGrant(entry, templateId)
      return this.finish(entry, 'failed', message)
    }
  }
}
