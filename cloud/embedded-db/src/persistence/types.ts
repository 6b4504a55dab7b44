/**
 * Contract between the embedded server's engine and its persistence layer.
 * The engine describes every acknowledged change as effects; persistence makes a batch durable
 * before the engine acknowledges the write, and hands the batches back on recovery.
 */
import type { Document } from 'bson'

/** One physical change. `put` is an insert or a full replacement keyed by `doc._id`. */
export type Effect =
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'createCollection'; db: string; coll: string; options: Document }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Document }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'dropDatabase'; db: string }

/** Every effect of one acknowledged command or one committed transaction; recovered all-or-nothing. */
export type EffectBatch = Effect[]

/** A whole collection as stored in a snapshot. `indexes` are the specs as listIndexes reports them. */
export interface CollectionImage {
  db: string
  coll: string
  options: Document
  indexes: Document[]
  docs: Iterable<Document>
}

export interface RecoveredState {
  /** Collections from the newest valid snapshot (empty when there is none). */
  collections: CollectionImage[]
  /** Batches journalled after that snapshot, in commit order, to replay on top of it. */
  batches: EffectBatch[]
  /** What recovery had to do, for the log: e.g. "truncated 37 torn bytes at the journal tail". */
  notes: string[]
}

export interface Persistence {
  /** Takes the dbpath lock, loads the snapshot and journal, repairs a torn tail. Call once. */
  open(): Promise<RecoveredState>
  /** Resolves only when the batch is on disk (fsync). Concurrent calls share one fsync (group commit). */
  append(batch: EffectBatch): Promise<void>
  /**
   * Writes a snapshot of the given state (taken synchronously at call time, so it is consistent)
   * and drops the journal it supersedes. Appends made during a checkpoint are not lost.
   */
  checkpoint(collections: Iterable<CollectionImage>): Promise<void>
  /** Bytes journalled since the last checkpoint, so the engine can decide when to checkpoint. */
  readonly journalBytes: number
  /** Flushes, releases the lock. */
  close(): Promise<void>
}
