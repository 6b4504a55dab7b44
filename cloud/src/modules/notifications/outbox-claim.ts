/**
 * How the outbox worker takes work.
 * - CANDIDATES are read in batches (one scan for the oldest due entries) with their recipients'
 *   openids, preferences and subscription grants (three lookups for the whole batch). Reading takes
 *   no lease: several workers may hold the same candidates.
 * - A candidate is CLAIMED only right before its WeChat call, by a conditional update that flips it
 *   from `pending` straight to `sending`/`calling` under this worker's lease — only if it is still
 *   pending with the `attempts` it was read with, so of several workers exactly one wins it. A
 *   worker thus holds no lease on entries it is not calling: a crash leaves nothing but the entries
 *   whose calls were under way (`calling`, closed as `uncertain`, never resent).
 * - Entries that need no WeChat call (no openid, muted, digest reader, no grant) are closed straight
 *   from `pending` by the same kind of conditional update; a claimed entry whose call is not made
 *   after all (its grant was busy) is handed back to `pending` (`releaseUncalled`).
 * Every claim increments `attempts`, and the worker conditions every later write on (`leaseOwner`,
 * `attempts`), so a stale copy of an entry can never be written or sent twice. Writes covering
 * several entries group them by `attempts` (`byAttempts`) with one `_id: { $in }` filter per group —
 * never an `$or` of (`_id`, `attempts`) pairs, which no index serves.
 * Recovery of dead workers' leases lives here too: an entry still `claimed` (WeChat never called)
 * goes back to `pending`; one that was `calling` is closed as `uncertain` and never resent.
 */
import type { Connection, Types } from 'mongoose'
import { userModel } from '../users/model'
import type { TemplateConfigs } from './enqueue'
import {
  grantModel,
  outboxModel,
  prefsModel,
  type OutboxDoc,
  type OutboxResult,
  type PrefsDoc,
} from './model'

/** The recipient's subscription grant for the entry's template, as it was when read. */
export interface GrantSeen {
  _id: Types.ObjectId
  remaining: number
}

export interface Candidate {
  /** As read: `attempts` is the version a claim is conditioned on. */
  entry: OutboxDoc
  openid: string | null
  prefs: PrefsDoc | null
  grant: GrantSeen | null
}

/** Entries grouped by `attempts`: one `_id: { $in }` write per group. */
export function byAttempts(entries: readonly OutboxDoc[]): Map<number, Types.ObjectId[]> {
  const groups = new Map<number, Types.ObjectId[]>()
  for (const entry of entries) {
    const ids = groups.get(entry.attempts)
    if (ids) ids.push(entry._id)
    else groups.set(entry.attempts, [entry._id])
  }
  return groups
}

/**
 * Up to `size` due entries with their lookups, oldest first, leaving out `skip` (entries this
 * worker took since: the copy read may be stale).
 */
export async function readCandidates(
  db: Connection,
  options: {
    size: number
    templates: TemplateConfigs
    skip: ReadonlySet<string>
    /** Read one of the first `spread` windows of `size` at random (the first when it is empty). */
    spread: number
  },
): Promise<Candidate[]> {
  const now = new Date()
  // No sort: the hinted index yields due entries oldest first on MongoDB, and the embedded DB
  // yields them in the order they became pending; an explicit sort would make the embedded DB
  // sort the whole backlog for every batch.
  const scan = (offset: number) =>
    outboxModel(db)
      .collection.find({ status: 'pending', nextAttemptAt: { $lte: now } })
      .hint({ status: 1, nextAttemptAt: 1 })
      .skip(offset)
      .limit(options.size)
      .toArray() as unknown as Promise<OutboxDoc[]>
  const offset = Math.floor(Math.random() * options.spread) * options.size
  let rows = await scan(offset)
  if (rows.length === 0 && offset > 0) rows = await scan(0)
  const entries = rows.filter((row) => !options.skip.has(String(row._id)))
  if (entries.length === 0) return []
  const { templates } = options
  const userIds = [
    ...new Map(entries.map((entry) => [String(entry.userId), entry.userId])).values(),
  ]
  const templateIds = [...new Set(entries.map((entry) => templates[entry.template].templateId))]
  const [users, prefs, grants] = await Promise.all([
    userModel(db)
      .collection.find({ _id: { $in: userIds } }, { projection: { openid: 1 } })
      .toArray(),
    prefsModel(db)
      .collection.find({ _id: { $in: userIds } })
      .toArray() as unknown as Promise<PrefsDoc[]>,
    grantModel(db)
      .collection.find(
        { userId: { $in: userIds }, templateId: { $in: templateIds } },
        { projection: { userId: 1, templateId: 1, remaining: 1 } },
      )
      .toArray(),
  ])
  const openids = new Map(users.map((user) => [String(user._id), (user.openid as string) ?? null]))
  const prefsOf = new Map(prefs.map((row) => [String(row._id), row]))
  const grantOf = new Map(
    grants.map((grant) => [
      `${String(grant.userId)}:${grant.templateId as string}`,
      { _id: grant._id, remaining: grant.remaining as number },
    ]),
  )
  return entries.map((entry) => ({
    entry,
    openid: openids.get(String(entry.userId)) ?? null,
    prefs: prefsOf.get(String(entry.userId)) ?? null,
    grant: grantOf.get(`${String(entry.userId)}:${templates[entry.template].templateId}`) ?? null,
  }))
}

