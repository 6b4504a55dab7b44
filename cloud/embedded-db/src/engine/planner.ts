/**
 * Chooses candidate documents for a filter: the _id map, a unique index's full key, the leading
 * field's hash map, a walk over an index's ordered entries (equality/$in prefix, a range on the
 * next field, in sort order when the sort follows the index), or a collection scan — whichever is
 * estimated to examine the fewest documents. Candidates are a superset of the matches and the full
 * filter is always applied afterwards, so the planner only affects speed, never results (except
 * the order of documents that tie on the sort keys, which MongoDB does not define either).
 */
import type { Document } from 'bson'
import { boundsOf, type FieldBounds } from './bounds'
import type { Collection } from './collection'
import type { IndexStore } from './index-store'
import {
  countEntries,
  rangesFor,
  sortedOrder,
  walkIds,
  type SortKey,
  type Walk,
} from './index-walk'
import { planKey, type CachedPlan } from './plan-cache'
import { keyOf } from './values'

export interface Plan {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK'
  indexName?: string
  keyPattern?: Document
  direction?: 'forward' | 'backward'
  /** Candidates come in the requested sort order: no sort in memory. */
  sorted?: boolean
  /** Index key ranges scanned (several for $in on a prefix field, merged when sorted). */
  ranges?: number
  isMultiKey?: boolean
}

export interface Candidates {
  ids?: Iterable<string>
  /**
   * The keys the plan looked up, when every matching document must hold one of them: _id keys
   * (no `index`) or a unique index's full keys. A transaction narrows its own writes by them.
   */
  keys?: { index?: IndexStore; fulls: string[] }
  /** The same id may come more than once (multikey entries). */
  repeats?: boolean
  plan: Plan
}

export interface PlanOptions {
  /** The requested sort; a walk in this order makes the in-memory sort unnecessary. */
  sort?: Document
  /** The caller stops after this many matches (skip + limit); undefined: it needs them all. */
  limit?: number
  /** The collation folds strings: string bounds and binary string order do not apply. */
  fold?: boolean
  /** The caller can use candidates in index order (false in a transaction that wrote here). */
  ordered?: boolean
}

/** At most this many key ranges (product of $in sizes over the prefix fields) per walk. */
const MAX_RANGES = 64

interface Option {
  /** Matches are estimated as the fewest candidates any option yields. */
  count: number
  sorted: boolean
  make: () => Candidates
  recipe: Pick<CachedPlan, 'kind' | 'index'>
}

/** The sort keys if they are a valid 1/-1 specification (else the in-memory sort reports it). */
function sortKeysOf(sort: Document | undefined): SortKey[] | undefined {
  if (!sort || Object.keys(sort).length === 0 || '$natural' in sort) return undefined
  const keys: SortKey[] = []
  for (const [field, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) return undefined
    keys.push({ field, dir })
  }
  return keys
}

function needsSort(sort: Document | undefined): boolean {
  return !!sort && Object.keys(sort).length > 0 && !('$natural' in sort)
}

function unusable(ix: IndexStore): boolean {
  return ix.special || ix.partial !== undefined
}

function idPlan(coll: Collection, values: unknown[]): Candidates {
  const ix = coll.indexes[0]
  const ids = values.map(keyOf)
  return {
    ids,
    keys: { fulls: ids },
    plan: { stage: 'IDHACK', indexName: ix.name, keyPattern: ix.spec.key as Document },
  }
}

/** Every field of a unique index bound to a few non-array values: look the keys up directly. */
function uniqueLookup(coll: Collection, bounds: Map<string, FieldBounds>): Candidates | undefined {
  for (const ix of coll.indexes) {
    if (!ix.unique || ix.isId || unusable(ix)) continue
    let combos: string[] | undefined = ['']
    let nulls = false
    for (const f of ix.fields) {
      const values = bounds.get(f)?.lookups
      nulls ||= values?.some((v) => v === null || v === undefined) === true
      const usable =
        values !== undefined &&
        !values.some(Array.isArray) &&
        // {f: null} also matches documents a sparse index leaves out, and array elements.
        !((ix.sparse || ix.multikey) && values.some((v) => v === null || v === undefined)) &&
        combos.length * values.length <= MAX_RANGES
      if (!usable) {
        combos = undefined
        break
      }
      combos = combos.flatMap((c) => values.map((v) => `${c}\u0001${keyOf(v)}`))
    }
    if (!combos) continue
    const ids = new Set<string>()
    for (const full of combos) {
      const id = ix.owner(full)
      if (id !== undefined) ids.add(id)
    }
    // A null key may stand for documents the keys do not name (missing fields, array elements
    // without the field): narrowing a transaction's own writes by it is left out.
    const keys = nulls ? undefined : { index: ix, fulls: combos }
    return { ids, keys, plan: ixPlan(ix, { ranges: combos.length }) }
  }
  return undefined
}

function ixPlan(ix: IndexStore, extra: Partial<Plan> = {}): Plan {
  return {
    stage: 'IXSCAN',
    indexName: ix.name,
    keyPattern: ix.spec.key as Document,
    direction: 'forward',
    isMultiKey: ix.multikey,
    ...extra,
  }
}

/** The leading field's hash map for equality / $in (any value type, arrays included). */
function leadOption(ix: IndexStore, values: unknown[]): Option {
  let count = 0
  for (const v of values) count += ix.leadCount(v)
  return {
    count,
    sorted: false,
    recipe: { kind: 'lead', index: ix.name },
    make: () => {
      const plan = ixPlan(ix, { ranges: values.length })
      if (values.length === 1) return { ids: ix.lookup(values[0]), plan }
      const ids = new Set<string>()
      for (const v of values) for (const id of ix.lookup(v)) ids.add(id)
      return { ids, plan }
    },
  }
}

