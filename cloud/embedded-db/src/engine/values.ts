/**
 * Value helpers shared by the engine: canonical keys (for hash indexes and _id maps), BSON
 * comparison order (for sorted index keys), cloning that keeps bson class instances, dotted paths.
 */
import { Binary, Decimal128, Long, ObjectId, Timestamp, type Document } from 'bson'

export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * Canonical string for a value, equal for values MongoDB treats as equal in an index
 * (all numbers compare numerically; null and missing are the same key).
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z'
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`
    case 'string':
      return `s${v}`
    case 'boolean':
      return v ? 'bT' : 'bF'
    case 'bigint':
      return `n${v}`
  }
  if (v instanceof ObjectId) return `o${v.toHexString()}`
  if (v instanceof Date) return `d${v.getTime()}`
  if (Array.isArray(v)) return `A[${v.map(keyOf).join(',')}]`
  if (v instanceof Timestamp) return `t${v.toString()}`
  if (v instanceof Long) return `n${v.toString()}`
  if (v instanceof Decimal128) {
    // Same key as an equal int/double when the decimal is exactly that number ("2.0" → n2).
    const str = v.toString()
    const norm =
      str.includes('.') && !/e/i.test(str) ? str.replace(/0+$/, '').replace(/\.$/, '') : str
    const n = Number(norm)
    return Number.isFinite(n) && String(n) === norm ? `n${n}` : `D${str}`
  }
  if (v instanceof Binary) return `B${v.sub_type}:${Buffer.from(v.buffer).toString('base64')}`
  if (v instanceof RegExp) return `r/${v.source}/${v.flags}`
  if (v instanceof Timestamp) return `t${v.toString()}`
  if (isPlainObject(v)) {
    return `O{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${keyOf(v[k])}`)
      .join(',')}}`
  }
  const tagged = v as { _bsontype?: string; toString(): string }
  return `x${tagged._bsontype ?? 'obj'}:${String(tagged)}`
}

/** Type class used to keep range index scans type-bracketed, as MongoDB does. */
export function typeClass(v: unknown): 'number' | 'string' | 'date' | 'objectId' | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : 'number'
  if (typeof v === 'string') return 'string'
  if (v instanceof Date) return 'date'
  if (v instanceof ObjectId) return 'objectId'
  return undefined
}

/** Compares two values of the same typeClass. */
export function compareSameClass(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime()
  if (a instanceof ObjectId && b instanceof ObjectId) return Buffer.compare(a.id, b.id)
  return 0
}

/** Deep copy of plain objects and arrays; bson values and Dates are immutable here and shared. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T
  if (isPlainObject(v)) {
    const out: Document = {}
    for (const k of Object.keys(v)) out[k] = clone(v[k])
    return out as T
  }
  return v
}

/**
 * Every value reachable at a dotted path, expanding arrays like MongoDB's multikey indexes do
 * (the array itself and each element). Returns [] when the path is missing.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = path.split('.')
  const out: unknown[] = []
  const walk = (v: unknown, i: number): void => {
    if (i === parts.length) {
      out.push(v)
      if (Array.isArray(v)) for (const e of v) out.push(e)
      return
    }
    if (Array.isArray(v)) {
      const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1
      if (idx >= 0 && idx < v.length) walk(v[idx], i + 1)
      for (const e of v) if (isPlainObject(e)) walk(e, i)
      return
    }
    if (isPlainObject(v) && parts[i] in v) walk(v[parts[i]], i + 1)
  }
  walk(doc, 0)
  return out
}

/** The value at a dotted path through plain objects only (no array expansion); undefined if absent. */
export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc
  for (const p of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(p)) v = v[Number(p)]
    else if (isPlainObject(v)) v = v[p]
    else return undefined
  }
  return v
}

/** Sets a dotted path, creating plain objects on the way (used to build upsert documents). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.')
  let cur: Document = doc
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]]
    if (!isPlainObject(next) && !Array.isArray(next)) cur[parts[i]] = {}
    cur = cur[parts[i]] as Document
  }
  cur[parts[parts.length - 1]] = value
}

/** Returns the document with `_id` moved to the front, as MongoDB stores it. */
export function idFirst(doc: Document): Document {
  if (Object.keys(doc)[0] === '_id' || !('_id' in doc)) return doc
  const { _id, ...rest } = doc
  return { _id, ...rest }
}

/** MongoDB's shell-like rendering used in E11000 messages: `{ email: "a" }`. */
export function renderValue(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return JSON.stringify(v)
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`
  if (v instanceof Date) return `new Date(${v.getTime()})`
  if (Array.isArray(v)) return `[ ${v.map(renderValue).join(', ')} ]`
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
    return keys.length === 0
      ? '{}'
      : `{ ${keys.map((k) => `${k}: ${renderValue(v[k])}`).join(', ')} }`
  }
  return String(v)
}
