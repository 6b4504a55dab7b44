/**
 * The outbox worker's bookkeeping writes after a group's claim (`outbox-claim.ts`), each covering
 * the GROUP of entries in one round trip:
 * - `claimWithGrants`: the group's claim, then the grants of the entries won;
 * - `takeGrants`: one one-time grant for each entry, in one `updateMany`; when some grant had
 *   none left, the group's token in `recentTakes` tells exactly which ones this group took;
 * - `DoneWriter`: finished entries are queued and written together — while one write is in flight,
 *   the entries finishing meanwhile wait for the next, so a busy worker writes a few large updates
 *   instead of one per message.
 * The writes go through the driver's collection (`Model.collection`): the values are already
 * ObjectIds and Dates, and skipping mongoose's casting matters at high volume.
 */
import type { Connection, mongo, Types } from 'mongoose'
import { grantModel, outboxModel, type GrantDoc, type OutboxDoc, type OutboxResult } from './model'
import { byAttempts, claimForCalling } from './outbox-claim'

/** How many tokens a grant remembers: far more than could take it between a write and its check. */
const RECENT_TAKES = 8

/**
 * Takes one unit of each grant (distinct ids); returns the ids of those taken. `token` must be
 * unique to this call.
 */
export async function takeGrants(
  db: Connection,
  grantIds: readonly Types.ObjectId[],
  token: string,
): Promise<Set<string>> {
  if (grantIds.length === 0) return new Set()
  const grants = grantModel(db).collection as unknown as mongo.Collection<GrantDoc>
  const taken = await grants.updateMany(
    { _id: { $in: [...grantIds] }, remaining: { $gt: 0 } },
    {
      $inc: { remaining: -1 },
      $set: { updatedAt: new Date() },
      $push: { recentTakes: { $each: [token], $slice: -RECENT_TAKES } },
    },
  )
  if (taken.modifiedCount === grantIds.length) return new Set(grantIds.map(String))
  // Some had none left: exactly those without this call's token were not taken.
  const rows = await grants
    .find({ _id: { $in: [...grantIds] }, recentTakes: token }, { projection: { _id: 1 } })
    .toArray()
  return new Set(rows.map((row) => String(row._id)))
}

/**
 * Claims a group's entries (`outbox-claim.ts`), then takes the grants of those it won — in that
 * order, never in parallel: a grant taken for an entry another worker won would read as used up
 * until given back, and a worker reading candidates in that moment would close the entry as
 * in-app only (`no_grant`) though its grant was there all along.
 */
export async function claimWithGrants(
  db: Connection,
  owner: string,
  leaseUntil: Date,
  group: ReadonlyArray<{ entry: OutboxDoc; grantId: Types.ObjectId }>,
  token: string,
): Promise<{ won: Map<string, OutboxDoc>; granted: Set<string> }> {
  const claimed = await claimForCalling(
    db,
    owner,
    leaseUntil,
    group.map(({ entry }) => entry),
  )
  const won = new Map(claimed.map((entry) => [String(entry._id), entry]))
  const grantIds = group.filter(({ entry }) => won.has(String(entry._id))).map((g) => g.grantId)
  return { won, granted: await takeGrants(db, grantIds, token) }
}

export async function giveBackGrant(db: Connection, grantId: Types.ObjectId): Promise<void> {
  await grantModel(db).collection.updateOne(
    { _id: grantId },
    { $inc: { remaining: 1 }, $set: { updatedAt: new Date() } },
  )
}

interface Queued {
  entry: OutboxDoc
  result: OutboxResult
  resolve: () => void
  reject: (error: unknown) => void
}

/** Writes `done` for finished entries (no error to record), several at a time. */
export class DoneWriter {
  private queued: Queued[] = []
  private running: Promise<void> | null = null

  constructor(
    private readonly db: Connection,
    private readonly owner: string,
  ) {}

  /** Resolves once the entry's `done` is written. */
  finish(entry: OutboxDoc, result: OutboxResult): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ entry, result, resolve, reject })
      this.running ??= this.flushAll().finally(() => {
        this.running = null
      })
    })
  }

  private async flushAll(): Promise<void> {
    // Let the entries finishing in this turn of the event loop join the first write.
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0)
      try {
        await this.write(batch)
        for (const item of batch) item.resolve()
      } catch (error) {
        for (const item of batch) item.reject(error)
      }
    }
  }

  private async write(batch: readonly Queued[]): Promise<void> {
    const outbox = outboxModel(this.db).collection
    const byResult = new Map<OutboxResult, OutboxDoc[]>()
    for (const { entry, result } of batch) {
      const list = byResult.get(result)
      if (list) list.push(entry)
      else byResult.set(result, [entry])
    }
    const doneAt = new Date()
    await Promise.all(
      [...byResult].flatMap(([result, entries]) =>
        [...byAttempts(entries)].map(([attempts, ids]) =>
          outbox.updateMany(
            { _id: { $in: ids }, leaseOwner: this.owner, attempts },
            { $set: { status: 'done', result, phase: null, doneAt, leaseOwner: null } },
          ),
        ),
      ),
    )
  }
}
