/**
 * The storage engine: catalog, committed writes with unique checks, transaction overlays with
 * write-conflict detection, and the effect journal handed to persistence.
 *
 * Concurrency model: Node runs one command at a time between awaits. A write checks uniqueness
 * and commits to memory in the same synchronous stretch, then calls `persistence.append` in that
 * same stretch (so journal order = commit order) and awaits it before replying. A reader running
 * during that await can see the write before it is durable — the same as MongoDB's
 * readConcern "local" with w:1.
 */
import type { Document } from 'bson'
import type { Effect, Persistence } from '../persistence/types'
import { Catalog } from './catalog'
import { duplicateKeyError, type Collection } from './collection'
import type { IndexStore } from './index-store'
import { plan, type Candidates, type Plan, type PlanOptions } from './planner'
import { Session, Transaction, noSuchTransaction, sessionIdOf, writeConflict } from './transaction'
import { Codes, fail } from '../errors'
import { keyOf } from './values'
import { VersionLog } from './version-log'
import { LockWait, type Change, type WriteCtx } from './write-ctx'

export interface EngineOptions {
  /** Abort transactions older than this (MongoDB: transactionLifetimeLimitSeconds = 60). */
  transactionLifetimeMs?: number
  /** Checkpoint once the journal grows past this many bytes. */
  checkpointBytes?: number
  log?: (line: string) => void
}

export { WriteCtx, LockWait, type Change } from './write-ctx'

export class Engine {
  readonly catalog = new Catalog()
  readonly sessions = new Map<string, Session>()
  private readonly locks = new Map<string, Transaction>()
  private readonly activeTxns = new Set<Transaction>()
  /** Earlier versions of documents written while any transaction is open (snapshots, conflicts). */
  private readonly history = new VersionLog()
  private seq = 0
  /** Documents examined by the last reads (tests and explain use it to prove index use). */
  docsExamined = 0
  private checkpointing?: Promise<void>

  constructor(
    readonly persistence: Persistence,
    readonly options: EngineOptions = {},
  ) {}

  async open(): Promise<void> {
    const state = await this.persistence.open()
    for (const image of state.collections) this.catalog.load(image)
    for (const batch of state.batches) for (const e of batch) this.catalog.replay(e)
    for (const note of state.notes) this.options.log?.(`recovery: ${note}`)
  }

  // ---- reads -------------------------------------------------------------------------------

  /**
   * Candidate documents for a filter as seen by `txn` (or the committed state), produced lazily
   * (count them in `docsExamined` as they are consumed), with the plan. With `opts.sort`,
   * `sorted` tells whether they already come in that order (an index walk). Consume them before
   * the next write: they are read from the live collection.
   */
  select(
    coll: Collection | undefined,
    filter: Document,
    txn?: Transaction,
    opts: PlanOptions = {},
  ): { docs: Iterable<Document>; plan: Plan; sorted: boolean } {
    if (!coll) return { docs: [], plan: { stage: 'COLLSCAN' }, sorted: false }
    const overlay = txn?.view(coll)
    // Index order is the committed state's: a transaction that changed this collection (or saw
    // others change it since it started) reads an overlay the indexes do not know.
    const drifted =
      txn !== undefined &&
      ((overlay !== undefined && overlay.size > 0) ||
        this.history.hasChangesAfter(coll, txn.startSeq))
    const c = plan(coll, filter, { ...opts, ordered: !drifted })
    return {
      docs: this.fetch(coll, c, txn, overlay),
      plan: c.plan,
      sorted: c.plan.sorted === true,
    }
  }

  /** `select` without a sort, as an array. */
  candidates(
    coll: Collection | undefined,
    filter: Document,
    txn?: Transaction,
  ): { docs: Document[]; plan: Plan } {
    const { docs, plan } = this.select(coll, filter, txn)
    return { docs: [...docs], plan }
  }

  private *fetch(
    coll: Collection,
    c: Candidates,
    txn: Transaction | undefined,
    overlay: Map<string, Document | null> | undefined,
  ): Generator<Document> {
    // Dedupe only when ids can repeat (multikey entries, history, overlays).
    const seen = txn || c.repeats ? new Set<string>() : undefined
    // A transaction sees documents as they were when it started, plus its own writes.
    const visible = (id: string): Document | undefined => {
      if (seen) {
        if (seen.has(id)) return undefined
        seen.add(id)
      }
      if (overlay?.has(id)) return undefined
      const current = coll.docs.get(id)
      if (!txn) return current
      const old = this.history.asOf(coll, id, txn.startSeq)
      return old === undefined ? current : (old ?? undefined)
    }
    for (const id of c.ids ?? coll.docs.keys()) {
      const doc = visible(id)
      if (!doc) continue
      this.docsExamined++
      yield doc
    }
    if (txn) {
      for (const id of this.history.idsChangedAfter(coll, txn.startSeq)) {
        const doc = visible(id)
        if (!doc) continue
        this.docsExamined++
        yield doc
      }
    }
    if (overlay) {
      for (const doc of this.overlayCandidates(coll, c, txn, overlay)) {
        if (!doc) continue
        this.docsExamined++
        yield doc
      }
    }
  }

