/** What every bench's `run()` returns; `bench/run.ts` prints it as one JSON line. */
export interface BenchResult {
  /** The measured figure (higher or lower is better depending on the bench; say so in `extra`). */
  value: number
  /** The same figure for the reference the bench compares against. */
  baseline: number
  /** `value / baseline`. */
  ratio: number
  unit: string
  /** Anything else worth recording (latencies, errors, settings). */
  extra?: Record<string, unknown>
}

export type Bench = () => Promise<BenchResult>

export function ratioOf(value: number, baseline: number): number {
  return baseline === 0 ? 0 : Number((value / baseline).toFixed(3))
}
