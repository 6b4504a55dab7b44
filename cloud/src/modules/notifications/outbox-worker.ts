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
 * Entries are claimed in batches with their recipients' lookups (`outbox-claim.ts`), so the DB work
 * per message is three small writes (mark calling, take the grant, finish) around the WeChat call.
 */
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { WechatClient } from '../../wechat/index'
import { WechatError } from '../../wechat/errors'
import type { TemplateConfigs } from './enqueue'
import { grantModel, outboxModel, type OutboxDoc, type OutboxResult } from './model'
import { claimBatch, recoverExpiredLeases, releaseClaimed, type ClaimedEntry } from './outbox-claim'

export interface OutboxWorkerOptions {
  db: Connection
  wechat: WechatClient | null
  templates: TemplateConfigs
  /** Sends per second at most (WeChat's quota, or the fake's configured rate). */
  ratePerSecond?: number
  concurrency?: number
  /** Entries claimed per round trip (fewer when the rate is so low they could outlive the lease). */
  batchSize?: number
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

export interface DrainOptions {
  /** Stop claiming when aborted: lanes finish the entry in hand, unstarted claims are handed back. */
  signal?: AbortSignal
}

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
      batchSize: 16,
      leaseMs: 30_000,
      maxAttempts: 8,
      ...options,
      owner: this.owner,
    }
  }

  /**
   * Entries of dead workers (lease expired): back to pending when WeChat was never called for them,
   * else closed as `uncertain`.
   */
  async recoverExpired(now = new Date()): Promise<number> {
    return recoverExpiredLeases(this.opts.db, now)
  }

  /** Claims and sends until nothing is due (or `signal` aborts); returns how many it finished. */
  async drain(options: DrainOptions = {}): Promise<number> {
    const { signal } = options
    await this.recoverExpired()
    const { concurrency, ratePerSecond, leaseMs } = this.opts
    // Claimed entries wait in the queue: keep a batch well inside the lease at the paced rate.
    const size = Math.max(
      1,
      Math.min(this.opts.batchSize, Math.floor((ratePerSecond * leaseMs) / 4000)),
    )
    const queue: ClaimedEntry[] = []
    let exhausted = false
    let failed = false
    let refill: Promise<void> | null = null
    const startRefill = (): Promise<void> =>
      (refill ??= claimBatch(this.opts.db, { owner: this.owner, leaseMs, size })
        .then((batch) => {
          if (batch.length === 0) exhausted = true
          queue.push(...batch)
        })
        .finally(() => {
          refill = null
        }))
    const next = async (): Promise<ClaimedEntry | null> => {
      for (;;) {
        if (signal?.aborted || failed) return null
        const claimed = queue.shift()
        // Claim the next batch while this one is being sent.
        if (!exhausted && queue.length < concurrency) void startRefill().catch(() => undefined)
        if (claimed) return claimed
        if (exhausted) return null
        await startRefill()
      }
    }
    let finished = 0
    const lanes = Array.from({ length: concurrency }, async () => {
      try {
        for (let claimed = await next(); claimed; claimed = await next()) {
          await this.process(claimed)
          finished += 1
        }
      } catch (error) {
        failed = true // the other lanes stop after the entry in hand
        throw error
      }
    })
    const settled = await Promise.allSettled(lanes)
    await (refill as Promise<void> | null)?.catch(() => undefined)
    await releaseClaimed(this.opts.db, this.owner, queue.splice(0))
    const rejected = settled.find((lane) => lane.status === 'rejected')
    if (rejected) throw (rejected as PromiseRejectedResult).reason
    return finished
  }

  /** Spaces sends so that all lanes together stay under `ratePerSecond`. */
  private async pace(): Promise<void> {
    const interval = 1000 / this.opts.ratePerSecond
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + interval
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now))
  }

  /** This worker's current claim of the entry (a stale copy of an older claim matches nothing). */
  private mine(entry: OutboxDoc) {
    return { _id: entry._id, leaseOwner: this.owner, attempts: entry.attempts }
  }

  /**
   * The per-message writes go through the driver's collection (`Model.collection`): the values are
   * already ObjectIds and Dates, and skipping mongoose's casting is a large share of the worker's
   * CPU at high volume.
   */
  private outbox() {
    return outboxModel(this.opts.db).collection
  }

  private async finish(entry: OutboxDoc, result: OutboxResult, error?: string): Promise<void> {
    await this.outbox().updateOne(this.mine(entry), {
      $set: {
        status: 'done',
        result,
        phase: null,
        doneAt: new Date(),
        leaseOwner: null,
        ...(error === undefined ? {} : { lastError: error }),
      },
    })
  }

  private async retryLater(entry: OutboxDoc, error: string): Promise<void> {
    if (entry.attempts >= this.opts.maxAttempts) return this.finish(entry, 'failed', error)
    await this.outbox().updateOne(this.mine(entry), {
      $set: {
        status: 'pending',
        phase: null,
        leaseOwner: null,
        leaseUntil: null,
        lastError: error,
        nextAttemptAt: new Date(Date.now() + backoffMs(entry.attempts)),
      },
    })
  }

  /** Takes one one-time grant; true when there was one. */
  private async takeGrant(entry: OutboxDoc, templateId: string): Promise<boolean> {
    const taken = await grantModel(this.opts.db).collection.findOneAndUpdate(
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

  private async process({ entry, openid, prefs }: ClaimedEntry): Promise<void> {
    const { db, wechat, templates } = this.opts
    const templateId = templates[entry.template].templateId
    if (!wechat || !openid) return this.finish(entry, 'no_openid')
    if (prefs?.mutedKinds.includes(entry.kind)) return this.finish(entry, 'opted_out')
    // Digest readers get the digest itself, and urgent kinds, as messages.
    if (prefs?.digest && entry.kind !== 'digest' && !URGENT_KINDS.has(entry.kind)) {
      return this.finish(entry, 'digest')
    }
    await this.pace()
    // From here on WeChat may act: mark it first, so a crash is known to be ambiguous.
    const marked = await this.outbox().updateOne(
      { ...this.mine(entry), status: 'sending', phase: 'claimed' },
      { $set: { phase: 'calling', leaseUntil: new Date(Date.now() + this.opts.leaseMs) } },
    )
    if (marked.modifiedCount === 0) return // our lease was taken over: leave it to its new owner
    if (!(await this.takeGrant(entry, templateId))) return this.finish(entry, 'no_grant')
    const data = Object.fromEntries(Object.entries(entry.data).map(([k, v]) => [k, v.value]))
    try {
      await wechat.sendSubscribeMessage({ touser: openid, templateId, data, page: entry.page })
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
