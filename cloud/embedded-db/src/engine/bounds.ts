/**
 * What a filter says about single fields, for index scans: equality values, $in lists and ranges
 * taken from the top level, `$and` and (as hulls) `$or`. Every bound is implied by the filter, so
 * an index scan within them yields a superset of the matches; the full filter is always applied to
 * each candidate afterwards.
 */
import { BSONRegExp, ObjectId, type Document } from 'bson'
import { bsonRank } from './bson-order'
import { compareValues } from './ordered-keys'
import { isPlainObject, keyOf } from './values'

export interface Side {
  v: unknown
  incl: boolean
}

/** Values of one BSON type rank between `lo` and `hi` (an open side runs to the rank's end). */
export interface Interval {
  rank: number
  lo?: Side
  hi?: Side
}

export interface FieldBounds {
  /** The field equals (or, for arrays, holds) one of these: keys for the leading-field hash map. */
  lookups?: unknown[]
  /** The same for scalars of ordered types and null only: points of the ordered index entries. */
  points?: unknown[]
  range?: Interval
}

function isOperatorObject(v: unknown): v is Document {
  return isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))
}

function hasString(v: unknown): boolean {
  if (typeof v === 'string') return true
  if (Array.isArray(v)) return v.some(hasString)
  if (isPlainObject(v)) return Object.values(v).some(hasString)
  return false
}

/** A value the hash map can look up by its canonical key. */
function lookupable(v: unknown, fold: boolean): boolean {
  if (v instanceof RegExp || v instanceof BSONRegExp) return false
  if (isOperatorObject(v)) return false
  return !(fold && hasString(v))
}

/** A scalar whose index entries compare equal to it exactly when the filter's equality holds. */
function pointable(v: unknown, fold: boolean): boolean {
  if (v === null || typeof v === 'boolean' || v instanceof ObjectId || v instanceof Date)
    return true
  if (typeof v === 'number') return !Number.isNaN(v)
  return typeof v === 'string' && !fold
}

/** A range bound of a type whose BSON order the engine's $gt/$lt use (numbers, strings, ids, dates). */
function rangeable(v: unknown, fold: boolean): boolean {
  return (
    (typeof v === 'number' && !Number.isNaN(v)) ||
    (typeof v === 'string' && !fold) ||
    v instanceof ObjectId ||
    v instanceof Date
  )
}

function dedupeValues(values: unknown[]): unknown[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const k = keyOf(v)
    return seen.has(k) ? false : (seen.add(k), true)
  })
}

/** The tighter of two superset bounds (either alone is valid). */
function narrower(a: unknown[] | undefined, b: unknown[]): unknown[] {
  return a && a.length <= b.length ? a : b
}

function tighter(x: Side | undefined, y: Side | undefined, sign: number): Side | undefined {
  if (!x || !y) return x ?? y
  const c = compareValues(x.v, y.v) * sign
  if (c === 0) return { v: x.v, incl: x.incl && y.incl }
  return c > 0 ? x : y
}

/** Both ranges hold: the intersection (different ranks match nothing; either one is a superset). */
function intersect(a: Interval | undefined, b: Interval): Interval {
  if (!a || a.rank !== b.rank) return a ?? b
  return { rank: a.rank, lo: tighter(a.lo, b.lo, 1), hi: tighter(a.hi, b.hi, -1) }
}

function add(out: Map<string, FieldBounds>, field: string, b: FieldBounds): void {
  const cur = out.get(field) ?? {}
  if (b.lookups) cur.lookups = narrower(cur.lookups, b.lookups)
  if (b.points) cur.points = narrower(cur.points, b.points)
  if (b.range) cur.range = intersect(cur.range, b.range)
  out.set(field, cur)
}

function equality(values: unknown[], fold: boolean): FieldBounds {
  const b: FieldBounds = {}
  if (values.every((v) => lookupable(v, fold))) b.lookups = dedupeValues(values)
  if (values.every((v) => pointable(v, fold))) b.points = dedupeValues(values)
  return b
}

/** The engine's own names for operators (see renameQueryOperators) mean the same. */
const ALIASES: Record<string, string> = {
  $bsonEq: '$eq',
  $bsonGt: '$gt',
  $bsonGte: '$gte',
  $bsonLt: '$lt',
  $bsonLte: '$lte',
}

function unalias(ops: Document): Document {
  if (!Object.keys(ops).some((k) => k in ALIASES)) return ops
  const out: Document = {}
  for (const [k, v] of Object.entries(ops)) out[ALIASES[k] ?? k] = v
  return out
}

