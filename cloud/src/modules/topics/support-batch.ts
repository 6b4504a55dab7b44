/**
 * One batch of supports (附议) or withdrawals on one topic, committed in ONE transaction (see
 * `group-commit.ts`). The topic, the room's rules and every caller's standing are read once per
 * batch; each caller is judged by the shared guards; then
 *   supports    — a bulk upsert (`$setOnInsert`) on the unique (topicId, userId) index: an upsert
 *                 that inserts is a new support, one that matches is the idempotent repeat; and
 *                 one `$inc` of the topic's count by the number of new ones, guarded by the
 *                 supportable states. If the guard fails, the transaction aborts: nothing stays,
 *                 every new support is refused SUPPORT_CLOSED and repeats keep their answer;
 *   withdrawals — which callers do support is read inside the transaction, their supports are
 *                 deleted and the count goes down by the number deleted, under the same guard.
 * Another instance upserting the same pair at once makes a duplicate-key error (or a write
 * conflict, retried by the driver): the batch is run again and then finds the support there.
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import {
  canSupport,
  canWithdrawSupport,
  SUPPORTABLE_STATES,
} from '../../../../shared/domain/topic-guards'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import type { TopicRules } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import type { Caller, Standing } from './caller'
import type { Outcome } from './group-commit'
import { supportModel, topicModel, type TopicDoc } from './model'
import type { SupportResult } from './schema'
import { callerStanding } from './topic-view'
import { topicFacts } from './transition'

export interface SupportRequest {
  kind: 'support' | 'withdraw'
  caller: Caller
  now: Date
}

/** The topic's count and state right after a batch. */
export interface CountAfter {
  supportCount: number
  state: TopicState
}

export interface BatchCommit {
  /** Answers, one per request, in order. */
  outcomes: Array<Outcome<SupportResult>>
  /** The topic after the batch (null when nothing was written or read). */
  after: CountAfter | null
  /** Supports added (positive) or withdrawn (negative) by the batch. */
  change: number
}

const AFTER_FIELDS = { projection: { supportCount: 1, state: 1 } } as const
const DUPLICATE_KEY_RETRIES = 5

function isDuplicateKey(error: unknown): boolean {
  const found = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null
  return found?.code === 11000 || (found?.writeErrors ?? []).some((e) => e.code === 11000)
}

function fail(error: unknown): Outcome<SupportResult> {
  return { ok: false, error }
}

function answer(after: CountAfter, supportedByMe: boolean): Outcome<SupportResult> {
  return {
    ok: true,
    value: { supportCount: after.supportCount, supportedByMe, state: after.state },
  }
}

/** Every caller's standing on the topic (NOT_FOUND for a caller it is hidden from). */
export async function standingsOf(
  topic: TopicDoc,
  requests: readonly SupportRequest[],
): Promise<Array<Outcome<Standing>>> {
  return Promise.all(
    requests.map((request) =>
      callerStanding(topic, request.caller).then(
        (value): Outcome<Standing> => ({ ok: true, value }),
        (error: unknown): Outcome<Standing> => ({ ok: false, error }),
      ),
    ),
  )
}

/** Runs `work` in a transaction, again when another instance won a unique-key race meanwhile. */
async function inTransaction(db: Connection, work: (session: ClientSession) => Promise<void>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.transaction(work)
      return
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= DUPLICATE_KEY_RETRIES) throw error
    }
  }
}

async function readAfter(db: Connection, topicId: Types.ObjectId, session?: ClientSession) {
  const after = await topicModel(db).collection.findOne(
    { _id: topicId },
    { ...AFTER_FIELDS, session },
  )
  if (!after) throw new DomainError('NOT_FOUND', '找不到该议题')
  return after as unknown as CountAfter
}

/** Moves the topic's count by `change` if it still takes supports; null when it no longer does. */
async function moveCount(
  db: Connection,
  topicId: Types.ObjectId,
  change: number,
  now: Date,
  session: ClientSession,
): Promise<CountAfter | null> {
  const after = await topicModel(db).collection.findOneAndUpdate(
    { _id: topicId, state: { $in: [...SUPPORTABLE_STATES] } },
    { $inc: { supportCount: change }, $set: { updatedAt: now } },
    { ...AFTER_FIELDS, session, returnDocument: 'after' },
  )
  return after as unknown as CountAfter | null
}

