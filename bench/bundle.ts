/**
 * `npm run bench -- bundle`: builds the weapp (unless BUNDLE_SKIP_BUILD=1 and dist/ exists) and reports
 * the main package size; the baseline is the Taro + React runtime inside that same build (what an empty
 * Taro app costs), so the ratio shows how much our own code and styles add on top. Every package's
 * size and budget is in `packages`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { MAIN_PACKAGE_BUDGET, measureWeapp } from '../scripts/lib/weapp-size'
import { ratioOf, type BenchResult } from './lib/types'

const ROOT = path.resolve(__dirname, '..')

export async function run(): Promise<BenchResult> {
  const dist = path.join(ROOT, 'dist')
  if (!(process.env.BUNDLE_SKIP_BUILD === '1' && fs.existsSync(path.join(dist, 'app.json')))) {
    process.stderr.write('building weapp (taro build --type weapp)…\n')
    const build = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    })
    if (build.status !== 0) throw new Error(`weapp build failed (exit ${build.status})`)
  }
  const sizes = measureWeapp(dist)
  const main = sizes.packages.find((pkg) => pkg.name === 'main')
  const mainKb = Number(((main?.bytes ?? 0) / 1024).toFixed(1))
  const runtimeKb = Number((sizes.runtimeBytes / 1024).toFixed(1))
  return {
    value: mainKb,
    baseline: runtimeKb,
    ratio: ratioOf(mainKb, runtimeKb),
    unit: 'KB',
    extra: {
      lowerIsBetter: true,
      mainBudgetKb: MAIN_PACKAGE_BUDGET / 1024,
      packages: sizes.packages.map((pkg) => ({
        name: pkg.name,
        kb: Number((pkg.bytes / 1024).toFixed(1)),
        budgetKb: pkg.budget / 1024,
      })),
      pages: sizes.pages.length,
    },
  }
}
