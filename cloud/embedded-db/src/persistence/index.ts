/**
 * Durable storage for the embedded server: an append-only journal of effect batches plus periodic snapshots.
 *
 * FILE FORMAT (all integers little-endian; CRC = CRC-32/ISO-HDLC as computed by node:zlib crc32)
 *
 *   <dbpath>/embedded-db.lock            pid of the owning process (see dbpath-lock.ts)
 *   <dbpath>/journal-<gen16>.log         journal generation <gen>, e.g. journal-0000000000000003.log
 *   <dbpath>/snapshot-<gen16>.snap       state after every batch journalled in generations < <gen>
 *   <dbpath>/snapshot-<gen16>.snap.tmp   a checkpoint in progress; never read, removed on open
 *
 * Journal record (one per EffectBatch, i.e. per acknowledged command or committed transaction):
 *   u32 bodyLen | u64 seq | body = BSON { e: EffectBatch } | u32 crc over (bodyLen, seq, body)
 * `seq` numbers batches 1, 2, 3… across all generations and snapshots and must be contiguous.
 *
 * Snapshot: records `u32 bodyLen | u8 kind | body | u32 crc over (bodyLen, kind, body)`:
 *   'H' { format, version: 1, gen, lastSeq, createdAt }, then per collection
 *   'C' { db, coll, options, indexes, count } followed by `count` 'D' records (one BSON document each),
 *   then 'E' { collections, docs, crc: CRC of every byte before 'E' }.  'E' must end the file.
 *
 * Generations: appends go to the current generation G. checkpoint() captures the state, switches
 * appends to G+1 at once, writes snapshot-(G+1) with lastSeq = the last batch of G (temp file, fsync,
 * rename, fsync dir), then deletes files older than the restore points kept (`checkpointKeep`).
 * open() always starts a fresh generation above every file present.
 *
 * Recovery: newest snapshot whose checksums verify; then journals with gen >= its gen, in order,
 * requiring seq = snapshot.lastSeq + 1, +2, … A damaged record with nothing intact after it is a torn
 * tail (truncated, reported in notes); damage followed by intact records, or a seq gap, is an error.
 *
 * ENGINE CONTRACT: call append() in the same synchronous step that applies the batch in memory, and
 * acknowledge only after it resolves. The state given to checkpoint() must include every batch passed
 * to append() before the call and none after it.
 */
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { DeserializeOptions } from 'bson'
import type { CollectionImage, EffectBatch, Persistence, RecoveredState } from './types'
import { acquireDbpathLock } from './dbpath-lock'
import type { DbpathLock } from './dbpath-lock'
import { fsyncDir, pruneSuperseded, snapshotName } from './fs-utils'
import { JournalWriter } from './journal-writer'
import { encodeRecord } from './record-codec'
import { recover } from './recovery'
import { captureCollections, writeSnapshot } from './snapshot'

export type { CollectionImage, Effect, EffectBatch, Persistence, RecoveredState } from './types'
export { DbpathLockedError } from './dbpath-lock'
export { JournalCorruptError } from './recovery'

export interface PersistenceOptions {
  /** Older restore points (snapshot + the journals after it) kept after a checkpoint. Default 1. */
  checkpointKeep?: number
  /** fsync journal, snapshots and directory. Default true; turn off only for throwaway data. */
  fsync?: boolean
  /** Receives recovery notes, checkpoints and lock take-overs. */
  log?: (line: string) => void
  /**
   * How stored BSON is decoded; should match how the engine decodes wire input so a document comes
   * back exactly as it was given. Default `{ promoteLongs: false }`: numbers stay numbers, Long stays Long.
   */
  bsonOptions?: Pick<
    DeserializeOptions,
    'promoteValues' | 'promoteLongs' | 'useBigInt64' | 'bsonRegExp'
  >
  /**
   * The engine never mutates a stored document in place (it replaces it). Then checkpoint() copies only
   * references at call time and serializes while writing: no event-loop stall, no second copy in memory.
   * Default false: every document is serialized at call time.
   */
  immutableDocuments?: boolean
  /** Replaces fsync of journal files: fault-injection hook for tests. */
  syncFile?: (fh: FileHandle) => Promise<void>
}

class DiskPersistence implements Persistence {
  private readonly dir: string
  private readonly fsync: boolean
  private readonly keep: number
  private readonly log: (line: string) => void
  private readonly bson: DeserializeOptions
  private readonly immutableDocs: boolean
  private readonly writer: JournalWriter
  private lock: DbpathLock | null = null
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new'
  private gen = 0
  private lastSeq = 0
  private bytes = 0
  private lastAppend: Promise<void> = Promise.resolve()
  private checkpoints: Promise<void> = Promise.resolve()
  private opening: Promise<RecoveredState> | null = null

