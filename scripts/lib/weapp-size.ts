/**
 * Sizes of a weapp build (`dist/`) per package, as WeChat counts them: every subpackage is the folder
 * named by its `root` in app.json; the main package is everything else. WeChat refuses to upload a
 * main package over 2 MB; our budget is tighter so the resident's first open stays fast on a weak
 * network (issue: main ≤ 800 KB, each subpackage ≤ 2 MB).
 */
import fs from 'node:fs'
import path from 'node:path'

export const MAIN_PACKAGE_BUDGET = 800 * 1024
export const SUBPACKAGE_BUDGET = 2 * 1024 * 1024

export interface PackageSize {
  /** `main`, or the subpackage root (e.g. `staff`). */
  name: string
  bytes: number
  budget: number
}

export interface WeappSizes {
  packages: PackageSize[]
  /** The Taro/React runtime chunks of the main package (what an empty Taro app costs). */
  runtimeBytes: number
  pages: string[]
}

interface AppJson {
  pages?: string[]
  subPackages?: Array<{ root: string; pages?: string[] }>
  subpackages?: Array<{ root: string; pages?: string[] }>
}

const RUNTIME_FILES = ['runtime.js', 'taro.js', 'vendors.js']

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(full))
    else if (entry.isFile()) out.push(full)
  }
  return out
}

export function readAppJson(distDir: string): AppJson {
  const file = path.join(distDir, 'app.json')
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:weapp\` first`)
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AppJson
}

export function measureWeapp(distDir: string): WeappSizes {
  const app = readAppJson(distDir)
  const subs = app.subPackages ?? app.subpackages ?? []
  const roots = subs.map((sub) => sub.root.replace(/^\/+|\/+$/g, ''))
  const totals = new Map<string, number>([
    ['main', 0],
    ...roots.map((r) => [r, 0] as [string, number]),
  ])
  let runtimeBytes = 0
  for (const file of filesUnder(distDir)) {
    const relative = path.relative(distDir, file).split(path.sep).join('/')
    const bytes = fs.statSync(file).size
    const root = roots.find((r) => relative === r || relative.startsWith(`${r}/`))
    totals.set(root ?? 'main', (totals.get(root ?? 'main') ?? 0) + bytes)
    if (!root && RUNTIME_FILES.includes(relative)) runtimeBytes += bytes
  }
  const pages = [
    ...(app.pages ?? []),
    ...subs.flatMap((sub, i) => (sub.pages ?? []).map((page) => `${roots[i]}/${page}`)),
  ]
  return {
    packages: [...totals].map(([name, bytes]) => ({
      name,
      bytes,
      budget: name === 'main' ? MAIN_PACKAGE_BUDGET : SUBPACKAGE_BUDGET,
    })),
    runtimeBytes,
    pages,
  }
}

/** Human lines for the build log, and the packages over budget. */
export function checkBudget(sizes: WeappSizes): { lines: string[]; over: PackageSize[] } {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
  const lines = sizes.packages.map(
    (pkg) =>
      `${pkg.bytes > pkg.budget ? '✗' : '✓'} ${pkg.name === 'main' ? '主包 main' : `分包 ${pkg.name}`}: ` +
      `${kb(pkg.bytes)} / ${kb(pkg.budget)}`,
  )
  return { lines, over: sizes.packages.filter((pkg) => pkg.bytes > pkg.budget) }
}
