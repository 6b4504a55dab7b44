/**
 * Sends the outbox through WeChat. Safe with several workers and across crashes:
 * - an entry is claimed under a lease (`status: 'sending'`, `leaseOwner`, `leaseUntil`) by one
 *   conditional update, so two workers never send the same entry; it is claimed right before its
 *   WeChat call, straight into phase `calling` (`outbox-claim.ts`), so a worker holds no entry it
 *   is not about to call;
 * - a claimed entry whose lease ran out belonged to a worker that died while calling WeChat for it:
 *   WeChat may have delivered it and has no idempotency key, so it is closed as `uncertain` and
 *   NEVER resent — nobody gets a message twice, and the in-app centre has it anyway (entries left
 *   `claimed` by an older worker version were never called, and are retried);
 * - a grant is consumed before sending; no grant (or WeChat's 43101) means in-app only, not an error
 *   loop; 47003 is our bug and is logged loudly with the field; transient errors go back to pending
 *   with exponential backoff; timeouts are `uncertain` (`outbox-send.ts`).
 * Throughput: candidates are read in batches with their recipients' lookups; entries that need no
 * WeChat call (no openid, muted, digest reader, no grant) are closed without one. The rest are sent
 * in small GROUPS paced by a token bucket (`outbox-pacing.ts`): a group is claimed, then the grants
 * of the entries it won are taken (`claimWithGrants`), its calls run together, and finished entries are written together
 * (`outbox-writes.ts`) — three document writes per message, in a few commands per group.
 * At most `concurrency` entries are between their claim and the end of their WeChat call, and at
 * most twice that many between their claim and the write of their outcome — so a crash leaves at
 * most `2 × concurrency` entries `uncertain`, and in practice the few whose calls were under way.
 */
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { WechatClient } from '../../wechat/index'
import type { TemplateConfigs } from './enqueue'
import type { OutboxDoc, OutboxResult } from './model'
import {
  closeUnsent,
  readCandidates,
  recoverExpiredLeases,
  releaseUncalled,
  type Candidate,
} from './outbox-claim'
import { TokenBucket, Waker } from './outbox-pacing'
import { sendClaimed, type SendContext } from './outbox-send'
import { claimWithGrants, DoneWriter } from './outbox-writes'

export { backoffMs } from './outbox-send'

export interface OutboxWorkerOptions {
  db: Connection
  wechat: WechatClient | null
  templates: TemplateConfigs
  /** Sends per second at most (WeChat's quota, or the fake's configured rate). */
  ratePerSecond?: number
  /**
   * WeChat calls under way at most (counted from the claim that precedes each); entries claimed but
   * whose outcome is not yet written are at most twice as many.
   */
  concurrency?: number
  /** Candidates read per round trip. */
  batchSize?: number
  leaseMs?: number
  maxAttempts?: number
  owner?: string
  log?: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void }
}

const URGENT_KINDS = new Set(['meeting_reminder', 'action_overdue', 'callback_request'])
/** The bucket saves up at most this much time's worth of sends (catching up after a stall). */
const BURST_MS = 250
/** Workers read candidates from one of this many windows of the oldest due entries, at random. */
const SPREAD = 4

/** How a picked candidate ended: its outcome written, claimed by another worker, pending again. */
type Settled = 'finished' | 'lost' | 'again'

export interface DrainOptions {
  /** Stop claiming when aborted: the calls under way finish and are recorded. */
  signal?: AbortSignal
}

export class OutboxWorker {
  readonly owner: string
  private readonly opts: Required<Omit<OutboxWorkerOptions, 'wechat' | 'log'>> &
    Pick<OutboxWorkerOptions, 'wechat' | 'log'>
  private readonly bucket: TokenBucket
  private readonly done: DoneWriter
  private readonly tokenPrefix = randomUUID().slice(0, 8)
  private groups = 0

  constructor(options: OutboxWorkerOptions) {
    this.owner = options.owner ?? `worker-${randomUUID()}`
    this.opts = {
      ratePerSecond: 50,
      concurrency: 4,
      batchSize: 64,
      leaseMs: 30_000,
      maxAttempts: 8,
      ...options,
      owner: this.owner,
    }
    const { ratePerSecond, concurrency } = this.opts
    this.bucket = new TokenBucket(
      ratePerSecond,
      Math.max(concurrency, Math.ceil((ratePerSecond * BURST_MS) / 1000)),
    )
    this.done = new DoneWriter(this.opts.db, this.owner)
  }

