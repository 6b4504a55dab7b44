/**
 * A fixed number of concurrent callers working through `count` distinct jobs (each job exactly
 * once, unlike a duration-bound load run), with per-job latency and failure accounting; plus a
 * keep-alive HTTP client for such jobs.
 */
import http from 'node:http'

export interface PoolResult {
  count: number
  seconds: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  failures: number
  /** This process's CPU time over wall time during the run (1 = one core busy throughout). */
  cpuShare: number
  /** The first few failures, for the report. */
  failureSamples: string[]
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Number(sorted[Math.max(0, index)].toFixed(2))
}

/** Runs `job(0..count-1)` with `concurrency` callers; a job fails by throwing. */
export async function runPool(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<PoolResult> {
  const latencies: number[] = []
  const failureSamples: string[] = []
  let failures = 0
  let next = 0
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = process.hrtime.bigint()
        try {
          await job(i)
        } catch (error) {
          failures += 1
          if (failureSamples.length < 5) failureSamples.push((error as Error).message)
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
      }
    }),
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const used = process.cpuUsage(cpu)
  latencies.sort((a, b) => a - b)
  return {
    count,
    seconds: Number(seconds.toFixed(3)),
    opsPerSec: Math.round(count / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
    cpuShare: Number(((used.user + used.system) / 1e6 / seconds).toFixed(2)),
    failureSamples,
  }
}

export interface HttpAnswer {
  status: number
  body: string
}

/** Keep-alive requests to one origin over at most `sockets` connections. */
export function httpClient(origin: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets })
  const base = new URL(origin)
  function request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: { 'content-length': '0', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          )
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end()
    })
  }
  return { request, close: () => agent.destroy() }
}