  constructor(dbpath: string, opts: PersistenceOptions) {
    this.dir = resolve(dbpath)
    this.fsync = opts.fsync ?? true
    this.keep = Math.max(0, Math.floor(opts.checkpointKeep ?? 1))
    this.log = opts.log ?? (() => undefined)
    this.bson = { promoteLongs: false, ...opts.bsonOptions }
    this.immutableDocs = opts.immutableDocuments ?? false
    this.writer = new JournalWriter(this.dir, {
      fsync: this.fsync,
      syncFile: opts.syncFile ?? ((fh) => fh.datasync()),
    })
  }

  get journalBytes(): number {
    return this.bytes
  }

  /** Write+fsync rounds so far; fewer than appends means group commit is working. */
  get journalFlushes(): number {
    return this.writer.flushes
  }

  open(): Promise<RecoveredState> {
    if (this.state !== 'new') {
      return Promise.reject(new Error('embedded-db: persistence open() may be called once'))
    }
    this.state = 'opening'
    this.opening = this.doOpen()
    return this.opening
  }

  private async doOpen(): Promise<RecoveredState> {
    await this.ensureDir()
    this.lock = await acquireDbpathLock(this.dir, this.log)
    try {
      const r = await recover(this.dir, this.bson, this.fsync)
      this.gen = r.nextGen
      this.lastSeq = r.lastSeq
      this.bytes = r.journalBytes
      if (r.loadedNewest) {
        for (const name of await pruneSuperseded(this.dir, this.keep)) {
          r.state.notes.push(`removed superseded ${name}`)
        }
      }
      for (const n of r.state.notes) this.log(`embedded-db: recovery: ${n}`)
      this.log(
        `embedded-db: recovered ${r.state.collections.length} collections from snapshot and ` +
          `${r.state.batches.length} journalled batches (last #${r.lastSeq})`,
      )
      this.state = 'open'
      return r.state
    } catch (e) {
      await this.lock.release()
      this.state = 'closed'
      throw e
    }
  }

  append(batch: EffectBatch): Promise<void> {
    const refused = this.refusal('append')
    if (refused) return Promise.reject(refused)
    let rec: Buffer
    try {
      rec = encodeRecord(this.lastSeq + 1, batch)
    } catch (e) {
      return Promise.reject(e)
    }
    this.lastSeq++
    this.bytes += rec.length
    const p = this.writer.write(this.gen, rec)
    this.lastAppend = p
    return p
  }

  checkpoint(collections: Iterable<CollectionImage>): Promise<void> {
    const refused = this.refusal('checkpoint')
    if (refused) return Promise.reject(refused)
    let captured
    try {
      captured = captureCollections(collections, this.immutableDocs)
    } catch (e) {
      return Promise.reject(e)
    }
    // From here on the cut is fixed: later appends go to the next generation.
    const header = { gen: this.gen + 1, lastSeq: this.lastSeq }
    const bytesBefore = this.bytes
    this.gen = header.gen
    this.bytes = 0
    const before = this.lastAppend.catch(() => undefined)
    const run = this.checkpoints.then(async () => {
      const path = join(this.dir, snapshotName(header.gen))
      const started = Date.now()
      const docs = await writeSnapshot(path, header, captured, this.fsync)
      // Old generations may only go once their last records are written (or have failed).
      await before
      const removed = await pruneSuperseded(this.dir, this.keep)
      this.log(
        `embedded-db: checkpoint ${snapshotName(header.gen)}: ${docs} documents up to batch ` +
          `#${header.lastSeq} in ${Date.now() - started} ms; removed ${removed.length} old files`,
      )
    })
    // A failed checkpoint supersedes nothing: its journal bytes still count toward the next one.
    this.checkpoints = run.catch(() => {
      this.bytes += bytesBefore
    })
    return run
  }

  async close(): Promise<void> {
    if (this.state === 'opening') await this.opening?.catch(() => undefined)
    if (this.state === 'closed') return
    const wasOpen = this.state === 'open'
    this.state = 'closed'
    if (!wasOpen) return
    await this.checkpoints
    await this.writer.close()
    await this.lock?.release()
    this.lock = null
  }

  private refusal(what: string): Error | null {
    if (this.state !== 'open')
      return new Error(`embedded-db: ${what} on a persistence that is ${this.state}`)
    return this.writer.poisoned
  }

  private async ensureDir(): Promise<void> {
    const created = await fsp.mkdir(this.dir, { recursive: true })
    if (created && this.fsync) await fsyncDir(dirname(this.dir))
  }
}

export function openPersistence(
  dbpath: string,
  opts: PersistenceOptions = {},
): Persistence & {
  readonly journalFlushes: number
} {
  return new DiskPersistence(dbpath, opts)
}