  /**
   * Entries of dead workers (lease expired): closed as `uncertain` when WeChat may have been called
   * for them, else back to pending.
   */
  async recoverExpired(now = new Date()): Promise<number> {
    return recoverExpiredLeases(this.opts.db, now)
  }

  /** Claims and sends until nothing is due (or `signal` aborts); returns how many it finished. */
  async drain(options: DrainOptions = {}): Promise<number> {
    const { signal } = options
    await this.recoverExpired()
    const { db, concurrency, templates } = this.opts
    const size = Math.max(1, this.opts.batchSize)
    // Groups of about half the concurrency: two overlap, and each costs a few round trips.
    const groupSize = Math.max(1, Math.ceil(concurrency / 2))
    const lowWater = Math.max(2 * concurrency, Math.ceil(size / 2))
    const waker = new Waker()
    const onAbort = (): void => waker.wake()
    signal?.addEventListener('abort', onAbort)

    let candidates: Candidate[] = []
    /** Entries this worker claimed, closed or lost in this drain: a later read may be stale. */
    const taken = new Set<string>()
    const grantsInFlight = new Set<string>()
    const work = new Set<Promise<void>>()
    /** Claimed entries whose call is not over, and those whose outcome is not yet written. */
    let inFlight = 0
    let unsettled = 0
    let finished = 0
    let exhausted = false
    let refill: Promise<void> | null = null
    let failure: { error: unknown } | null = null

    const track = (promise: Promise<void>): void => {
      const tracked = promise
        .catch((error: unknown) => {
          failure ??= { error }
        })
        .finally(() => {
          work.delete(tracked)
          waker.wake()
        })
      work.add(tracked)
    }
    const startRefill = (): void => {
      if (refill || exhausted) return
      refill = readCandidates(db, { size, templates, skip: taken, spread: SPREAD })
        .then((read) => {
          // Nothing due, or nothing new to this drain: the next drain takes over.
          if (read.length === 0) exhausted = true
          candidates = []
          const unsent = new Map<OutboxResult, OutboxDoc[]>()
          for (const candidate of read) {
            const id = String(candidate.entry._id)
            if (taken.has(id)) continue // claimed while its lookups were read
            const result = this.withoutWechat(candidate)
            if (!result) {
              candidates.push(candidate)
              continue
            }
            taken.add(id)
            const entries = unsent.get(result)
            if (entries) entries.push(candidate.entry)
            else unsent.set(result, [candidate.entry])
          }
          for (const [result, entries] of unsent) {
            track(closeUnsent(db, entries, result).then((closed) => void (finished += closed)))
          }
        })
        .catch((error: unknown) => {
          failure ??= { error }
        })
        .finally(() => {
          refill = null
          waker.wake()
        })
    }

    while (!signal?.aborted && !failure) {
      if (candidates.length < lowWater) startRefill()
      if (candidates.length === 0) {
        if (exhausted && !refill) break
        await waker.wait()
        continue
      }
      // A group waits for room and tokens for a whole group (unless fewer candidates are left):
      // one freed slot at a time would make groups of one, each costing its own round trips.
      const want = Math.min(groupSize, candidates.length)
      const free = Math.min(concurrency - inFlight, 2 * concurrency - unsettled)
      if (free < want) {
        await waker.wait()
        continue
      }
      const wait = this.bucket.msUntil(want)
      if (wait > 0) {
        await waker.wait(wait)
        continue
      }
      const tokens = this.bucket.take(Math.min(free, candidates.length))
      const group = pickGroup(candidates, tokens, grantsInFlight)
      this.bucket.giveBack(tokens - group.length)
      if (group.length === 0) {
        await waker.wait() // every candidate waits for a grant in flight
        continue
      }
      inFlight += group.length
      unsettled += group.length
      for (const { entry, grant } of group) {
        taken.add(String(entry._id))
        grantsInFlight.add(String(grant!._id))
      }
      const callOver = (candidate: Candidate, called: boolean): void => {
        inFlight -= 1
        if (!called) this.bucket.giveBack(1) // no call made: the token was not spent
        grantsInFlight.delete(String(candidate.grant!._id))
        waker.wake()
      }
      const settled = (candidate: Candidate, how: Settled): void => {
        unsettled -= 1
        if (how === 'finished') finished += 1
        // Pending again (its grant was busy): the next read may offer it anew.
        if (how === 'again') taken.delete(String(candidate.entry._id))
        waker.wake()
      }
      track(this.sendGroup(group, callOver, settled))
    }

    signal?.removeEventListener('abort', onAbort)
    await (refill as Promise<void> | null)
    while (work.size > 0) await Promise.all(work)
    if (failure) throw (failure as { error: unknown }).error
    return finished
  }

