/**
 * Runs tasks that share a key one after another within this process. Supports on one topic all
 * write the same counter, so concurrent transactions on it conflict and retry with growing backoff;
 * queueing them here turns a burst of 50 supports into 50 short transactions instead of a retry
 * storm. Correctness never depends on it: across instances the transaction and the unique index
 * still keep the count exact.
 */
const queues = new Map<string, Promise<void>>()

export async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(task)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  queues.set(key, tail)
  try {
    return await run
  } finally {
    if (queues.get(key) === tail) queues.delete(key)
  }
}
