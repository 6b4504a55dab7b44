// Builds the H5 bundle (dist-h5/) only when its sources changed; used by `npm start` and the e2e tests.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface EnsureH5BuildOptions {
  /** Build even when the bundle looks current. */
  force?: boolean
  /** Receives progress and compiler output, one line at a time. */
  log?: (line: string) => void
  /** Project root; defaults to this repository (tests point it at a fixture). */
  root?: string
  /** Bounds both the wait for another process's build and the build (a hung compiler must not hang CI). */
  timeoutMs?: number
}

export type H5BuildState = 'missing' | 'stale' | 'current'

const DEFAULT_ROOT = path.resolve(__dirname, '..', '..')
const OUTPUT_DIR = 'dist-h5'
// Freshness is a content hash of every input, stored next to the output. Chosen over mtimes because it also
// notices deleted files and switches to an older branch; and Taro empties dist-h5/ at the start of every
// build, so a manual `npm run build:h5` removes the stamp and cannot be mistaken for one of ours.
const STAMP_FILE = '.source-hash'
const SOURCE_DIRS = ['miniprogram', 'shared', 'config']
const SOURCE_FILES = [
  'babel.config.js',
  'package.json',
  'package-lock.json',
  'tsconfig.miniprogram.json',
]
const TAIL_LINES = 40
const DEFAULT_TIMEOUT_MS = 10 * 60_000

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** A hash of the paths and contents of every file the H5 bundle is built from. */
export async function computeSourceHash(root: string = DEFAULT_ROOT): Promise<string> {
  const nested = await Promise.all(SOURCE_DIRS.map((dir) => listFiles(path.join(root, dir))))
  const files = [
    ...nested.flat(),
    ...SOURCE_FILES.map((file) => path.join(root, file)).filter((file) => existsSync(file)),
  ].sort()
  const hash = createHash('sha256')
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0')
    hash.update(await readFile(file)).update('\0')
  }
  return hash.digest('hex')
}

export async function h5BuildState(root: string = DEFAULT_ROOT): Promise<H5BuildState> {
  const outDir = path.join(root, OUTPUT_DIR)
  if (!existsSync(path.join(outDir, 'index.html'))) return 'missing'
  const stamp = await readFile(path.join(outDir, STAMP_FILE), 'utf8').catch(() => '')
  return stamp.trim() === (await computeSourceHash(root)) ? 'current' : 'stale'
}

