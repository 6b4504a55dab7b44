/** Server-side cursors over materialised results, with int64 ids and an idle timeout. */
import { Long, calculateObjectSize, type Document } from 'bson'
import { Codes, fail } from '../errors'

const DEFAULT_FIRST_BATCH = 101
/** Keep replies well under the 48 MB message limit (MongoDB caps batches at 16 MiB). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024

interface OpenCursor {
  ns: string
  docs: Document[]
  pos: number
  lastUse: number
  sessionId?: string
}

export class Cursors {
  private readonly open = new Map<number, OpenCursor>()

  /** Builds the first reply `{ cursor: { firstBatch, id, ns }, ok: 1 }`, keeping a cursor if needed. */
  first(
    ns: string,
    docs: Document[],
    batchSize: number | undefined,
    singleBatch: boolean,
    sessionId?: string,
  ): Document {
    const size = batchSize === undefined ? DEFAULT_FIRST_BATCH : batchSize
    const cur: OpenCursor = { ns, docs, pos: 0, lastUse: Date.now(), sessionId }
    // find's batchSize 0 opens a cursor with an empty first batch.
    const batch = size === 0 ? [] : take(cur, size)
    let id = 0
    if (!singleBatch && cur.pos < docs.length) {
      id = this.newId()
      this.open.set(id, cur)
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns }, ok: 1 }
  }

  next(id: number, ns: string, batchSize: number | undefined): Document {
    const cur = this.open.get(id)
    if (!cur) fail(Codes.CursorNotFound, `cursor id ${id} not found`)
    if (cur.ns !== ns) {
      fail(
        Codes.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cur.ns}`,
      )
    }
    cur.lastUse = Date.now()
    const batch = take(cur, batchSize ?? 0)
    let outId = id
    if (cur.pos >= cur.docs.length) {
      this.open.delete(id)
      outId = 0
    }
    return { cursor: { nextBatch: batch, id: Long.fromNumber(outId), ns }, ok: 1 }
  }

  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = []
    const notFound: number[] = []
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(id)
    return { killed, notFound }
  }

  killSession(sessionId: string): void {
    for (const [id, c] of this.open) if (c.sessionId === sessionId) this.open.delete(id)
  }

  expire(idleMs: number): void {
    const cutoff = Date.now() - idleMs
    for (const [id, c] of this.open) if (c.lastUse < cutoff) this.open.delete(id)
  }

  get size(): number {
    return this.open.size
  }

  private newId(): number {
    // Positive and below 2^53 so the driver's promoted number converts back exactly.
    for (;;) {
      const id = Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1)) + 1
      if (!this.open.has(id)) return id
    }
  }
}

/** batchSize 0 means "no limit" for getMore and the default for find. */
function take(cur: OpenCursor, batchSize: number): Document[] {
  const limit = batchSize > 0 ? batchSize : Infinity
  const out: Document[] = []
  let bytes = 0
  while (cur.pos < cur.docs.length && out.length < limit) {
    const doc = cur.docs[cur.pos]
    bytes += calculateObjectSize(doc)
    if (out.length > 0 && bytes > MAX_BATCH_BYTES) break
    out.push(doc)
    cur.pos++
  }
  return out
}

export function cursorIdOf(v: unknown): number {
  if (v instanceof Long) return v.toNumber()
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  fail(Codes.TypeMismatch, "Field 'getMore' must be of type long")
}
