/**
 * Group commit per key within this process. Supports on one topic all write the same counter, so
 * concurrent transactions on it would conflict and retry; instead, the requests for one key that
 * arrive while a batch for that key is running wait, and the next batch takes ALL of them and
 * commits them together (one transaction for many supports). A lone request runs at once (after
 * one `setImmediate`, which lets requests arriving in the same turn join it). Correctness never
 * depends on it: across instances the transaction and the unique index keep the count exact.
 */

/** Requests one batch takes at most: a transaction stays small whatever the burst. */
const MAX_BATCH = 256

/** One request's answer from a batch: its value or the error it must see. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown }

interface Waiter<I, O> {
  item: I
  resolve(value: O): void
  reject(error: unknown): void
}

export interface GroupCommitStats {
  /** Batches run so far (each is at most a few transactions, however many requests it holds). */
  batches: number
  /** Requests answered by those batches. */
  items: number
}

export interface GroupCommit<I, O> {
  submit(key: string, item: I): Promise<O>
  readonly stats: GroupCommitStats
}

/** `run(key, items)` answers every item of one batch, in order (one outcome per item). */
export function groupCommit<I, O>(
  run: (key: string, items: I[]) => Promise<Array<Outcome<O>>>,
): GroupCommit<I, O> {
  const lanes = new Map<string, Array<Waiter<I, O>>>()
  const stats: GroupCommitStats = { batches: 0, items: 0 }

  async function drain(key: string, lane: Array<Waiter<I, O>>): Promise<void> {
    while (lane.length > 0) {
      const batch = lane.splice(0, MAX_BATCH)
      stats.batches += 1
      stats.items += batch.length
      try {
        const outcomes = await run(
          key,
          batch.map((waiter) => waiter.item),
        )
        batch.forEach((waiter, i) => {
          const outcome = outcomes[i]
          if (outcome.ok) waiter.resolve(outcome.value)
          else waiter.reject(outcome.error)
        })
      } catch (error) {
        for (const waiter of batch) waiter.reject(error)
      }
    }
    lanes.delete(key)
  }

  function submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const running = lanes.get(key)
      if (running) {
        running.push({ item, resolve, reject })
        return
      }
      const lane = [{ item, resolve, reject }]
      lanes.set(key, lane)
      setImmediate(() => void drain(key, lane))
    })
  }

  return { submit, stats }
}
