/** Logical sessions and their multi-document transactions (state machine, timers, overlays). */
import { Binary, type Document } from 'bson'
import { Codes, MongoCommandError, TRANSIENT, fail } from '../errors'
import type { Collection } from './collection'
import type { IndexStore } from './index-store'

export type TxnState = 'active' | 'committed' | 'aborted'

let nextTxnId = 1

export class Transaction {
  readonly id = nextTxnId++
  state: TxnState = 'active'
  /** Writes not yet visible to others: collection → id key → new document (null = deleted). */
  readonly overlay = new Map<Collection, Map<string, Document | null>>()
  /** Lock keys held in the engine's lock table, released at commit/abort. */
  readonly locks: string[] = []
  readonly done: Promise<void>
  private resolveDone!: () => void
  timer?: NodeJS.Timeout

  constructor(
    readonly session: Session,
    readonly txnNumber: number,
    /** Commit sequence at start: a document committed by others after this is a write conflict. */
    readonly startSeq: number,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r))
  }

  finish(state: 'committed' | 'aborted'): void {
    this.state = state
    if (this.timer) clearTimeout(this.timer)
    this.resolveDone()
  }

  /**
   * Per collection and unique index: full key → id of the overlay document holding it. Built on
   * first use from the overlay, then kept up to date by `write`, so unique checks and unique-key
   * lookups among this transaction's own writes need not scan them all.
   */
  private readonly keyMaps = new Map<Collection, Map<IndexStore, Map<string, string>>>()

  view(coll: Collection): Map<string, Document | null> | undefined {
    return this.overlay.get(coll)
  }

  overlayFor(coll: Collection): Map<string, Document | null> {
    let m = this.overlay.get(coll)
    if (!m) this.overlay.set(coll, (m = new Map()))
    return m
  }

  /** Records a write in the overlay (the one way overlays change). */
  write(coll: Collection, id: string, doc: Document | null): void {
    const overlay = this.overlayFor(coll)
    const prev = overlay.get(id)
    for (const [ix, held] of this.keyMaps.get(coll) ?? []) {
      if (prev && ix.covers(prev)) {
        for (const k of ix.keys(prev)) if (held.get(k.full) === id) held.delete(k.full)
      }
      if (doc && ix.covers(doc)) for (const k of ix.keys(doc)) held.set(k.full, id)
    }
    overlay.set(id, doc)
  }

  /** Full keys of unique index `ix` held by this transaction's live overlay documents. */
  overlayKeys(coll: Collection, ix: IndexStore): ReadonlyMap<string, string> {
    let byIndex = this.keyMaps.get(coll)
    if (!byIndex) this.keyMaps.set(coll, (byIndex = new Map()))
    let held = byIndex.get(ix)
    if (!held) {
      held = new Map()
      for (const [id, doc] of this.overlay.get(coll) ?? []) {
        if (doc && ix.covers(doc)) for (const k of ix.keys(doc)) held.set(k.full, id)
      }
      byIndex.set(ix, held)
    }
    return held
  }
}

export class Session {
  lastUse = Date.now()
  /** Highest txnNumber seen on this session. */
  txnNumber = -1
  txn?: Transaction
  constructor(readonly id: string) {}
}

export function sessionIdOf(cmd: Document): string | undefined {
  const lsid = cmd.lsid as Document | undefined
  const id = lsid?.id
  if (id instanceof Binary) return Buffer.from(id.buffer).toString('hex')
  return undefined
}

export function noSuchTransaction(txnNumber: number): MongoCommandError {
  return new MongoCommandError(
    Codes.NoSuchTransaction,
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    [TRANSIENT],
  )
}

export function writeConflict(): MongoCommandError {
  return new MongoCommandError(
    Codes.WriteConflict,
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    [TRANSIENT],
  )
}

export function requireAutocommitFalse(cmd: Document): void {
  if (cmd.autocommit !== undefined && cmd.autocommit !== false) {
    fail(Codes.InvalidOptions, 'Specifying autocommit=true is not allowed.')
  }
}
