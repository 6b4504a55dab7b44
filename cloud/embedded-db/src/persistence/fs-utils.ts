/** File names of the dbpath and the few fs calls whose durability matters (see the format note in index.ts). */
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

const GEN_DIGITS = 16
const JOURNAL_RE = /^journal-(\d{16})\.log$/
const SNAPSHOT_RE = /^snapshot-(\d{16})\.snap$/
const SNAPSHOT_TMP_RE = /^snapshot-\d{16}\.snap\.tmp$/

export const LOCK_FILE = 'embedded-db.lock'
export const TMP_SUFFIX = '.tmp'

export const journalName = (gen: number): string =>
  `journal-${String(gen).padStart(GEN_DIGITS, '0')}.log`
export const snapshotName = (gen: number): string =>
  `snapshot-${String(gen).padStart(GEN_DIGITS, '0')}.snap`

export interface DbFiles {
  /** Ascending by generation. */
  journals: { gen: number; name: string }[]
  /** Descending by generation (newest first). */
  snapshots: { gen: number; name: string }[]
  /** Leftovers of interrupted checkpoints; never valid. */
  temps: string[]
}

export async function listDbFiles(dir: string): Promise<DbFiles> {
  const files: DbFiles = { journals: [], snapshots: [], temps: [] }
  for (const name of await fsp.readdir(dir)) {
    const j = JOURNAL_RE.exec(name)
    const s = SNAPSHOT_RE.exec(name)
    if (j) files.journals.push({ gen: Number(j[1]), name })
    else if (s) files.snapshots.push({ gen: Number(s[1]), name })
    else if (SNAPSHOT_TMP_RE.test(name)) files.temps.push(name)
  }
  files.journals.sort((a, b) => a.gen - b.gen)
  files.snapshots.sort((a, b) => b.gen - a.gen)
  return files
}

/** A rename or a new file is only durable once its directory entry is flushed. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** writev may write less than asked (and libuv caps the iovec count), so loop until everything is out. */
export async function writeAll(fh: FileHandle, buffers: Buffer[]): Promise<void> {
  let pending = buffers.filter((b) => b.length > 0)
  while (pending.length > 0) {
    const { bytesWritten } = await fh.writev(pending)
    if (bytesWritten <= 0) throw new Error('write made no progress')
    let left = bytesWritten
    const rest: Buffer[] = []
    for (const b of pending) {
      if (left >= b.length) left -= b.length
      else {
        rest.push(left > 0 ? b.subarray(left) : b)
        left = 0
      }
    }
    pending = rest
  }
}

export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await fsp.unlink(path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/** Deletes snapshots and journals older than the oldest restore point kept; returns the names removed. */
export async function pruneSuperseded(dir: string, keepOlder: number): Promise<string[]> {
  const files = await listDbFiles(dir)
  // Restore points: every snapshot, then "empty database" (generation 0) when the journals reach back to it.
  const points = [...files.snapshots.map((s) => s.gen), 0]
  const cutoff = points[Math.min(keepOlder, points.length - 1)]
  const doomed = [
    ...files.snapshots.filter((s) => s.gen < cutoff),
    ...files.journals.filter((j) => j.gen < cutoff),
  ].map((f) => f.name)
  for (const name of doomed) await removeIfExists(join(dir, name))
  return doomed
}