export async function commitSupports(
  db: Connection,
  topic: TopicDoc,
  requests: readonly SupportRequest[],
  rules: TopicRules,
): Promise<BatchCommit> {
  const facts = topicFacts(topic)
  const standings = await standingsOf(topic, requests)
  const outcomes: Array<Outcome<SupportResult> | undefined> = requests.map(() => undefined)
  /** Callers the guards let through, each once (a repeat in the batch shares the first's write). */
  const writes = new Map<string, { userId: Types.ObjectId; at: Date }>()
  const refused = new Map<number, DomainError>()
  const userKeys = requests.map((request) => new Types.ObjectId(request.caller.userId))
  requests.forEach((request, i) => {
    const standing = standings[i]
    if (!standing.ok) return (outcomes[i] = standing)
    const ctx = { ...standing.value.ctx, rules, now: request.now }
    const verdict = canSupport(facts, ctx, { alreadySupported: false })
    if (!verdict.ok) return refused.set(i, new DomainError(verdict.code, verdict.reason))
    const key = userKeys[i].toHexString()
    if (!writes.has(key)) writes.set(key, { userId: userKeys[i], at: request.now })
  })

  let after: CountAfter | null = null
  let fresh = 0
  /** Callers whose support already existed (the idempotent repeat). */
  let repeats = new Set<string>()
  let closed = false
  if (writes.size > 0) {
    const rows = [...writes.values()]
    try {
      await inTransaction(db, async (session) => {
        closed = false
        const written = await supportModel(db).collection.bulkWrite(
          rows.map(({ userId, at }) => ({
            updateOne: {
              filter: { topicId: topic._id, userId },
              update: { $setOnInsert: { createdAt: at } },
              upsert: true,
            },
          })),
          { session, ordered: true },
        )
        const inserted = new Set(Object.keys(written.upsertedIds).map(Number))
        repeats = new Set(
          rows.filter((_, i) => !inserted.has(i)).map((row) => row.userId.toHexString()),
        )
        fresh = written.upsertedCount
        if (fresh === 0) {
          after = await readAfter(db, topic._id, session)
          return
        }
        after = await moveCount(db, topic._id, fresh, rows[0].at, session)
        if (after) return
        // The topic left the supportable states since we looked: no new support may stay.
        closed = true
        throw new DomainError('SUPPORT_CLOSED')
      })
    } catch (error) {
      if (!closed) throw error
      fresh = 0
      after = null
    }
  }

  // Callers the guards refused may already support it (a repeat once supports closed): PUT is
  // idempotent, so they get the current result rather than the refusal.
  let supporters = new Set<string>()
  if (refused.size > 0) {
    const ids = [...refused.keys()].map((i) => userKeys[i])
    const found = await supportModel(db)
      .collection.find({ topicId: topic._id, userId: { $in: ids } }, { projection: { userId: 1 } })
      .toArray()
    supporters = new Set(found.map((row) => String(row.userId)))
  }
  const needsRead =
    closed || [...refused.keys()].some((i) => supporters.has(userKeys[i].toHexString()))
  const current: CountAfter | null = after ?? (needsRead ? await readAfter(db, topic._id) : null)
  requests.forEach((_, i) => {
    if (outcomes[i]) return
    const key = userKeys[i].toHexString()
    const error = refused.get(i)
    if (error) {
      outcomes[i] = supporters.has(key) && current ? answer(current, true) : fail(error)
    } else if (closed) {
      outcomes[i] =
        repeats.has(key) && current
          ? answer(current, true)
          : fail(new DomainError('SUPPORT_CLOSED'))
    } else if (current) {
      outcomes[i] = answer(current, true)
    }
  })
  return {
    outcomes: outcomes.map((o) => o ?? fail(new Error('support batch left a request'))),
    after: current,
    change: fresh,
  }
}

export async function commitWithdrawals(
  db: Connection,
  topic: TopicDoc,
  requests: readonly SupportRequest[],
): Promise<BatchCommit> {
  const facts = topicFacts(topic)
  const standings = await standingsOf(topic, requests)
  const userKeys = requests.map((request) => new Types.ObjectId(request.caller.userId))
  const Supports = supportModel(db).collection
  let outcomes: Array<Outcome<SupportResult> | undefined> = []
  let after: CountAfter | null = null
  let removed = 0
  let closed = false
  const pending = requests.map((_, i) => i).filter((i) => standings[i].ok)
  try {
    await inTransaction(db, async (session) => {
      outcomes = standings.map((standing) => (standing.ok ? undefined : standing))
      closed = false
      removed = 0
      const ids = pending.map((i) => userKeys[i])
      const found =
        ids.length === 0
          ? []
          : await Supports.find(
              { topicId: topic._id, userId: { $in: ids } },
              { projection: { userId: 1 }, session },
            ).toArray()
      const supporters = new Set(found.map((row) => String(row.userId)))
      const leaving: Types.ObjectId[] = []
      for (const i of pending) {
        const standing = standings[i] as { ok: true; value: Standing }
        const ctx = { ...standing.value.ctx, now: requests[i].now }
        const alreadySupported = supporters.has(userKeys[i].toHexString())
        const verdict = canWithdrawSupport(facts, ctx, { alreadySupported })
        if (!verdict.ok) outcomes[i] = fail(new DomainError(verdict.code, verdict.reason))
        else leaving.push(userKeys[i])
      }
      if (leaving.length > 0) {
        const deleted = await Supports.deleteMany(
          { topicId: topic._id, userId: { $in: leaving } },
          { session },
        )
        removed = deleted.deletedCount
      }
      if (removed === 0) {
        after = leaving.length > 0 ? await readAfter(db, topic._id, session) : null
        return
      }
      after = await moveCount(db, topic._id, -removed, requests[0].now, session)
      if (after) return
      closed = true
      throw new DomainError('SUPPORT_CLOSED')
    })
  } catch (error) {
    if (!closed) throw error
    removed = 0
    after = null
  }
  const current = after as CountAfter | null
  const answers = requests.map((_, i): Outcome<SupportResult> => {
    const decided = outcomes[i]
    if (decided) return decided
    if (closed || !current) return fail(new DomainError('SUPPORT_CLOSED'))
    return answer(current, false)
  })
  return { outcomes: answers, after: current, change: -removed }
}