/**
 * Claims the candidates for an immediate WeChat call (`pending` → `sending`/`calling`); returns the
 * entries this worker won, as claimed (their `attempts` incremented).
 */
export async function claimForCalling(
  db: Connection,
  owner: string,
  leaseUntil: Date,
  entries: readonly OutboxDoc[],
): Promise<OutboxDoc[]> {
  const outbox = outboxModel(db).collection
  const groups = [...byAttempts(entries)]
  const results = await Promise.all(
    groups.map(([attempts, ids]) =>
      outbox.updateMany(
        { _id: { $in: ids }, status: 'pending', attempts },
        {
          $set: { status: 'sending', phase: 'calling', leaseOwner: owner, leaseUntil },
          $inc: { attempts: 1 },
        },
      ),
    ),
  )
  const claimed = (entry: OutboxDoc): OutboxDoc => ({ ...entry, attempts: entry.attempts + 1 })
  if (results.reduce((sum, r) => sum + r.modifiedCount, 0) === entries.length) {
    return entries.map(claimed)
  }
  // Another worker won some of them: read which are ours.
  const ours = await Promise.all(
    groups.map(([attempts, ids]) =>
      outbox
        .find(
          { _id: { $in: ids }, leaseOwner: owner, attempts: attempts + 1, phase: 'calling' },
          { projection: { _id: 1 } },
        )
        .toArray(),
    ),
  )
  const won = new Set(ours.flat().map((row) => String(row._id)))
  return entries.filter((entry) => won.has(String(entry._id))).map(claimed)
}

/** Hands back claimed entries whose call was not made (their grant was busy): due again at once. */
export async function releaseUncalled(
  db: Connection,
  owner: string,
  entries: readonly OutboxDoc[],
): Promise<void> {
  const outbox = outboxModel(db).collection
  await Promise.all(
    [...byAttempts(entries)].map(([attempts, ids]) =>
      outbox.updateMany(
        { _id: { $in: ids }, leaseOwner: owner, attempts, phase: 'calling' },
        { $set: { status: 'pending', phase: null, leaseOwner: null, leaseUntil: null } },
      ),
    ),
  )
}

/** Closes still-pending entries that need no WeChat call; returns how many this call closed. */
export async function closeUnsent(
  db: Connection,
  entries: readonly OutboxDoc[],
  result: OutboxResult,
): Promise<number> {
  const outbox = outboxModel(db).collection
  const doneAt = new Date()
  const results = await Promise.all(
    [...byAttempts(entries)].map(([attempts, ids]) =>
      outbox.updateMany(
        { _id: { $in: ids }, status: 'pending', attempts },
        {
          $set: { status: 'done', result, phase: null, doneAt, leaseOwner: null, leaseUntil: null },
          $inc: { attempts: 1 },
        },
      ),
    ),
  )
  return results.reduce((sum, r) => sum + r.modifiedCount, 0)
}

/**
 * Entries whose worker died (lease expired): still `claimed` → nothing reached WeChat, pending again;
 * `calling` (or an unknown phase) → WeChat may have delivered, closed as `uncertain`.
 */
export async function recoverExpiredLeases(db: Connection, now = new Date()): Promise<number> {
  const Outbox = outboxModel(db)
  const retried = await Outbox.updateMany(
    { status: 'sending', phase: 'claimed', leaseUntil: { $lt: now } },
    {
      $set: {
        status: 'pending',
        phase: null,
        leaseOwner: null,
        leaseUntil: null,
        nextAttemptAt: now,
        lastError: 'worker died before sending',
      },
    },
  )
  const closed = await Outbox.updateMany(
    { status: 'sending', phase: { $ne: 'claimed' }, leaseUntil: { $lt: now } },
    {
      $set: {
        status: 'done',
        result: 'uncertain',
        phase: null,
        doneAt: now,
        lastError: 'worker died while sending',
      },
    },
  )
  return retried.modifiedCount + closed.modifiedCount
}