// Taro's progress bar (webpackbar) and spinner (ora) redraw in place with cursor-up / erase-line codes even
// when piped. A few rows of "screen" are replayed here so only lines that stay on screen get logged, plus a
// progress line every 10 %.
// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const ESCAPE_OR_TEXT = /\x1b\[(\d*)[;?\d]*([A-Za-z])|\r?\n|\r|[^\x1b\r\n]+|\x1b/g
const PROGRESS = /(\w+)? ?\((\d+)%\)/
const REDRAW_ROWS = 8 // taller than any block Taro redraws (at most 7 rows observed)
// eslint-disable-next-line no-control-regex -- an escape code cut in half by a chunk boundary
const PARTIAL_ESCAPE = /\x1b(\[[\d;?]*)?$/
// ora's "starting, please wait" spinner line, left over after the last redraw.
const SPINNER = /^\S\s+即将开始启动编译/

export class TerminalReplay {
  private rows: string[] = ['']
  private lastBucket = -1
  private pending = ''

  constructor(private readonly emit: (line: string) => void) {}

  write(chunk: string): void {
    let text = this.pending + chunk
    const partial = PARTIAL_ESCAPE.exec(text)
    this.pending = partial ? partial[0] : ''
    if (partial) text = text.slice(0, partial.index)
    for (const [token, count, command] of text.matchAll(ESCAPE_OR_TEXT)) {
      if (command === 'A') {
        // Cursor up: the row below is being redrawn, so it never stays on screen.
        for (let i = 0; i < Number(count || 1) && this.rows.length > 1; i++) this.rows.pop()
      } else if (command === 'K' || command === 'G' || token === '\r') {
        this.rows[this.rows.length - 1] = ''
      } else if (token === '\n' || token === '\r\n') {
        this.rows.push('')
        while (this.rows.length > REDRAW_ROWS) this.commit(this.rows.shift() ?? '')
      } else if (!token.startsWith('\x1b')) {
        this.rows[this.rows.length - 1] += token
        this.progress(token)
      }
    }
  }

  end(): void {
    this.rows.forEach((row) => this.commit(row))
    this.rows = ['']
  }

  private progress(text: string): void {
    const match = PROGRESS.exec(text)
    if (!match) return
    const bucket = Math.floor(Number(match[2]) / 10)
    if (bucket <= this.lastBucket) return
    this.lastBucket = bucket
    this.emit(`H5 build ${match[2]}%${match[1] ? ` (${match[1]})` : ''}`)
  }

  private commit(row: string): void {
    const line = row.trim()
    if (line !== '' && !SPINNER.test(line)) this.emit(line)
  }
}

function runTaroBuild(root: string, log: (line: string) => void, timeoutMs: number): Promise<void> {
  const taro = path.join(root, 'node_modules', '.bin', 'taro')
  return new Promise((resolve, reject) => {
    const tail: string[] = []
    const onLine = (line: string): void => {
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      log(line)
    }
    const child = spawn(taro, ['build', '--type', 'h5'], {
      cwd: root,
      // Always a production bundle: jest sets NODE_ENV=test, which Taro would treat as a dev build
      // (React Refresh hooks included, which fail at run time without the dev server).
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const stdout = new TerminalReplay(onLine)
    const stderr = new TerminalReplay(onLine)
    // setEncoding keeps multi-byte characters (the Chinese tips) intact across chunk boundaries.
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.write(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.write(chunk))
    const timer = setTimeout(() => {
      onLine(`H5 build exceeded ${Math.round(timeoutMs / 1000)} s; stopping it`)
      child.kill('SIGTERM')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`could not start ${taro}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      stdout.end()
      stderr.end()
      if (code === 0) return resolve()
      const status = signal ? `signal ${signal}` : `exit code ${String(code)}`
      reject(new Error(`taro build --type h5 failed (${status}):\n${tail.join('\n')}`))
    })
  })
}

// One build at a time per process: concurrent callers share it instead of racing on dist-h5/.
const inFlight = new Map<string, Promise<string>>()

/** Returns the absolute path of an up-to-date dist-h5/, building it first when needed. */
export function ensureH5Build(opts: EnsureH5BuildOptions = {}): Promise<string> {
  const root = path.resolve(opts.root ?? DEFAULT_ROOT)
  const running = inFlight.get(root)
  if (running) return running
  const job = buildIfNeeded(root, opts).finally(() => inFlight.delete(root))
  inFlight.set(root, job)
  return job
}

// Several people (and `npm start` next to `npm test`) share one checkout: a lock folder outside dist-h5/
// (Taro empties that) keeps two Taro processes from writing it at once. mkdir is atomic, so it is the lock.
const LOCK_DIR = path.join('node_modules', '.cache', 'shangliang-h5-build.lock')
const LOCK_POLL_MS = 500
// A lock folder without a pid this old was left by a process that died right after creating it.
const LOCK_PID_GRACE_MS = 10_000

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function lockIsStale(lockDir: string): Promise<boolean> {
  const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''))
  if (owner > 0) return !processAlive(owner)
  const created = await stat(lockDir).then(
    (info) => info.mtimeMs,
    () => Date.now(),
  )
  return Date.now() - created > LOCK_PID_GRACE_MS
}

async function withBuildLock<T>(
  root: string,
  timeoutMs: number,
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  const lockDir = path.join(root, LOCK_DIR)
  await mkdir(path.dirname(lockDir), { recursive: true })
  const deadline = Date.now() + timeoutMs
  let announced = false
  for (;;) {
    try {
      await mkdir(lockDir)
      await writeFile(path.join(lockDir, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (await lockIsStale(lockDir)) {
      await rm(lockDir, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for another H5 build to finish (lock: ${lockDir})`)
    }
    if (!announced) log('Waiting for another H5 build to finish…')
    announced = true
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
  }
  try {
    return await work()
  } finally {
    await rm(lockDir, { recursive: true, force: true })
  }
}

async function buildIfNeeded(root: string, opts: EnsureH5BuildOptions): Promise<string> {
  const log = opts.log ?? (() => undefined)
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const outDir = path.join(root, OUTPUT_DIR)
  if (!opts.force && (await h5BuildState(root)) === 'current') {
    log(`H5 bundle is up to date (${OUTPUT_DIR}/)`)
    return outDir
  }
  return withBuildLock(root, timeoutMs, log, async () => {
    // Checked again under the lock: the process we waited for may have just built these sources.
    const state = opts.force ? 'forced' : await h5BuildState(root)
    if (state === 'current') {
      log(`H5 bundle is up to date (${OUTPUT_DIR}/, built by another process)`)
      return outDir
    }
    const reason = { missing: 'no build yet', stale: 'sources changed', forced: 'forced' }[state]
    log(`Building the H5 bundle (${reason})…`)
    // Hash before building so an edit made during the build makes the next call rebuild.
    const hash = await computeSourceHash(root)
    const started = Date.now()
    await runTaroBuild(root, log, timeoutMs)
    if (!existsSync(path.join(outDir, 'index.html'))) {
      throw new Error(`taro build --type h5 finished but ${OUTPUT_DIR}/index.html is missing`)
    }
    await writeFile(path.join(outDir, STAMP_FILE), `${hash}\n`)
    log(`H5 bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return outDir
  })
}
