/**
 * The feed and supports benches at a tiny size: the JSON line they print and their correctness
 * invariants (exact counts, no failed request). Speed is not asserted — the machine is shared.
 */
import { runBench } from '../../bench/run'

const TINY: Record<string, string> = {
  FEED_TOPICS: '2000',
  BENCH_SECONDS: '2',
  BENCH_CONNECTIONS: '16',
  SUPPORT_USERS: '300',
  SUPPORT_CONCURRENCY: '32',
  BENCH_QUIET: '1',
}

const saved: Record<string, string | undefined> = {}

beforeAll(() => {
  for (const [name, value] of Object.entries(TINY)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
})

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function parseLine(line: string): Record<string, unknown> {
  expect(line).not.toContain('\n')
  return JSON.parse(line) as Record<string, unknown>
}

function expectRatioOf(result: Record<string, unknown>): void {
  const value = result.value as number
  const baseline = result.baseline as number
  expect(value).toBeGreaterThan(0)
  expect(baseline).toBeGreaterThan(0)
  expect(result.ratio).toBeCloseTo(value / baseline, 2)
}

describe('the feed bench', () => {
  it('prints one JSON line comparing the room feed of 2k topics with a bare route, without failures', async () => {
    const result = parseLine(await runBench('feed'))
    expect(result).toMatchObject({
      bench: 'feed',
      unit: 'req/s',
      topics: 2000,
      itemsPerPage: 20,
      connections: 16,
      durationS: 2,
      failures: 0,
      baselineFailures: 0,
    })
    expectRatioOf(result)
    expect(result.p99Ms).toBeGreaterThan(0)
    expect(result.baselineP99Ms).toBeGreaterThan(0)
    const service = result.service as Record<string, { requests: number }>
    expect(service.new.requests).toBeGreaterThan(0)
    expect(service.hot.requests).toBeGreaterThan(0)
  }, 180_000)
})

describe('the supports bench', () => {
  it('counts each of 300 users’ support exactly once, with no failed request', async () => {
    const result = parseLine(await runBench('supports'))
    expect(result).toMatchObject({
      bench: 'supports',
      unit: 'supports/s',
      users: 300,
      concurrency: 32,
      exact: true,
      supportCount: 300,
      supportsStored: 300,
      baselineStored: 300,
      errors: 0,
      baselineErrors: 0,
    })
    expectRatioOf(result)
    expect(result.p99Ms).toBeGreaterThan(0)
  }, 180_000)
})
