/** A bounded HTTP load run on loopback (autocannon), reduced to the figures benches report. */
import autocannon from 'autocannon'

export interface LoadOptions {
  url: string
  /** Seconds; kept short so a bench never holds the shared machine for long. */
  duration?: number
  connections?: number
  method?: string
  /** Seconds of unmeasured load first (JIT, connection pools), default 1. */
  warmup?: number
}

export interface LoadResult {
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  total: number
  /** Connection errors + timeouts + non-2xx answers: any of these makes the figure suspect. */
  failures: number
}

export async function measure(options: LoadOptions): Promise<LoadResult> {
  const base = {
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections ?? 10,
  }
  const warmup = Math.min(options.warmup ?? 1, 5)
  if (warmup > 0) await autocannon({ ...base, duration: warmup })
  const result = await autocannon({ ...base, duration: Math.min(options.duration ?? 3, 10) })
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  }
}
