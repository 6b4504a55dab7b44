/** Periodically deletes documents whose TTL-indexed date is older than expireAfterSeconds. */
import { bsonRank } from './bson-order'
import { LockWait, WriteCtx, type Engine } from './engine'
import { rangesFor, walkIds } from './index-walk'

const DATE_RANK = bsonRank(new Date(0))

export class TtlMonitor {
  private timer?: NodeJS.Timeout
  private running?: Promise<void>
  /** Documents removed so far (for logs and tests). */
  removed = 0

  constructor(
    private readonly engine: Engine,
    private readonly intervalMs: number,
    private readonly log?: (line: string) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.sweep()
          .then(() => undefined)
          .finally(() => (this.running = undefined))
      }
    }, this.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
  }

  async idle(): Promise<void> {
    await this.running
  }

  async sweep(now = Date.now()): Promise<number> {
    const ctx = new WriteCtx()
    let removed = 0
    for (const coll of this.engine.catalog.collections()) {
      for (const ix of coll.indexes) {
        const secs = ix.spec.expireAfterSeconds
        if (typeof secs !== 'number' || ix.fields.length !== 1 || ix.special) continue
        const cutoff = new Date(now - secs * 1000)
        // Dates up to the cutoff (an array expires with its earliest date, as in MongoDB).
        const ids = new Set(
          walkIds({
            ix,
            tree: coll.ordered(ix),
            ranges: rangesFor(ix, [], { rank: DATE_RANK, hi: { v: cutoff, incl: true } }),
            backward: false,
          }),
        )
        for (const id of ids) {
          try {
            // A document held by an open transaction is left for the next sweep.
            removed += this.engine.apply(ctx, coll, [{ id, after: null, isInsert: false }]).applied
          } catch (e) {
            if (!(e instanceof LockWait)) throw e
          }
        }
      }
    }
    await this.engine.settle(ctx)
    if (removed > 0) this.log?.(`ttl: removed ${removed} expired documents`)
    this.removed += removed
    return removed
  }
}
