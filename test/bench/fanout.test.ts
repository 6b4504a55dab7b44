/**
 * The fanout bench at a tiny size: its JSON line and its correctness invariants — every recipient
 * of the one announcement gets exactly one message through the rate-limited fake WeChat (0 lost,
 * 0 duplicated). Speed is not asserted — the machine is shared.
 */
import { runBench } from '../../bench/run'

const TINY: Record<string, string> = { FANOUT_RECIPIENTS: '200', BENCH_QUIET: '1' }
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

describe('the fanout bench', () => {
  it('delivers one announcement to 200 recipients once each, against the WeChat rate limit', async () => {
    const line = await runBench('fanout')
    expect(line).not.toContain('\n')
    const result = JSON.parse(line) as Record<string, unknown>
    expect(result).toMatchObject({
      bench: 'fanout',
      unit: 'msg/s',
      baseline: 200,
      recipients: 200,
      sent: 200,
      lost: 0,
      duplicated: 0,
    })
    expect(result.value).toBeGreaterThan(0)
    expect(result.ratio).toBeCloseTo((result.value as number) / 200, 2)
  }, 180_000)
})
