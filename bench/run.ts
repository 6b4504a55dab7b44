/**
 * `npm run bench -- <name>`: runs `bench/<name>.ts`'s exported `run()`. Progress goes to stderr;
 * stdout gets exactly ONE JSON line: `{"bench", "value", "baseline", "ratio", "unit", ...extra}`.
 * Unknown name → the list of benches on stderr, exit 2.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Bench } from './lib/types'

const BENCH_DIR = __dirname
const NOT_BENCHES = new Set(['run'])

export function availableBenches(dir: string = BENCH_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .filter((name) => !NOT_BENCHES.has(name))
    .sort()
}

export async function runBench(name: string, dir: string = BENCH_DIR): Promise<string> {
  const mod = (await import(path.join(dir, `${name}.ts`))) as { run?: Bench }
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`)
  const result = await mod.run()
  return JSON.stringify({
    bench: name,
    value: result.value,
    baseline: result.baseline,
    ratio: result.ratio,
    unit: result.unit,
    ...result.extra,
  })
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0]
  const benches = availableBenches()
  if (!name || !benches.includes(name)) {
    process.stderr.write(
      `${name ? `unknown bench "${name}"` : 'no bench named'}; available: ${benches.join(', ')}\n` +
        'usage: npm run bench -- <name>\n',
    )
    return 2
  }
  process.stdout.write(`${await runBench(name)}\n`)
  return 0
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`)
      process.exit(1)
    },
  )
}
