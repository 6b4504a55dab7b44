// ensureH5Build against a throwaway project whose `taro` is a small script, so every path runs in a second.
import { spawn } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  TerminalReplay,
  computeSourceHash,
  ensureH5Build,
  h5BuildState,
} from '../../scripts/lib/h5-build'

let root: string

function write(relative: string, content: string): void {
  const file = path.join(root, relative)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
}

/** A stand-in compiler: draws a redrawn progress line, prints a result, writes dist-h5 (or fails). */
function fakeTaro(exitCode: number): void {
  write(
    'node_modules/.bin/taro',
    [
      '#!/bin/sh',
      'echo "$@" >> "$(dirname "$0")/../../calls.log"',
      `printf '\\033[2K\\033[G● Webpack building (10%%)\\n\\033[2K\\033[1A\\033[2K\\033[G● Webpack sealing (90%%)\\n'`,
      `if [ ${exitCode} -ne 0 ]; then echo "Module not found: './missing'" >&2; exit ${exitCode}; fi`,
      'mkdir -p dist-h5 && echo "<html></html>" > dist-h5/index.html',
      'echo "Compiled successfully"',
    ].join('\n'),
  )
  chmodSync(path.join(root, 'node_modules/.bin/taro'), 0o755)
}

function calls(): string[] {
  try {
    return readFileSync(path.join(root, 'calls.log'), 'utf8').trim().split('\n')
  } catch {
    return []
  }
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'shangliang-h5-build-'))
  write('miniprogram/app.ts', 'export {}\n')
  write('shared/errors.ts', 'export const A = 1\n')
  write('config/index.ts', 'export default {}\n')
  write('package.json', '{}\n')
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('h5BuildState', () => {
  it('is missing without dist-h5/index.html and stale without a matching stamp', async () => {
    expect(await h5BuildState(root)).toBe('missing')
    write('dist-h5/index.html', '<html></html>')
    expect(await h5BuildState(root)).toBe('stale')
    write('dist-h5/.source-hash', `${await computeSourceHash(root)}\n`)
    expect(await h5BuildState(root)).toBe('current')
  })

  it('turns stale when a source file changes, appears or is deleted', async () => {
    const original = await computeSourceHash(root)
    write('shared/errors.ts', 'export const A = 2\n')
    const changed = await computeSourceHash(root)
    write('miniprogram/pages/new.tsx', 'export {}\n')
    const added = await computeSourceHash(root)
    unlinkSync(path.join(root, 'config/index.ts'))
    const deleted = await computeSourceHash(root)
    expect(new Set([original, changed, added, deleted]).size).toBe(4)
  })

  it('ignores files outside the build inputs', async () => {
    const before = await computeSourceHash(root)
    write('cloud/src/app.ts', 'export {}\n')
    write('README.md', '# 商量\n')
    expect(await computeSourceHash(root)).toBe(before)
  })
})

describe('ensureH5Build', () => {
  it('builds once, logs only lines that stay on screen, and skips the build while sources are unchanged', async () => {
    fakeTaro(0)
    const lines: string[] = []

    const dir = await ensureH5Build({ root, log: (line) => lines.push(line) })

    expect(dir).toBe(path.join(root, 'dist-h5'))
    expect(calls()).toEqual(['build --type h5'])
    expect(lines).toContain('Compiled successfully')
    expect(lines).toContain('H5 build 10% (building)')
    expect(lines).toContain('H5 build 90% (sealing)')
    expect(lines.some((line) => line.includes('\u001b'))).toBe(false)
    // The 10 % line was redrawn over by the 90 % one, so only the latter stays on screen.
    expect(lines.filter((line) => line.startsWith('● Webpack'))).toEqual([
      '● Webpack sealing (90%)',
    ])

    await ensureH5Build({ root })
    expect(calls()).toHaveLength(1)

    write('miniprogram/app.ts', 'export const changed = true\n')
    await ensureH5Build({ root })
    expect(calls()).toHaveLength(2)
  })

  it('rebuilds when forced', async () => {
    fakeTaro(0)
    await ensureH5Build({ root })
    await ensureH5Build({ root, force: true })
    expect(calls()).toHaveLength(2)
  })

  it('shares one build between concurrent callers', async () => {
    fakeTaro(0)
    const [a, b] = await Promise.all([ensureH5Build({ root }), ensureH5Build({ root })])
    expect(a).toBe(b)
    expect(calls()).toHaveLength(1)
  })

  it('rejects with the tail of the compiler output when the build fails', async () => {
    fakeTaro(2)
    await expect(ensureH5Build({ root })).rejects.toThrow(
      /taro build --type h5 failed \(exit code 2\):[\s\S]*Module not found: '\.\/missing'/,
    )
    expect(await h5BuildState(root)).toBe('missing')
  })
})

describe('ensureH5Build next to other processes', () => {
  const lockDir = () => path.join(root, 'node_modules/.cache/shangliang-h5-build.lock')

  function holdLock(pid: number): void {
    mkdirSync(lockDir(), { recursive: true })
    writeFileSync(path.join(lockDir(), 'pid'), String(pid))
  }

  it('waits while another live process holds the build lock, then builds', async () => {
    fakeTaro(0)
    const other = spawn('sleep', ['1'])
    const exited = new Promise((resolve) => other.on('exit', resolve))
    holdLock(other.pid ?? 0)
    const lines: string[] = []

    await ensureH5Build({ root, log: (line) => lines.push(line) })
    await exited

    expect(lines[0]).toBe('Waiting for another H5 build to finish…')
    expect(calls()).toHaveLength(1)
    expect(existsSync(lockDir())).toBe(false)
  })

  it('takes over a lock left behind by a process that no longer exists', async () => {
    fakeTaro(0)
    const gone = spawn('true')
    await new Promise((resolve) => gone.on('exit', resolve))
    holdLock(gone.pid ?? 0)

    await ensureH5Build({ root })

    expect(calls()).toHaveLength(1)
  })

  it('gives up after the timeout when the lock is never released', async () => {
    fakeTaro(0)
    holdLock(process.pid)
    await expect(ensureH5Build({ root, timeoutMs: 600 })).rejects.toThrow(
      /gave up waiting for another H5 build/,
    )
    expect(calls()).toEqual([])
  })
})

describe('TerminalReplay', () => {
  it('keeps escape codes split across chunks out of the logged text', () => {
    const lines: string[] = []
    const replay = new TerminalReplay((line) => lines.push(line))
    replay.write('asset app.js\u001b')
    replay.write('[39m 204 KiB\n')
    replay.end()
    expect(lines).toEqual(['asset app.js 204 KiB'])
  })
})
