/**
 * `npm run bench -- feed`: a room's public topic feed (GET /api/rooms/:roomId/topics, sort=new and
 * sort=hot, first page) through the real service with FEED_TOPICS (100k) open topics in that one
 * room, under BENCH_SECONDS (10) of load from BENCH_CONNECTIONS (64) connections; against a bare
 * Fastify route serving the very same JSON bodies (captured from the real answers) from memory.
 * Higher req/s is better; value and baseline are the mean of the new and hot runs; ratio target
 * ≥ 0.5 with p99 < 50 ms.
 */
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { startBenchStack } from './lib/bench-stack'
import { waitForIdle } from './lib/idle'
import { insertInBatches, insertRoom, insertUsers, openTopicMaker } from './lib/fixtures'
import { measure, type LoadResult } from './lib/load'
import { envNumber, progress } from './lib/options'
import { httpClient } from './lib/pool'
import { ratioOf, type BenchResult } from './lib/types'

const SORTS = ['new', 'hot'] as const
type Sort = (typeof SORTS)[number]
const AUTHORS = 500
const SERIAL_SAMPLES = 5

interface Captured {
  body: string
  items: number
  /** Median of a few one-at-a-time requests: the cost of one page with no queueing. */
  serialMs: number
}

async function capture(origin: string, path: string): Promise<Captured> {
  const client = httpClient(origin, 1)
  try {
    let body = ''
    const times: number[] = []
    for (let i = 0; i < SERIAL_SAMPLES; i++) {
      const t0 = process.hrtime.bigint()
      const answer = await client.request('GET', path)
      times.push(Number(process.hrtime.bigint() - t0) / 1e6)
      if (answer.status !== 200) throw new Error(`GET ${path} → ${answer.status} ${answer.body}`)
      body = answer.body
    }
    times.sort((a, b) => a - b)
    const items = (JSON.parse(body) as { items: unknown[] }).items.length
    return { body, items, serialMs: Number(times[SERIAL_SAMPLES >> 1].toFixed(1)) }
  } finally {
    client.close()
  }
}

/** The bare reference: the same URLs answered with the captured bodies, nothing else. */
async function bareServer(bodies: Record<Sort, string>) {
  const app = Fastify({ logger: false })
  app.get('/api/rooms/:roomId/topics', async (request, reply) => {
    const sort = (request.query as { sort?: Sort }).sort === 'hot' ? 'hot' : 'new'
    return reply.type('application/json; charset=utf-8').send(bodies[sort])
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() }
}

/** Below this, one page is cheap enough that a warm-up (JIT, pools) changes the figure. */
const WARMUP_BELOW_MS = 100

/**
 * The measured run, after one warm-up second when requests are cheap and a wait for the process to
 * be idle again: the warm-up's abandoned requests must not be billed to the measurement. (When one
 * page takes seconds, the serial requests already warmed up, and a warm-up second would only leave
 * minutes of backlog behind.)
 */
async function loadRun(
  url: string,
  seconds: number,
  connections: number,
  serialMs: number,
): Promise<LoadResult> {
  if (serialMs < WARMUP_BELOW_MS) {
    await measure({ url, duration: Math.min(1, seconds), connections, warmup: 0 })
  }
  await waitForIdle()
  return measure({ url, duration: seconds, connections, warmup: 0 })
}

function figures(result: LoadResult) {
  return {
    reqPerSec: result.reqPerSec,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    requests: result.total,
    failures: result.failures,
  }
}

export async function run(): Promise<BenchResult> {
  const topics = Math.round(envNumber('FEED_TOPICS', 100_000))
  const seconds = envNumber('BENCH_SECONDS', 10)
  const connections = Math.round(envNumber('BENCH_CONNECTIONS', 64))

  // The feed is public and every request comes from one IP: lift the per-IP limit.
  const bench = await startBenchStack({ RATE_LIMIT_MAX: '1000000000' })
  try {
    const room = await insertRoom(bench.db, { supportThreshold: null })
    const authorIds = await insertUsers(bench.db, AUTHORS)
    progress(`inserting ${topics} open topics into one room…`)
    const t0 = Date.now()
    let reported = 0
    await insertInBatches(
      bench.db,
      'topics',
      topics,
      openTopicMaker({ room, authorIds }),
      (done) => {
        if (done - reported >= 20_000 || done === topics) {
          reported = done
          progress(`  ${done}/${topics} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
        }
      },
    )

    const path = (sort: Sort) => `/api/rooms/${room.roomId.toHexString()}/topics?sort=${sort}`
    const captured = {} as Record<Sort, Captured>
    for (const sort of SORTS) {
      captured[sort] = await capture(bench.stack.url, path(sort))
      progress(`sort=${sort}: one request alone ${captured[sort].serialMs} ms`)
    }

    // The bare route first, while the process is quiet; then the service, draining its backlog
    // (requests the load generator gave up on) before anything else is measured.
    const bare = await bareServer({ new: captured.new.body, hot: captured.hot.body })
    const reference = {} as Record<Sort, LoadResult>
    try {
      for (const sort of SORTS) {
        progress(`bare route sort=${sort}: ${seconds}s × ${connections} connections…`)
        reference[sort] = await loadRun(`${bare.origin}${path(sort)}`, seconds, connections, 0)
        progress(`  ${reference[sort].reqPerSec} req/s, p99 ${reference[sort].p99Ms} ms`)
      }
    } finally {
      await bare.close()
    }

    const real = {} as Record<Sort, LoadResult>
    const drainS: Partial<Record<Sort, number>> = {}
    for (const sort of SORTS) {
      progress(`service sort=${sort}: ${seconds}s × ${connections} connections…`)
      const url = `${bench.stack.url}${path(sort)}`
      real[sort] = await loadRun(url, seconds, connections, captured[sort].serialMs)
      progress(
        `  ${real[sort].reqPerSec} req/s, p99 ${real[sort].p99Ms} ms, ${real[sort].failures} failures`,
      )
      if (sort === SORTS[SORTS.length - 1]) break
      drainS[sort] = await waitForIdle()
      progress(`  backlog drained in ${drainS[sort]} s`)
    }

    // From the totals rather than autocannon's rounded per-second mean: a feed doing a fraction
    // of a request per second must not read as 0.
    const rate = (runs: Record<Sort, LoadResult>) =>
      Number(((runs.new.total + runs.hot.total) / (2 * seconds)).toFixed(2))
    const value = rate(real)
    const baseline = rate(reference)
    return {
      value,
      baseline,
      ratio: ratioOf(value, baseline),
      unit: 'req/s',
      extra: {
        p99Ms: Math.max(real.new.p99Ms, real.hot.p99Ms),
        baselineP99Ms: Math.max(reference.new.p99Ms, reference.hot.p99Ms),
        failures: real.new.failures + real.hot.failures,
        baselineFailures: reference.new.failures + reference.hot.failures,
        topics,
        itemsPerPage: captured.new.items,
        bodyBytes: Buffer.byteLength(captured.new.body),
        serialMs: { new: captured.new.serialMs, hot: captured.hot.serialMs },
        drainS,
        service: { new: figures(real.new), hot: figures(real.hot) },
        bare: { new: figures(reference.new), hot: figures(reference.hot) },
        durationS: seconds,
        connections,
        note:
          'higher is better; value/baseline = mean req/s of sort=new and sort=hot; ' +
          'baseline = bare Fastify sending the captured bodies; targets: ratio ≥ 0.5, p99 < 50 ms; ' +
          'service, DB and load generator share one process',
      },
    }
  } finally {
    await bench.close()
  }
}
