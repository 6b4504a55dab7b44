/**
 * Startup recovery: newest valid snapshot + every journal generation after it, checked record by record.
 * A damaged record is tolerated only at the very end of the journal (a torn last write, never acknowledged);
 * anything intact after damage means acknowledged data would be lost, which is an error, not a repair.
 */
import { promises as fsp } from 'node:fs'
import { join } from 'node:path'
import type { DeserializeOptions } from 'bson'
import type { EffectBatch, RecoveredState } from './types'
import { listDbFiles, removeIfExists } from './fs-utils'
import { decodeBatch, findIntactRecordAfter, scanJournal } from './record-codec'
import { InvalidSnapshotError, readSnapshot } from './snapshot'
import type { LoadedSnapshot } from './snapshot'

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError'
}

export interface Recovery {
  state: RecoveredState
  lastSeq: number
  /** Generation for new appends: above every file on disk. */
  nextGen: number
  journalBytes: number
  /** True when the loaded snapshot is the newest one on disk (pruning is then safe). */
  loadedNewest: boolean
}

async function truncateFile(path: string, size: number, fsync: boolean): Promise<void> {
  const fh = await fsp.open(path, 'r+')
  try {
    await fh.truncate(size)
    if (fsync) await fh.sync()
  } finally {
    await fh.close()
  }
}

export async function recover(
  dir: string,
  options: DeserializeOptions,
  fsync: boolean,
): Promise<Recovery> {
  const notes: string[] = []
  const files = await listDbFiles(dir)
  for (const t of files.temps) {
    await removeIfExists(join(dir, t))
    notes.push(`removed ${t} left by an interrupted checkpoint`)
  }

  let snap: LoadedSnapshot | null = null
  let skipped = 0
  for (const s of files.snapshots) {
    try {
      snap = await readSnapshot(join(dir, s.name), options)
      if (snap.gen !== s.gen)
        throw new InvalidSnapshotError(`${s.name}: header says generation ${snap.gen}`)
      break
    } catch (e) {
      if (!(e instanceof InvalidSnapshotError)) throw e
      snap = null
      skipped++
      notes.push(`ignored invalid snapshot (${e.message}); trying an older one`)
    }
  }

  const fromGen = snap?.gen ?? 0
  const journals = files.journals.filter((j) => j.gen >= fromGen)
  const batches: EffectBatch[] = []
  let expected = (snap?.lastSeq ?? 0) + 1
  let journalBytes = 0

  for (let i = 0; i < journals.length; i++) {
    const name = journals[i].name
    const path = join(dir, name)
    const buf = await fsp.readFile(path)
    const scan = scanJournal(buf)
    for (const r of scan.records) {
      if (r.seq !== expected) {
        throw new JournalCorruptError(
          `embedded-db: ${name} at byte ${r.offset} holds batch #${r.seq} but #${expected} was expected` +
            ` — journal or snapshot files are missing; refusing to start with acknowledged writes lost`,
        )
      }
      batches.push(decodeBatch(r.body, options))
      expected++
    }
    journalBytes += scan.validEnd
    if (scan.stopReason === null) continue

    // Damage: it must be the tail of the whole journal.
    const intactAfter = findIntactRecordAfter(buf, scan.validEnd + 1, expected)
    const laterData: string[] = []
    const laterTorn: string[] = []
    for (const later of journals.slice(i + 1)) {
      const lb = await fsp.readFile(join(dir, later.name))
      if (findIntactRecordAfter(lb, 0, expected) >= 0) laterData.push(later.name)
      else if (lb.length > 0) laterTorn.push(later.name)
    }
    if (intactAfter >= 0 || laterData.length > 0) {
      const where = intactAfter >= 0 ? `${name} byte ${intactAfter}` : laterData.join(', ')
      throw new JournalCorruptError(
        `embedded-db: ${name} is damaged at byte ${scan.validEnd} (${scan.stopReason}) but intact ` +
          `records follow (${where}): acknowledged writes would be lost, refusing to start. ` +
          `Restore the dbpath from a backup or move the damaged file away knowingly.`,
      )
    }
    const torn = buf.length - scan.validEnd
    await truncateFile(path, scan.validEnd, fsync)
    notes.push(`truncated ${torn} torn bytes at the tail of ${name} (${scan.stopReason})`)
    for (const later of laterTorn) {
      await truncateFile(join(dir, later), 0, fsync)
      notes.push(`emptied ${later}, which held only a torn write`)
    }
    break
  }

  if (skipped > 0 && snap === null && batches.length === 0) {
    // Falling back to "empty" is only safe when the journal provably starts at batch #1.
    throw new JournalCorruptError(
      `embedded-db: no valid snapshot in ${dir} and no journal reaching back to the first batch ` +
        `(${notes.filter((n) => n.startsWith('ignored')).join('; ')}); refusing to start empty`,
    )
  }

  const gens = [...files.journals, ...files.snapshots].map((f) => f.gen)
  return {
    state: { collections: snap?.collections ?? [], batches, notes },
    lastSeq: expected - 1,
    nextGen: Math.max(0, ...gens) + 1,
    journalBytes,
    loadedNewest: snap !== null && snap.gen === files.snapshots[0]?.gen,
  }
}
