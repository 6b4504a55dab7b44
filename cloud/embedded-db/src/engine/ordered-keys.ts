/**
 * The ordered part of an index: every (key tuple, record) entry in index order — BSON order per
 * field, reversed for descending fields, then by record number (insertion order, like MongoDB's
 * RecordId) — kept in sorted chunks of at most CHUNK_MAX entries. Inserts and removals are a
 * binary search plus a splice within one chunk; walks go forward or backward from any position.
 */
import { ObjectId } from 'bson'
import { bsonRank, compareBson, compareObjectIds, compareStrings } from './bson-order'

export interface Entry {
  /** One value per index field (array elements for multikey documents, null when missing). */
  readonly k: readonly unknown[]
  readonly id: string
  /** Record number: ties between equal keys follow insertion order. */
  readonly r: number
}

/** Sits below (`high` false) or above (`high` true) every value of one BSON type rank. */
export class Edge {
  constructor(
    readonly rank: number,
    readonly high: boolean,
  ) {}
}

/**
 * A position between entries: entries whose first `vals.length` fields equal `vals` lie after the
 * probe when `after` is false, before it when true. A probe never equals an entry.
 */
export interface Probe {
  readonly vals: readonly unknown[]
  readonly after: boolean
}

const CHUNK_MAX = 512

/** compareBson with fast paths for the common same-type cases. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  const ta = typeof a
  if (ta === 'number' && typeof b === 'number') {
    if (a === b) return 0
    if (Number.isNaN(a) || Number.isNaN(b)) return compareBson(a, b)
    return (a as number) < b ? -1 : 1
  }
  if (ta === 'string' && typeof b === 'string') return compareStrings(a as string, b)
  if (a instanceof ObjectId && b instanceof ObjectId) return compareObjectIds(a, b)
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime()
  if (a instanceof Edge) return edgeVersus(a, b)
  if (b instanceof Edge) return -edgeVersus(b, a)
  return compareBson(a, b)
}

function edgeVersus(e: Edge, v: unknown): number {
  const r = bsonRank(v)
  if (r !== e.rank) return e.rank - r
  return e.high ? 1 : -1
}

export class OrderedKeys {
  private chunks: Entry[][] = []
  private total = 0
  /** Entries before each chunk, rebuilt on the first rank() after a change. */
  private before?: number[]

  /** `dirs[i]` is 1 or -1: the direction of index field i. */
  constructor(private readonly dirs: readonly number[]) {}

  get size(): number {
    return this.total
  }

  compare(a: Entry, b: Entry): number {
    const n = this.dirs.length
    for (let i = 0; i < n; i++) {
      const c = compareValues(a.k[i], b.k[i])
      if (c !== 0) return c * this.dirs[i]
    }
    if (a.r !== b.r) return a.r - b.r
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }

  /** < 0 when the probe lies before the entry, > 0 after it (never 0). */
  probeVersus(p: Probe, e: Entry): number {
    for (let i = 0; i < p.vals.length; i++) {
      const c = compareValues(p.vals[i], e.k[i])
      if (c !== 0) return c * this.dirs[i]
    }
    return p.after ? 1 : -1
  }

  /** Replaces the content with `entries` (any order). */
  load(entries: Entry[]): void {
    entries.sort((a, b) => this.compare(a, b))
    this.chunks = []
    const step = CHUNK_MAX >> 1
    for (let i = 0; i < entries.length; i += step) this.chunks.push(entries.slice(i, i + step))
    this.total = entries.length
    this.before = undefined
  }

  insert(e: Entry): void {
    this.total++
    this.before = undefined
    if (this.chunks.length === 0) {
      this.chunks.push([e])
      return
    }
    const ci = this.chunkFor((c) => this.compare(e, c))
    const chunk = this.chunks[ci]
    chunk.splice(
      this.lowerIn(chunk, (x) => this.compare(e, x)),
      0,
      e,
    )
    if (chunk.length > CHUNK_MAX) this.chunks.splice(ci + 1, 0, chunk.splice(CHUNK_MAX >> 1))
  }

  /** Removes the entry equal to `e` (same key, record and id); false when absent. */
  remove(e: Entry): boolean {
    if (this.chunks.length === 0) return false
    const ci = this.chunkFor((c) => this.compare(e, c))
    const chunk = this.chunks[ci]
    const i = this.lowerIn(chunk, (x) => this.compare(e, x))
    if (i >= chunk.length || this.compare(e, chunk[i]) !== 0) return false
    chunk.splice(i, 1)
    this.total--
    this.before = undefined
    if (chunk.length === 0) this.chunks.splice(ci, 1)
    return true
  }

  /** Number of entries before the probe. */
  rank(p: Probe): number {
    const [ci, i] = this.locate(p)
    if (!this.before) {
      this.before = []
      let n = 0
      for (const chunk of this.chunks) {
        this.before.push(n)
        n += chunk.length
      }
    }
    return (this.before[ci] ?? this.total) + i
  }

  /** Entries between two probes (`from` before `to` in index order). */
  count(from: Probe, to: Probe): number {
    return Math.max(0, this.rank(to) - this.rank(from))
  }

  /** Entries after `from` and before `to`, in index order. */
  *forward(from: Probe, to: Probe): Generator<Entry> {
    let [ci, i] = this.locate(from)
    for (; ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci]
      for (; i < chunk.length; i++) {
        const e = chunk[i]
        if (this.probeVersus(to, e) < 0) return
        yield e
      }
    }
  }

  /** Entries before `from` and after `to`, in reverse index order (`from` is the upper probe). */
  *backward(from: Probe, to: Probe): Generator<Entry> {
    let [ci, i] = this.locate(from)
    i--
    for (; ci >= 0; ci--) {
      const chunk = this.chunks[ci]
      if (i === -2) i = chunk.length - 1
      for (; i >= 0; i--) {
        const e = chunk[i]
        if (this.probeVersus(to, e) > 0) return
        yield e
      }
      i = -2
    }
  }

  /** Chunk index and position of the first entry after the probe. */
  private locate(p: Probe): [number, number] {
    if (this.chunks.length === 0) return [0, 0]
    const ci = this.chunkFor((c) => this.probeVersus(p, c))
    const chunk = this.chunks[ci]
    const i = this.lowerIn(chunk, (x) => this.probeVersus(p, x))
    return i === chunk.length && ci + 1 < this.chunks.length ? [ci + 1, 0] : [ci, i]
  }

  /** The last chunk whose first entry is not after the target (`cmp(first) >= 0`), else 0. */
  private chunkFor(cmp: (first: Entry) => number): number {
    let lo = 0
    let hi = this.chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (cmp(this.chunks[mid][0]) >= 0) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** First position in the chunk whose entry is not before the target (`cmp(x) <= 0`). */
  private lowerIn(chunk: Entry[], cmp: (x: Entry) => number): number {
    let lo = 0
    let hi = chunk.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cmp(chunk[mid]) > 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
