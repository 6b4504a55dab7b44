/** Bench sizes overridable from the environment (the tests run each bench tiny), and progress lines. */

/** A positive number from `process.env[name]`, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

/** Progress goes to stderr: stdout holds only the bench's JSON line. */
export function progress(line: string): void {
  if (process.env.BENCH_QUIET === '1') return
  process.stderr.write(`${line}\n`)
}
