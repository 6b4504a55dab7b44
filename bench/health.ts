/**
 * GET /health through the real stack (embedded DB ping, helmet, CORS, rate-limit hooks, request id,
 * error handler) vs. a bare Fastify route returning the same JSON: the ratio is what the service's
 * plumbing costs per request. Higher req/s is better; ratio = stack / bare.
 */
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { startStack } from '../cloud/src/stack'
import { measure, type LoadResult } from './lib/load'
import { ratioOf, type BenchResult } from './lib/types'

const DURATION_S = 3
const CONNECTIONS = 10

function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

async function bare(): Promise<LoadResult> {
  const app = Fastify({ logger: false })
  app.get('/health', async () => ({ status: 'ok', db: 'embedded', version: '0.0.0' }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    const { port } = app.server.address() as AddressInfo
    return await measure({
      url: `http://127.0.0.1:${port}/health`,
      duration: DURATION_S,
      connections: CONNECTIONS,
    })
  } finally {
    await app.close()
  }
}

async function stack(): Promise<LoadResult> {
  const running = await startStack({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    h5Dir: null,
    quiet: true,
  })
  try {
    return await measure({
      url: `${running.url}/health`,
      duration: DURATION_S,
      connections: CONNECTIONS,
    })
  } finally {
    await running.close()
  }
}

export async function run(): Promise<BenchResult> {
  progress(`bare Fastify /health: ${DURATION_S}s × ${CONNECTIONS} connections…`)
  const baseline = await bare()
  progress(`  ${baseline.reqPerSec} req/s, p99 ${baseline.p99Ms} ms`)
  progress(`full stack /health: ${DURATION_S}s × ${CONNECTIONS} connections…`)
  const full = await stack()
  progress(`  ${full.reqPerSec} req/s, p99 ${full.p99Ms} ms`)
  return {
    value: full.reqPerSec,
    baseline: baseline.reqPerSec,
    ratio: ratioOf(full.reqPerSec, baseline.reqPerSec),
    unit: 'req/s',
    extra: {
      p99Ms: full.p99Ms,
      baselineP99Ms: baseline.p99Ms,
      failures: full.failures,
      baselineFailures: baseline.failures,
      durationS: DURATION_S,
      connections: CONNECTIONS,
    },
  }
}
