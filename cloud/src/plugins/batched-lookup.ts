/**
 * Coalesced reads by id: concurrent callers asking for documents of one collection share one
 * `{ _id: { $in: [...] } }` query instead of one round trip each. At most one query is in flight
 * per lookup; ids asked for meanwhile wait for it to finish and then go out together in the next
 * one. Nothing is cached: every caller's read starts after the caller asked (a revoked session or
 * a disabled account read by a later request is seen by it), so the answers are exactly those of
 * a read of its own, only cheaper under load. A lone caller waits at most one `setImmediate`.
 */

interface Waiter<T> {
  ids: readonly string[]
  resolve(rows: Map<string, T>): void
  reject(error: unknown): void
}

export type BatchedLookup<T> = (ids: readonly string[]) => Promise<Map<string, T>>

/**
 * `fetch` gets distinct ids and returns the rows found (any order); `idOf` names a row's id.
 * Each caller gets a map holding the rows of the ids it asked for that exist.
 */
export function batchedLookup<T>(
  fetch: (ids: string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): BatchedLookup<T> {
  let waiting: Waiter<T>[] = []
  let busy = false

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      try {
        const ids = [...new Set(batch.flatMap((waiter) => waiter.ids))]
        const found = new Map((await fetch(ids)).map((row) => [idOf(row), row]))
        for (const waiter of batch) {
          const rows = new Map<string, T>()
          for (const id of waiter.ids) {
            const row = found.get(id)
            if (row !== undefined) rows.set(id, row)
          }
          waiter.resolve(rows)
        }
      } catch (error) {
        for (const waiter of batch) waiter.reject(error)
      }
    }
    busy = false
  }

  return (ids) =>
    new Promise<Map<string, T>>((resolve, reject) => {
      if (ids.length === 0) return resolve(new Map())
      waiting.push({ ids, resolve, reject })
      if (busy) return
      busy = true
      // Callers arriving in the same turn of the event loop (a burst of requests read off the
      // sockets together, a batch computing many standings) join the first query.
      setImmediate(() => void flush())
    })
}
