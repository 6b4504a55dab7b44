/**
 * Previous versions of documents written while any transaction is open, so a transaction reads
 * the committed state as of its start (snapshot isolation) and detects write conflicts.
 * Cleared whenever no transaction is open, so it stays small.
 */
import type { Document } from 'bson'
import type { Collection } from './collection'

interface Version {
  /** Commit sequence of the write that replaced `before`. */
  seq: number
  before: Document | null
}

export class VersionLog {
  private readonly log = new Map<Collection, Map<string, Version[]>>()

  record(coll: Collection, id: string, seq: number, before: Document | null): void {
    let m = this.log.get(coll)
    if (!m) this.log.set(coll, (m = new Map()))
    const list = m.get(id)
    if (list) list.push({ seq, before })
    else m.set(id, [{ seq, before }])
  }

  /** Sequence of the last committed write to the document, if it happened while logging. */
  lastSeq(coll: Collection, id: string): number | undefined {
    const list = this.log.get(coll)?.get(id)
    return list?.[list.length - 1].seq
  }

  /** The document as of `seq`: `undefined` when unchanged since (use the current version). */
  asOf(coll: Collection, id: string, seq: number): Document | null | undefined {
    const list = this.log.get(coll)?.get(id)
    if (!list) return undefined
    for (const v of list) if (v.seq > seq) return v.before
    return undefined
  }

  /** Ids written after `seq` (they may have matched a filter in the past but not now). */
  idsChangedAfter(coll: Collection, seq: number): string[] {
    const out: string[] = []
    for (const [id, list] of this.log.get(coll) ?? [])
      if (list[list.length - 1].seq > seq) out.push(id)
    return out
  }

  /** Whether any document of the collection was written after `seq`. */
  hasChangesAfter(coll: Collection, seq: number): boolean {
    for (const list of this.log.get(coll)?.values() ?? [])
      if (list[list.length - 1].seq > seq) return true
    return false
  }

  clear(): void {
    this.log.clear()
  }
}
