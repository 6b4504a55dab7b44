/**
 * Waiting until this process is idle again. The benches run the service, the embedded DB and the
 * load generator in one process; when a load run ends, the service is still working through the
 * requests the load generator gave up on (Fastify does not abort a handler whose client left), and
 * that backlog would be billed to whatever is measured next.
 */

const WINDOW_MS = 250
/** CPU time over wall time below which a window counts as idle. */
const IDLE_SHARE = 0.2

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Resolves once two consecutive windows used less than 20 % of a core, or after `maxMs`.
 * Returns the seconds waited.
 */
export async function waitForIdle(maxMs = 300_000): Promise<number> {
  const started = Date.now()
  let quiet = 0
  while (quiet < 2 && Date.now() - started < maxMs) {
    const cpu = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    await sleep(WINDOW_MS)
    const used = process.cpuUsage(cpu)
    const wallUs = Number(process.hrtime.bigint() - t0) / 1e3
    quiet = (used.user + used.system) / wallUs < IDLE_SHARE ? quiet + 1 : 0
  }
  return Number(((Date.now() - started) / 1000).toFixed(1))
}
