import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(__dirname, '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const fixture = path.join(__dirname, 'fixtures', 'signal-child.ts')

interface Run {
  code: number | null
  output: string
}

/** Starts the fixture, sends `signals` (spaced out) once it is ready, resolves when it exits. */
function runWithSignals(env: Record<string, string>, signals: NodeJS.Signals[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [fixture], { env: { ...process.env, ...env }, stdio: 'pipe' })
    let output = ''
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      const first = output === ''
      output += chunk.toString('utf8')
      if (first && output.includes('ready')) {
        signals.forEach((signal, i) => setTimeout(() => child.kill(signal), 200 * (i + 1)))
      }
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(guard)
      resolve({ code, output })
    })
  })
}

describe('exitOnSignals', () => {
  it('closes and exits 0 on the first SIGINT', async () => {
    const run = await runWithSignals({ CLOSE_MS: '50' }, ['SIGINT'])
    expect(run.code).toBe(0)
    expect(run.output).toContain('SIGINT: shutting down')
  })

  it('treats SIGTERM the same way', async () => {
    const run = await runWithSignals({ CLOSE_MS: '0' }, ['SIGTERM'])
    expect(run.code).toBe(0)
  })

  it('forces exit 1 on a second Ctrl-C while closing hangs', async () => {
    const run = await runWithSignals({ CLOSE_MS: 'never' }, ['SIGINT', 'SIGINT'])
    expect(run.code).toBe(1)
    expect(run.output).toContain('forcing exit')
  })

  it('gives up with exit 1 when closing outlasts its time limit', async () => {
    const run = await runWithSignals({ CLOSE_MS: 'never', TIMEOUT_MS: '300' }, ['SIGTERM'])
    expect(run.code).toBe(1)
    expect(run.output).toContain('shutdown took over 300 ms')
  })
})

describe('loadDotEnv', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangliang-env-'))
  })
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  // In a child process: jest gives tests a copy of process.env that Node's loader does not write to.
  function loadIn(cwd: string): { loaded: unknown; fromFile?: string; both?: string } {
    const lifecycle = path.join(root, 'cloud', 'src', 'lifecycle.ts')
    const script = `const { loadDotEnv } = require(${JSON.stringify(lifecycle)});
      const loaded = loadDotEnv(${JSON.stringify(cwd)});
      console.log(JSON.stringify({ loaded, fromFile: process.env.SL_FROM_FILE, both: process.env.SL_BOTH }))`
    const result = spawnSync(tsx, ['-e', script], {
      env: { ...process.env, SL_BOTH: 'environment' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')
  }

  it('loads .env without overriding variables already set', () => {
    fs.writeFileSync(path.join(dir, '.env'), 'SL_FROM_FILE=file\nSL_BOTH=file\n')
    expect(loadIn(dir)).toEqual({
      loaded: path.join(dir, '.env'),
      fromFile: 'file',
      both: 'environment',
    })
  })

  it('does nothing when there is no .env', () => {
    expect(loadIn(dir)).toEqual({ loaded: null, both: 'environment' })
  })
})