  /**
   * The transaction's own documents that may match: all of them, or — when the plan looked up
   * _id values or a unique index's full keys — only those holding one of these keys (a matching
   * document must hold one, exactly as for the committed documents the plan looked up).
   */
  private overlayCandidates(
    coll: Collection,
    c: Candidates,
    txn: Transaction | undefined,
    overlay: Map<string, Document | null>,
  ): Iterable<Document | null | undefined> {
    const keys = c.keys
    if (!keys || !txn) return overlay.values()
    if (!keys.index) return [...new Set(keys.fulls)].map((id) => overlay.get(id))
    const held = txn.overlayKeys(coll, keys.index)
    const ids = new Set<string>()
    for (const full of keys.fulls) {
      const id = held.get(full)
      if (id !== undefined) ids.add(id)
    }
    return [...ids].map((id) => overlay.get(id))
  }

  get(coll: Collection, id: string, txn?: Transaction): Document | undefined {
    const overlay = txn?.view(coll)
    if (overlay?.has(id)) return overlay.get(id) ?? undefined
    const old = txn ? this.history.asOf(coll, id, txn.startSeq) : undefined
    return old === undefined ? coll.docs.get(id) : (old ?? undefined)
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Applies changes in order, all checks and commits synchronous. Conflicts are detected for
   * every change before any is applied; a unique-key error stops at that change (earlier ones
   * stay, as in MongoDB). Returns how many were applied and the error, if any.
   */
  apply(
    ctx: WriteCtx,
    coll: Collection,
    changes: Change[],
    txn?: Transaction,
  ): { applied: number; error?: unknown } {
    for (const c of changes) this.checkLocks(coll, c, txn)
    let applied = 0
    try {
      for (const c of changes) {
        if (c.after && !ctx.bypassValidation) coll.validate(c.after)
        if (txn) this.applyInTxn(coll, c, txn)
        else this.applyDirect(ctx, coll, c)
        applied++
      }
    } catch (error) {
      return { applied, error }
    }
    return { applied }
  }

  private lockKey(coll: Collection, key: string): string {
    return `${coll.ns}\u0000${key}`
  }

  private uniqueLockKeys(coll: Collection, doc: Document): string[] {
    const out: string[] = []
    for (const ix of coll.indexes) {
      if (!ix.unique || ix.isId || !ix.covers(doc)) continue
      for (const k of ix.keys(doc)) out.push(this.lockKey(coll, `u:${ix.name}:${k.full}`))
    }
    return out
  }

  private checkLocks(coll: Collection, c: Change, txn?: Transaction): void {
    const keys = [this.lockKey(coll, c.id), ...(c.after ? this.uniqueLockKeys(coll, c.after) : [])]
    for (const k of keys) {
      const holder = this.locks.get(k)
      if (!holder || holder === txn) continue
      if (txn) throw writeConflict()
      throw new LockWait(holder)
    }
    if (txn) {
      const v = this.history.lastSeq(coll, c.id)
      if (v !== undefined && v > txn.startSeq) throw writeConflict()
    }
  }

  private applyDirect(ctx: WriteCtx, coll: Collection, c: Change): void {
    const before = coll.docs.get(c.id) ?? null
    if (c.after) {
      coll.checkUnique(c.id, c.after, c.isInsert)
      coll.put(c.id, c.after)
      ctx.effects.push({ op: 'put', db: coll.db, coll: coll.name, doc: c.after })
    } else {
      const prev = coll.del(c.id)
      if (!prev) return
      ctx.effects.push({ op: 'del', db: coll.db, coll: coll.name, id: prev._id })
    }
    this.bump(coll, c.id, before)
  }

  private bump(coll: Collection, id: string, before: Document | null): void {
    this.seq++
    if (this.activeTxns.size > 0) this.history.record(coll, id, this.seq, before)
  }

  private applyInTxn(coll: Collection, c: Change, txn: Transaction): void {
    const overlay = txn.overlayFor(coll)
    if (c.after) {
      coll.checkUnique(
        c.id,
        c.after,
        c.isInsert && !overlay.has(c.id),
        (other) => !overlay.has(other),
      )
      if (c.isInsert && overlay.get(c.id)) coll.checkUnique(c.id, c.after, true, () => true)
      this.checkOverlayUnique(coll, txn, c.id, c.after)
    }
    txn.write(coll, c.id, c.after)
    const keys = [this.lockKey(coll, c.id), ...(c.after ? this.uniqueLockKeys(coll, c.after) : [])]
    for (const k of keys) {
      if (this.locks.has(k)) continue
      this.locks.set(k, txn)
      txn.locks.push(k)
    }
  }

  /** E11000 when `doc` collides on a unique index with another of the transaction's documents. */
  private checkOverlayUnique(coll: Collection, txn: Transaction, id: string, doc: Document): void {
    for (const ix of coll.indexes) {
      if (!ix.unique || ix.isId || !ix.covers(doc)) continue
      const held = txn.overlayKeys(coll, ix)
      for (const k of ix.keys(doc)) {
        const owner = held.get(k.full)
        if (owner !== undefined && owner !== id) throw duplicateKeyError(coll.ns, ix, k)
      }
    }
  }

  /** Sends the command's effects so far to the journal (in commit order). */
  flush(ctx: WriteCtx): void {
    if (ctx.effects.length === 0) return
    const batch = ctx.effects
    ctx.effects = []
    ctx.pending.push(this.persistence.append(batch))
  }

  /** Flushes and waits until everything the command changed is durable. */
  async settle(ctx: WriteCtx): Promise<void> {
    this.flush(ctx)
    await Promise.all(ctx.pending)
    this.maybeCheckpoint()
  }

  maybeCheckpoint(force = false): Promise<void> | undefined {
    const limit = this.options.checkpointBytes ?? 64 * 1024 * 1024
    if (this.checkpointing || (!force && this.persistence.journalBytes < limit))
      return this.checkpointing
    this.checkpointing = this.persistence
      .checkpoint(this.catalog.images())
      .catch((e: unknown) => this.options.log?.(`checkpoint failed: ${String(e)}`))
      .finally(() => (this.checkpointing = undefined))
    return this.checkpointing
  }

  // ---- transactions ------------------------------------------------------------------------

  session(cmd: Document): Session | undefined {
    const id = sessionIdOf(cmd)
    if (!id) return undefined
    let s = this.sessions.get(id)
    if (!s) this.sessions.set(id, (s = new Session(id)))
    s.lastUse = Date.now()
    return s
  }

  /** The transaction a command runs in (starting one on startTransaction), or undefined. */
  transactionFor(cmd: Document): Transaction | undefined {
    if (cmd.autocommit === undefined && cmd.startTransaction === undefined) return undefined
    if (cmd.autocommit !== false)
      fail(Codes.InvalidOptions, 'Specifying autocommit=true is not allowed.')
    const s = this.session(cmd)
    if (!s || cmd.txnNumber === undefined) {
      fail(Codes.InvalidOptions, 'Transaction requires a session id and a txnNumber')
    }
    const n = Number(cmd.txnNumber)
    if (cmd.startTransaction === true) {
      if (n < s.txnNumber || (n === s.txnNumber && s.txn)) {
        fail(
          Codes.TransactionTooOld,
          `Cannot start transaction ${n} on session because a newer transaction ${s.txnNumber} has already started.`,
        )
      }
      if (s.txn?.state === 'active') this.abort(s.txn)
      s.txnNumber = n
      const txn = new Transaction(s, n, this.seq)
      s.txn = txn
      this.activeTxns.add(txn)
      const lifetime = this.options.transactionLifetimeMs ?? 60_000
      txn.timer = setTimeout(() => this.abort(txn), lifetime)
      txn.timer.unref()
      return txn
    }
    const txn = s.txn
    if (!txn || txn.txnNumber !== n || txn.state !== 'active') throw noSuchTransaction(n)
    return txn
  }

  abort(txn: Transaction): void {
    if (txn.state !== 'active') return
    this.release(txn)
    txn.finish('aborted')
  }

  /** Publishes the overlay atomically; returns the journal promise for the single batch. */
  commit(txn: Transaction): Promise<void> {
    if (txn.state !== 'active') throw noSuchTransaction(txn.txnNumber)
    const batch: Effect[] = []
    for (const [coll, overlay] of txn.overlay) {
      for (const [id, doc] of overlay) {
        const before = coll.docs.get(id) ?? null
        if (doc) {
          coll.put(id, doc)
          batch.push({ op: 'put', db: coll.db, coll: coll.name, doc })
        } else {
          const prev = coll.del(id)
          if (prev) batch.push({ op: 'del', db: coll.db, coll: coll.name, id: prev._id })
        }
        this.bump(coll, id, before)
      }
    }
    this.release(txn)
    txn.finish('committed')
    return batch.length > 0 ? this.persistence.append(batch) : Promise.resolve()
  }

  private release(txn: Transaction): void {
    for (const k of txn.locks) if (this.locks.get(k) === txn) this.locks.delete(k)
    txn.locks.length = 0
    this.activeTxns.delete(txn)
    if (this.activeTxns.size === 0) this.history.clear()
  }

  endSession(id: string): void {
    const s = this.sessions.get(id)
    if (s?.txn) this.abort(s.txn)
    this.sessions.delete(id)
  }

  /** Forgets sessions idle longer than the logical session timeout (aborting their transactions). */
  expireSessions(idleMs: number): void {
    const cutoff = Date.now() - idleMs
    for (const [id, s] of this.sessions) if (s.lastUse < cutoff) this.endSession(id)
  }

  // ---- indexes -----------------------------------------------------------------------------

  createIndex(ctx: WriteCtx, coll: Collection, spec: Document): IndexStore {
    const ix = coll.addIndex(spec)
    ctx.effects.push({ op: 'createIndex', db: coll.db, coll: coll.name, spec })
    return ix
  }

  idKey(value: unknown): string {
    return keyOf(value)
  }
}