/** A walk over the ordered entries, when it bounds more than the hash map or yields sort order. */
function walkOption(
  coll: Collection,
  ix: IndexStore,
  bounds: Map<string, FieldBounds>,
  sort: SortKey[] | undefined,
  counted = true,
): Option | undefined {
  const points: unknown[][] = []
  let combos = 1
  let safe = !ix.sparse
  for (const f of ix.fields) {
    const pts = bounds.get(f)?.points
    if (!pts) break
    const hasNull = pts.some((v) => v === null)
    // A multikey entry for null may stand for an array element without the field.
    if (hasNull && ix.multikey) break
    if (combos * pts.length > MAX_RANGES) break
    combos *= pts.length
    points.push(pts)
    if (!hasNull) safe = true
  }
  // Ranges on a multikey field may be met by different elements: no intersection, no range.
  const next = ix.fields[points.length]
  const iv = ix.multikey || next === undefined ? undefined : bounds.get(next)?.range
  if (iv) safe = true
  // A sparse index lacks documents without the fields, which only bounded queries exclude.
  if (!safe) return undefined
  const order = sort && !ix.multikey ? sortedOrder(ix, points, sort) : undefined
  // One bounded field and no order: the hash map does the same without the ordered entries.
  if (!order && !iv && points.length <= 1) return undefined
  const tree = coll.ordered(ix)
  const walk: Walk = {
    ix,
    tree,
    ranges: rangesFor(ix, points, iv),
    backward: order?.backward ?? false,
    mergeFrom: order?.mergeFrom,
  }
  const count = counted ? countEntries(walk) : 0
  const sorted = order !== undefined
  return {
    count,
    sorted,
    recipe: { kind: 'walk', index: ix.name },
    make: () => walkCandidates(walk, sorted),
  }
}

function walkCandidates(walk: Walk, sorted: boolean): Candidates {
  return {
    ids: walkIds(walk),
    repeats: walk.ix.multikey,
    plan: ixPlan(walk.ix, {
      direction: walk.backward ? 'backward' : 'forward',
      sorted,
      ranges: walk.ranges.length,
    }),
  }
}

/** Sorting n documents costs more than examining them. */
function withSort(n: number): number {
  return n * (1 + Math.log2(n + 1) / 4)
}

function collscan(n: number): Option {
  return {
    count: n,
    sorted: false,
    recipe: { kind: 'collscan' },
    make: () => ({ ids: undefined, plan: { stage: 'COLLSCAN' } }),
  }
}

function leadValues(ix: IndexStore, bounds: Map<string, FieldBounds>): unknown[] | undefined {
  const values = ix.isId ? undefined : bounds.get(ix.fields[0])?.lookups
  // {f: null} matches documents a sparse index leaves out.
  if (!values || (ix.sparse && values.some((v) => v === null || v === undefined))) return undefined
  return values
}

/** The cached choice rebuilt with this query's values, if it still applies. */
function fromCache(
  coll: Collection,
  c: CachedPlan,
  bounds: Map<string, FieldBounds>,
  sortKeys: SortKey[] | undefined,
): Option | undefined {
  if (c.kind === 'collscan') return collscan(coll.docs.size)
  const ix = coll.indexes.find((i) => i.name === c.index)
  if (!ix) return undefined
  if (c.kind === 'lead') {
    const values = leadValues(ix, bounds)
    return values ? leadOption(ix, values) : undefined
  }
  const w = walkOption(coll, ix, bounds, sortKeys, false)
  return w && w.sorted === c.sorted ? w : undefined
}

export function plan(coll: Collection, filter: Document, opts: PlanOptions = {}): Candidates {
  const bounds = boundsOf(filter, opts.fold)
  const idValues = bounds.get('_id')?.lookups
  if (idValues) return idPlan(coll, idValues)
  const unique = uniqueLookup(coll, bounds)
  if (unique) return unique

  const sortNeeded = needsSort(opts.sort)
  const sortKeys = opts.ordered === false || opts.fold ? undefined : sortKeysOf(opts.sort)
  const key = planKey(
    filter,
    opts.sort,
    opts.limit,
    `${opts.fold ? 'f' : ''}${sortKeys ? 'o' : ''}`,
  )
  const cached = coll.planCache.get(key, coll.docs.size)
  const reused = cached && fromCache(coll, cached, bounds, sortKeys)
  if (reused) return reused.make()
  if (cached) coll.planCache.delete(key)

  const options: Option[] = []
  for (const ix of coll.indexes) {
    if (unusable(ix)) continue
    const w = walkOption(coll, ix, bounds, sortKeys)
    if (w) options.push(w)
    const values = leadValues(ix, bounds)
    if (values) options.push(leadOption(ix, values))
  }
  options.push(collscan(coll.docs.size))
  // Documents a plan examines: sorted or unsorted-without-sort plans stop after `limit` matches
  // (expected after limit × candidates / matches); others examine every candidate and sort them.
  const matches = Math.max(1, Math.min(...options.map((o) => o.count)))
  let best: Option | undefined
  let bestCost = Infinity
  for (const o of options) {
    const streams = o.sorted || !sortNeeded
    let cost = streams ? o.count : withSort(o.count)
    if (streams && opts.limit) cost = Math.min(o.count, (opts.limit * o.count) / matches)
    if (cost < bestCost || (cost === bestCost && o.sorted && !best?.sorted)) {
      best = o
      bestCost = cost
    }
  }
  const chosen = best as Option
  coll.planCache.set(key, { ...chosen.recipe, sorted: chosen.sorted, size: coll.docs.size })
  return chosen.make()
}