function rangeOf(ops: Document, fold: boolean): Interval | undefined {
  const lowOp = '$gt' in ops ? '$gt' : '$gte' in ops ? '$gte' : undefined
  const highOp = '$lt' in ops ? '$lt' : '$lte' in ops ? '$lte' : undefined
  const low = lowOp && rangeable(ops[lowOp], fold) ? ops[lowOp] : undefined
  const high = highOp && rangeable(ops[highOp], fold) ? ops[highOp] : undefined
  // Both $gt and $gte (or $lt and $lte) given: either one alone still bounds a superset.
  if (low !== undefined && high !== undefined && bsonRank(low) === bsonRank(high)) {
    return {
      rank: bsonRank(low),
      lo: { v: low, incl: lowOp === '$gte' },
      hi: { v: high, incl: highOp === '$lte' },
    }
  }
  if (low !== undefined) return { rank: bsonRank(low), lo: { v: low, incl: lowOp === '$gte' } }
  if (high !== undefined) return { rank: bsonRank(high), hi: { v: high, incl: highOp === '$lte' } }
  return undefined
}

function collect(filter: Document, fold: boolean, out: Map<string, FieldBounds>): void {
  for (const [field, v] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) collect(sub, fold, out)
      continue
    }
    if (field === '$or' && Array.isArray(v)) {
      for (const [f, b] of orHull(v, fold)) add(out, f, b)
      continue
    }
    if (field.startsWith('$')) continue
    if (!isOperatorObject(v)) {
      add(out, field, equality([v], fold))
      continue
    }
    const ops = unalias(v)
    if ('$eq' in ops) add(out, field, equality([ops.$eq], fold))
    if (Array.isArray(ops.$in)) add(out, field, equality(ops.$in as unknown[], fold))
    const range = rangeOf(ops, fold)
    if (range) add(out, field, { range })
  }
}

/** Equalities of a branch as an interval (all of one rank, null excluded), for $or hulls. */
function asInterval(b: FieldBounds): Interval | undefined {
  if (b.range) return b.range
  const pts = b.points
  if (!pts || pts.length === 0 || pts.some((v) => v === null || typeof v === 'boolean'))
    return undefined
  const rank = bsonRank(pts[0])
  if (pts.some((v) => bsonRank(v) !== rank)) return undefined
  let lo = pts[0]
  let hi = pts[0]
  for (const v of pts) {
    if (compareValues(v, lo) < 0) lo = v
    if (compareValues(v, hi) > 0) hi = v
  }
  return { rank, lo: { v: lo, incl: true }, hi: { v: hi, incl: true } }
}

function hull(a: Interval, b: Interval): Interval | undefined {
  if (a.rank !== b.rank) return undefined
  const pick = (x: Side | undefined, y: Side | undefined, sign: number): Side | undefined => {
    if (!x || !y) return undefined
    const c = compareValues(x.v, y.v) * sign
    if (c === 0) return { v: x.v, incl: x.incl || y.incl }
    return c < 0 ? x : y
  }
  return { rank: a.rank, lo: pick(a.lo, b.lo, 1), hi: pick(a.hi, b.hi, -1) }
}

/** Bounds every branch of an $or implies: unions of equalities, hulls of ranges. */
function orHull(branches: unknown[], fold: boolean): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>()
  if (branches.length === 0 || !branches.every(isPlainObject)) return out
  const each = branches.map((b) => boundsOf(b as Document, fold))
  for (const [field, first] of each[0]) {
    const all = each.map((m) => m.get(field))
    if (all.some((b) => b === undefined)) continue
    const bs = all as FieldBounds[]
    const merged: FieldBounds = {}
    if (bs.every((b) => b.lookups))
      merged.lookups = dedupeValues(bs.flatMap((b) => b.lookups ?? []))
    if (bs.every((b) => b.points)) merged.points = dedupeValues(bs.flatMap((b) => b.points ?? []))
    let iv = asInterval(first)
    for (const b of bs.slice(1)) {
      const next = asInterval(b)
      iv = iv && next ? hull(iv, next) : undefined
    }
    if (iv && (iv.lo || iv.hi)) merged.range = iv
    if (merged.lookups || merged.points || merged.range) out.set(field, merged)
  }
  return out
}

/** Per-field bounds implied by a filter. `fold`: a collation folds strings, so none are used. */
export function boundsOf(filter: Document, fold = false): Map<string, FieldBounds> {
  const out = new Map<string, FieldBounds>()
  collect(filter, fold, out)
  return out
}
