/**
 * How the outbox worker takes work: entries are claimed in BATCHES (one scan for the oldest due
 * entries, one conditional `updateMany` that flips only those still `pending`, one read of what this
 * worker won), and the recipients' openids and preferences are looked up for the whole batch at
 * once — a handful of round trips per batch instead of four per message. Each claim increments
 * `attempts`, and the worker conditions every later write on (`leaseOwner`, `attempts`), so a stale
 * copy of an entry (claimed, lease lost, claimed again) can never be sent twice.
 * Recovery of dead workers' leases lives here too: an entry still `claimed` (WeChat never called)
 * goes back to `pending`; one that was `calling` is closed as `uncertain` and never resent.
 */
import type { Connection, Types } from 'mongoose'
import { userModel } from '../users/model'
import { outboxModel, prefsModel, type OutboxDoc, type PrefsDoc } from './model'

export interface ClaimedEntry {
  entry: OutboxDoc
  openid: string | null
  prefs: PrefsDoc | null
}

export interface ClaimOptions {
  owner: string
  leaseMs: number
  size: number
}

/** Claims up to `size` due entries for `owner`; empty when nothing is due. */
export async function claimBatch(db: Connection, options: ClaimOptions): Promise<ClaimedEntry[]> {
  const Outbox = outboxModel(db)
  for (;;) {
    const now = new Date()
    // No sort: the hinted index yields due entries oldest first on MongoDB, and the embedded DB
    // yields them in the order they became pending; an explicit sort would make the embedded DB
    // sort the whole backlog for every batch.
    const due = await Outbox.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { _id: 1 })
      .hint({ status: 1, nextAttemptAt: 1 })
      .limit(options.size)
      .lean<Array<{ _id: Types.ObjectId }>>()
    if (due.length === 0) return []
    const ids = due.map((row) => row._id)
    await Outbox.updateMany(
      { _id: { $in: ids }, status: 'pending', nextAttemptAt: { $lte: now } },
      {
        $set: {
          status: 'sending',
          phase: 'claimed',
          leaseOwner: options.owner,
          leaseUntil: new Date(now.getTime() + options.leaseMs),
        },
        $inc: { attempts: 1 },
      },
    )
    // Only what this worker won: another worker may have flipped some (or all) of them first.
    const entries = await Outbox.find({
      _id: { $in: ids },
      status: 'sending',
      phase: 'claimed',
      leaseOwner: options.owner,
    })
      .sort({ nextAttemptAt: 1 })
      .lean<OutboxDoc[]>()
    if (entries.length === 0) continue
    return withLookups(db, entries)
  }
}

async function withLookups(db: Connection, entries: OutboxDoc[]): Promise<ClaimedEntry[]> {
  const userIds = [...new Set(entries.map((entry) => String(entry.userId)))]
  const [users, prefs] = await Promise.all([
    userModel(db)
      .find({ _id: { $in: userIds } }, { openid: 1 })
      .lean(),
    prefsModel(db)
      .find({ _id: { $in: userIds } })
      .lean<PrefsDoc[]>(),
  ])
  const openids = new Map(users.map((user) => [String(user._id), user.openid ?? null]))
  const prefsOf = new Map(prefs.map((row) => [String(row._id), row]))
  return entries.map((entry) => ({
    entry,
    openid: openids.get(String(entry.userId)) ?? null,
    prefs: prefsOf.get(String(entry.userId)) ?? null,
  }))
}

/** Hands back entries claimed but not started (the worker is stopping): due again at once. */
export async function releaseClaimed(
  db: Connection,
  owner: string,
  claimed: readonly ClaimedEntry[],
): Promise<void> {
  if (claimed.length === 0) return
  await outboxModel(db).updateMany(
    {
      $or: claimed.map(({ entry }) => ({ _id: entry._id, attempts: entry.attempts })),
      status: 'sending',
      phase: 'claimed',
      leaseOwner: owner,
    },
    { $set: { status: 'pending', phase: null, leaseOwner: null, leaseUntil: null } },
  )
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