  /** The result of an entry that needs no WeChat call, or null when it is to be sent. */
  private withoutWechat({ entry, openid, prefs, grant }: Candidate): OutboxResult | null {
    if (!this.opts.wechat || !openid) return 'no_openid'
    if (prefs?.mutedKinds.includes(entry.kind)) return 'opted_out'
    // Digest readers get the digest itself, and urgent kinds, as messages.
    if (prefs?.digest && entry.kind !== 'digest' && !URGENT_KINDS.has(entry.kind)) return 'digest'
    if (!grant || grant.remaining <= 0) return 'no_grant'
    return null
  }

  /**
   * Claims the group (`calling`, right before the calls), then takes the grants of the entries it
   * won, then calls WeChat for each entry won with its grant. An entry won whose grant was taken
   * (for another message in flight) goes back to pending, and the next read decides. Per
   * candidate, `callOver` runs as soon as its call is over (or it needs none), then `settled` once
   * its outcome is written. If a
   * round trip fails (database unreachable), the claimed entries stay `calling` under their lease,
   * and are closed as uncertain once it expires.
   */
  private async sendGroup(
    group: readonly Candidate[],
    callOver: (candidate: Candidate, called: boolean) => void,
    settled: (candidate: Candidate, how: Settled) => void,
  ): Promise<void> {
    const { db, leaseMs } = this.opts
    const calling = new Set(group)
    const unsettled = new Set(group)
    const over = (candidate: Candidate, called: boolean): void => {
      if (calling.delete(candidate)) callOver(candidate, called)
    }
    const settle = (candidate: Candidate, how: Settled): void => {
      over(candidate, false)
      if (unsettled.delete(candidate)) settled(candidate, how)
    }
    try {
      const token = `${this.tokenPrefix}:${(this.groups += 1).toString(36)}`
      const { won, granted } = await claimWithGrants(
        db,
        this.owner,
        new Date(Date.now() + leaseMs),
        group.map(({ entry, grant }) => ({ entry, grantId: grant!._id })),
        token,
      )
      const hasGrant = (candidate: Candidate) => granted.has(String(candidate.grant!._id))
      const ctx = this.sendContext()
      const again: Array<{ candidate: Candidate; entry: OutboxDoc }> = []
      const work: Array<Promise<void>> = []
      for (const candidate of group) {
        const entry = won.get(String(candidate.entry._id))
        if (!entry) {
          settle(candidate, 'lost')
        } else if (!hasGrant(candidate)) {
          again.push({ candidate, entry })
        } else {
          const send = { entry, openid: candidate.openid!, grant: candidate.grant! }
          work.push(
            sendClaimed(ctx, send, () => over(candidate, true)).finally(() =>
              settle(candidate, 'finished'),
            ),
          )
        }
      }
      if (again.length > 0) {
        const entries = again.map(({ entry }) => entry)
        work.push(
          releaseUncalled(db, this.owner, entries).then(() => {
            for (const { candidate } of again) settle(candidate, 'again')
          }),
        )
      }
      const outcomes = await Promise.allSettled(work)
      const failed = outcomes.find((outcome) => outcome.status === 'rejected')
      if (failed) throw (failed as PromiseRejectedResult).reason
    } finally {
      for (const candidate of [...unsettled]) settle(candidate, 'finished')
    }
  }

  private sendContext(): SendContext {
    const { db, wechat, templates, maxAttempts, log } = this.opts
    return { db, wechat: wechat!, templates, owner: this.owner, maxAttempts, done: this.done, log }
  }
}

/**
 * Takes up to `max` candidates at random for one group (so that workers reading the same oldest
 * entries rarely reach for the same ones), leaving in place those whose grant a group in flight,
 * or this one, is taking.
 */
function pickGroup(
  candidates: Candidate[],
  max: number,
  grantsInFlight: ReadonlySet<string>,
): Candidate[] {
  const group: Candidate[] = []
  const grants = new Set<string>()
  for (let tries = candidates.length; tries > 0 && group.length < max; tries -= 1) {
    if (candidates.length === 0) break
    const i = Math.floor(Math.random() * candidates.length)
    const grant = String(candidates[i].grant!._id)
    if (grantsInFlight.has(grant) || grants.has(grant)) continue
    grants.add(grant)
    group.push(candidates[i])
    candidates[i] = candidates[candidates.length - 1]
    candidates.pop()
  }
  return group
}
