// `npm run build:weapp` for real: the dist/ that WeChat DevTools opens (project.config.json points
// at it) has every page of app.json compiled, and the build script enforces the size budget.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { checkBudget, measureWeapp } from '../../scripts/lib/weapp-size'

const ROOT = path.resolve(__dirname, '..', '..')
const DIST = path.join(ROOT, 'dist')
const BUILD_TIMEOUT_MS = 10 * 60_000

function npmRun(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', script], { cwd: ROOT, env: { ...process.env } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('the weapp build', () => {
  let build: { code: number | null; output: string }

  beforeAll(async () => {
    build = await npmRun('build:weapp')
  }, BUILD_TIMEOUT_MS)

  it('succeeds and prints the package sizes against their budgets', () => {
    if (build.code !== 0) throw new Error(`build:weapp failed:\n${build.output.slice(-4000)}`)
    expect(build.output).toMatch(/\[weapp\] ✓ 主包 main: [\d.]+ KB \/ 800\.0 KB/)
  })

  it('writes the folder project.config.json names as the mini program root', () => {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as {
      miniprogramRoot: string
    }
    expect(path.resolve(ROOT, project.miniprogramRoot)).toBe(DIST)
    for (const file of ['app.json', 'app.js', 'app.wxss']) {
      expect(fs.existsSync(path.join(DIST, file))).toBe(true)
    }
  })

  it('compiles every page listed in app.json into js, json, wxml and wxss', () => {
    const { pages } = measureWeapp(DIST)
    expect(pages).toContain('pages/index/index')
    for (const page of pages) {
      for (const ext of ['js', 'json', 'wxml', 'wxss']) {
        expect({ page, ext, exists: fs.existsSync(path.join(DIST, `${page}.${ext}`)) }).toEqual({
          page,
          ext,
          exists: true,
        })
      }
    }
  })

  it('keeps every package within its size budget', () => {
    expect(checkBudget(measureWeapp(DIST)).over).toEqual([])
  })
})
