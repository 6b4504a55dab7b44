/**
 * MongoDB's BSON comparison order (MinKey < null < numbers < strings < objects < arrays < BinData
 * < ObjectId < bool < Date < Timestamp < regex < MaxKey) and sort semantics for arrays
 * (ascending uses the smallest element, descending the largest). mingo's own sort differs.
 */
import {
  BSONRegExp,
  BSONSymbol,
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  type Document,
} from 'bson'
import { Codes, fail } from '../errors'
import { isPlainObject, valuesAtPath } from './values'

export function bsonRank(v: unknown): number {
  if (v instanceof MinKey) return 1
  if (v === null || v === undefined) return 2
  // Timestamp extends Long in bson: test it before the numeric types.
  if (v instanceof Timestamp) return 11
  if (
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    v instanceof Long ||
    v instanceof Decimal128 ||
    v instanceof Double ||
    v instanceof Int32
  )
    return 3
  if (typeof v === 'string' || v instanceof BSONSymbol) return 4
  if (Array.isArray(v)) return 6
  if (isPlainObject(v)) return 5
  if (v instanceof Binary) return 7
  if (v instanceof ObjectId) return 8
  if (typeof v === 'boolean') return 9
  if (v instanceof Date) return 10
  if (v instanceof Timestamp) return 11
  if (v instanceof RegExp || v instanceof BSONRegExp) return 12
  if (v instanceof MaxKey) return 13
  return 5
}

function num(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Long) return v.toNumber()
  return Number(String(v))
}

function big(v: unknown): bigint {
  return v instanceof Long ? BigInt(v.toString()) : BigInt(v as number)
}

function cmp(a: number | string | bigint, b: number | string | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function compareBson(a: unknown, b: unknown): number {
  const ra = bsonRank(a)
  const rb = bsonRank(b)
  if (ra !== rb) return ra - rb
  switch (ra) {
    case 3: {
      if (a instanceof Long && b instanceof Long) return a.compare(b)
      // Long beyond 2^53 against an integer: compare exactly as BigInt.
      if (
        (a instanceof Long || b instanceof Long) &&
        Number.isInteger(num(a)) &&
        Number.isInteger(num(b))
      ) {
        return cmp(big(a), big(b))
      }
      const x = num(a)
      const y = num(b)
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1
      return cmp(x, y)
    }
    case 4:
      return compareStrings(String(a), String(b))
    case 5: {
      const ka = Object.keys(a as Document)
      const kb = Object.keys(b as Document)
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const va = (a as Document)[ka[i]]
        const vb = (b as Document)[kb[i]]
        const c = bsonRank(va) - bsonRank(vb) || cmp(ka[i], kb[i]) || compareBson(va, vb)
        if (c !== 0) return c
      }
      return ka.length - kb.length
    }
    case 6: {
      const x = a as unknown[]
      const y = b as unknown[]
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareBson(x[i], y[i])
        if (c !== 0) return c
      }
      return x.length - y.length
    }
    case 7: {
      const x = a as Binary
      const y = b as Binary
      return (
        x.position - y.position ||
        x.sub_type - y.sub_type ||
        Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer))
      )
    }
    case 8:
      return compareObjectIds(a as ObjectId, b as ObjectId)
    case 9:
      return Number(a) - Number(b)
    case 10:
      return (a as Date).getTime() - (b as Date).getTime()
    case 11:
      return (a as Timestamp).compare(b as Timestamp)
    case 12:
      return cmp(String(a), String(b))
  }
  return 0
}

/** The value a document sorts by for one key: arrays contribute their min (asc) or max (desc). */
function sortValue(doc: Document, path: string, dir: number): unknown {
  const leaves = valuesAtPath(doc, path).filter((v) => !Array.isArray(v))
  if (leaves.length === 0) return undefined
  let best = leaves[0]
  for (const v of leaves) if (compareBson(v, best) * dir < 0) best = v
  return best
}

/** Stable sort by a MongoDB sort specification. */
export function sortDocuments(
  docs: Document[],
  spec: Document,
  fold?: (s: string) => string,
): Document[] {
  const keys = Object.entries(spec).map(([path, d]) => {
    if (d !== 1 && d !== -1) {
      if (isPlainObject(d) && d.$meta !== undefined)
        fail(Codes.NotImplemented, `$meta sort is not supported by the embedded server`)
      fail(Codes.BadValue, `$sort key ordering must be 1 (for ascending) or -1 (for descending)`)
    }
    return { path, dir: d as number }
  })
  const decorated = docs.map((doc) => ({
    doc,
    vals: keys.map((k) => {
      const v = sortValue(doc, k.path, k.dir)
      return fold && typeof v === 'string' ? fold(v) : v
    }),
  }))
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareBson(x.vals[i], y.vals[i]) * keys[i].dir
      if (c !== 0) return c
    }
    return 0
  })
  return decorated.map((d) => d.doc)
}

interface PackedObjectId {
  i0?: unknown
  i1: number
  i2: number
  i3: number
}

/**
 * Byte order of two ObjectIds. bson 7 keeps an id as four 24-bit numbers (big-endian groups of
 * three bytes) and allocates a Buffer on every `.id`, so those are compared when present.
 */
export function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as PackedObjectId
  const y = b as unknown as PackedObjectId
  if (typeof x.i0 === 'number' && typeof y.i0 === 'number') {
    return x.i0 - y.i0 || x.i1 - y.i1 || x.i2 - y.i2 || x.i3 - y.i3
  }
  return Buffer.compare(a.id, b.id)
}

/** UTF-8 byte order (= code point order); JS compares UTF-16 units, which differs for surrogates. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0)
    return x - y
  }
  return a.length - b.length
}
