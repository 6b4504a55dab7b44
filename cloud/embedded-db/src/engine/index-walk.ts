/**
 * Walks over an index's ordered entries: one key range per combination of the prefix fields'
 * equality points (with an optional range on the next field), in index order or reversed, and
 * merged on the sort fields when there are several ranges — so a sorted find stops after the
 * documents it needs instead of sorting every match.
 */
import type { Interval } from './bounds'
import type { IndexStore } from './index-store'
import { Edge, compareValues, type Entry, type OrderedKeys, type Probe } from './ordered-keys'

export interface SortKey {
  field: string
  dir: number
}

export interface Walk {
  ix: IndexStore
  tree: OrderedKeys
  /** [start, end] probes in index order, one per combination of prefix points. */
  ranges: Array<[Probe, Probe]>
  backward: boolean
  /** Sorted walks over several ranges merge on the fields from this position on. */
  mergeFrom?: number
}

/** Combinations of the prefix fields' points, each a full-prefix tuple. */
function combinations(points: unknown[][]): unknown[][] {
  let acc: unknown[][] = [[]]
  for (const pts of points) acc = acc.flatMap((a) => pts.map((p) => [...a, p]))
  return acc
}

/** Index-order probes for each combination of `points` (fields 0..n-1) and `iv` on field n. */
export function rangesFor(
  ix: IndexStore,
  points: unknown[][],
  iv: Interval | undefined,
): Array<[Probe, Probe]> {
  const at = points.length
  return combinations(points).map((c): [Probe, Probe] => {
    if (!iv)
      return [
        { vals: c, after: false },
        { vals: c, after: true },
      ]
    const lo: Probe = iv.lo
      ? { vals: [...c, iv.lo.v], after: !iv.lo.incl }
      : { vals: [...c, new Edge(iv.rank, false)], after: false }
    const hi: Probe = iv.hi
      ? { vals: [...c, iv.hi.v], after: iv.hi.incl }
      : { vals: [...c, new Edge(iv.rank, true)], after: true }
    if (ix.dirs[at] > 0) return [lo, hi]
    // A descending field stores high values first: the range starts at `hi`.
    const start: Probe = iv.hi
      ? { vals: hi.vals, after: !iv.hi.incl }
      : { vals: hi.vals, after: false }
    const end: Probe = iv.lo ? { vals: lo.vals, after: iv.lo.incl } : { vals: lo.vals, after: true }
    return [start, end]
  })
}

/**
 * How a walk yields documents in `sort` order, or undefined when it cannot. Fields 0..n-1 of the
 * index are bounded by `points` (one point: constant among the results, so sort keys on them are
 * ignored). The remaining sort keys must follow the index fields from some position m <= n on
 * (skipping constant ones), all in the index's directions or all reversed; ranges then merge on
 * the fields from m on.
 */
export function sortedOrder(
  ix: IndexStore,
  points: unknown[][],
  sort: SortKey[],
): { mergeFrom: number; backward: boolean } | undefined {
  const n = points.length
  const constant = (i: number): boolean => i < n && points[i].length === 1
  const keys = sort.filter((k) => {
    const i = ix.fields.indexOf(k.field)
    return !(i >= 0 && constant(i))
  })
  for (let m = 0; m <= n; m++) {
    const free: number[] = []
    for (let i = m; i < ix.fields.length; i++) if (!constant(i)) free.push(i)
    if (keys.length > free.length) continue
    let sign = 0
    let ok = true
    for (let j = 0; j < keys.length && ok; j++) {
      const i = free[j]
      const s = keys[j].dir * ix.dirs[i]
      ok = ix.fields[i] === keys[j].field && (sign === 0 || s === sign)
      sign = s
    }
    if (ok) return { mergeFrom: m, backward: sign < 0 }
  }
  return undefined
}

export function countEntries(w: Walk): number {
  let n = 0
  for (const [start, end] of w.ranges) n += w.tree.count(start, end)
  return n
}

function* rangeEntries(w: Walk, [start, end]: [Probe, Probe]): Generator<Entry> {
  yield* w.backward ? w.tree.backward(end, start) : w.tree.forward(start, end)
}

/** Ids in walk order (sorted walks merge their ranges on the sort fields). */
export function* walkIds(w: Walk): Generator<string> {
  if (w.ranges.length === 1 || w.mergeFrom === undefined) {
    for (const r of w.ranges) for (const e of rangeEntries(w, r)) yield e.id
    return
  }
  const from = w.mergeFrom
  const sign = w.backward ? -1 : 1
  const dirs = w.ix.dirs
  const cmp = (a: Entry, b: Entry): number => {
    for (let i = from; i < dirs.length; i++) {
      const c = compareValues(a.k[i], b.k[i])
      if (c !== 0) return c * dirs[i] * sign
    }
    return (a.r - b.r) * sign
  }
  const streams = w.ranges.map((r) => rangeEntries(w, r))
  const heads = streams.map((s) => s.next())
  for (;;) {
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]
      if (h.done) continue
      if (best < 0 || cmp(h.value, (heads[best] as IteratorYieldResult<Entry>).value) < 0) best = i
    }
    if (best < 0) return
    yield (heads[best] as IteratorYieldResult<Entry>).value.id
    heads[best] = streams[best].next()
  }
}
