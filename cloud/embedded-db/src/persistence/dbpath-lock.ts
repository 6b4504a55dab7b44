/**
 * Single-writer lock on a dbpath: a file holding the owner's pid.
 * The file is written under a temporary name and hard-linked into place, so it never exists half-written
 * and creation is atomic (link fails with EEXIST). A lock whose pid is no longer running is taken over.
 */
import { promises as fsp } from 'node:fs'
import { join } from 'node:path'
import { LOCK_FILE, removeIfExists } from './fs-utils'

export interface DbpathLock {
  readonly path: string
  release(): Promise<void>
}

export class DbpathLockedError extends Error {
  constructor(
    readonly dbpath: string,
    readonly pid: number,
  ) {
    super(
      `embedded-db: dbpath ${dbpath} is already in use by process ${pid}` +
        (pid === process.pid ? ' (this process)' : '') +
        `. Stop that process first; delete ${join(dbpath, LOCK_FILE)} only if you are sure it is gone.`,
    )
    this.name = 'DbpathLockedError'
  }
}

/** Lock paths held by this process, to tell "opened twice here" from "left by an earlier us". */
const heldHere = new Set<string>()

function isRunning(pid: number, path: string): boolean {
  // Our own pid in a lock we do not hold: a previous process with the same pid (e.g. PID 1 in a
  // restarted container) died holding it.
  if (pid === process.pid) return heldHere.has(path)
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readHolder(path: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await fsp.readFile(path, 'utf8')).trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
}

/** Hard links are atomic and never half-written; file systems without them get O_EXCL create. */
async function linkOrCreate(tmp: string, path: string): Promise<void> {
  try {
    await fsp.link(tmp, path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e
    await fsp.writeFile(path, `${process.pid}\n`, { flag: 'wx' })
  }
}

export async function acquireDbpathLock(
  dbpath: string,
  log: (line: string) => void,
): Promise<DbpathLock> {
  const path = join(dbpath, LOCK_FILE)
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  await fsp.writeFile(tmp, `${process.pid}\n`)
  try {
    // Bounded: one normal attempt plus a couple of stale take-overs racing another starter.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await linkOrCreate(tmp, path)
        heldHere.add(path)
        return {
          path,
          release: async () => {
            if (!heldHere.delete(path)) return
            if ((await readHolder(path)) === process.pid) await removeIfExists(path)
          },
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
      const holder = await readHolder(path)
      if (holder !== null && isRunning(holder, path)) throw new DbpathLockedError(dbpath, holder)
      log(
        `embedded-db: taking over stale lock ${path} (pid ${holder ?? 'unreadable'} is not running)`,
      )
      await removeIfExists(path)
    }
    throw new Error(`embedded-db: could not lock ${path}: another process keeps taking it`)
  } finally {
    await removeIfExists(tmp)
  }
}
