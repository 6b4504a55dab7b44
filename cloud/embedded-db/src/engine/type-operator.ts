/**
 * A `$type` query operator that knows the BSON types mingo's does not (objectId, binData,
 * timestamp, minKey/maxKey…) and matches arrays by their elements, as MongoDB does. Numbers
 * are promoted on input, so int/long/double cannot be told apart: those three aliases are a
 * clear NotImplemented error rather than a guess ('number' and 'decimal' work; see README).
 */
import { BSONRegExp, Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson'
import { Context } from 'mingo'
import { Codes, fail } from '../errors'
import { bsonRank, compareBson } from './bson-order'
import { isPlainObject, keyOf, valuesAtPath } from './values'

const CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  object: (v) => isPlainObject(v),
  array: (v) => Array.isArray(v),
  binData: (v) => v instanceof Binary,
  undefined: (v) => v === undefined,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp || v instanceof BSONRegExp,
  timestamp: (v) => v instanceof Timestamp,
  decimal: (v) => v instanceof Decimal128,
  minKey: (v) => v instanceof MinKey,
  maxKey: (v) => v instanceof MaxKey,
}
CHECKS.number = (v) =>
  typeof v === 'number' ||
  (v instanceof Long && !(v instanceof Timestamp)) ||
  v instanceof Decimal128

const BY_NUMBER: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
}

const COLLAPSED_NUMBER_TYPES = new Set(['int', 'long', 'double'])

function checkFor(t: unknown): (v: unknown) => boolean {
  const name = typeof t === 'number' ? BY_NUMBER[t] : (t as string)
  if (typeof name === 'string' && COLLAPSED_NUMBER_TYPES.has(name))
    fail(
      Codes.NotImplemented,
      `$type '${name}' is not supported by the embedded development server: it stores int, long and ` +
        `double as plain numbers. Use $type 'number', or run against real MongoDB.`,
    )
  const check = typeof name === 'string' ? CHECKS[name] : undefined
  if (!check) fail(Codes.BadValue, `Unknown type name alias: ${String(t)}`)
  return check
}

function $type(selector: string, value: unknown): (doc: unknown) => boolean {
  const checks = (Array.isArray(value) ? value : [value]).map(checkFor)
  return (doc) => valuesAtPath(doc, selector).some((v) => checks.some((c) => c(v)))
}

/** Equality with an embedded document, field order included (mingo ignores the order). */
function $bsonEq(selector: string, value: unknown): (doc: unknown) => boolean {
  const key = keyOf(value)
  return (doc) => valuesAtPath(doc, selector).some((v) => keyOf(v) === key)
}

/**
 * $gt/$gte/$lt/$lte with MongoDB semantics: type-bracketed (a number bound only matches numbers),
 * BSON order (strings by code point, Long exact), null bounds matching missing fields.
 */
function range(
  test: (c: number) => boolean,
): (selector: string, value: unknown) => (doc: unknown) => boolean {
  return (selector, bound) => {
    const r = bsonRank(bound)
    const open = bound instanceof MinKey || bound instanceof MaxKey
    return (doc) => {
      const vals = valuesAtPath(doc, selector)
      if (vals.length === 0) vals.push(undefined)
      return vals.some((v) => (open || bsonRank(v) === r) && test(compareBson(v, bound)))
    }
  }
}

/** `$mod` on numbers only (mingo coerces strings such as '10'). */
function $mod(selector: string, value: unknown): (doc: unknown) => boolean {
  if (!Array.isArray(value) || value.length !== 2)
    fail(Codes.BadValue, 'malformed mod, needs to be an array')
  const [d, r] = value.map(Number)
  if (d === 0) fail(Codes.BadValue, 'divisor cannot be 0')
  return (doc) =>
    valuesAtPath(doc, selector).some((v) => typeof v === 'number' && Math.trunc(v) % d === r)
}

/**
 * mingo lets earlier contexts win when merging, so these cannot replace `$type`/`$mod`; filters
 * are rewritten to use these names instead (see `renameQueryOperators`).
 */
export const engineQueryOps = {
  $bsonType: $type as never,
  $bsonMod: $mod as never,
  $bsonEq: $bsonEq as never,
  $bsonGt: range((c) => c > 0) as never,
  $bsonGte: range((c) => c >= 0) as never,
  $bsonLt: range((c) => c < 0) as never,
  $bsonLte: range((c) => c <= 0) as never,
}

/** Context with only our operators, merged over mingo's by the aggregation pipeline. */
export const typeContext = Context.init({ query: engineQueryOps as never })

const RENAMED: Record<string, string> = {
  $type: '$bsonType',
  $mod: '$bsonMod',
  $gt: '$bsonGt',
  $gte: '$bsonGte',
  $lt: '$bsonLt',
  $lte: '$bsonLte',
}

/** Renames field-level `$type`/`$mod` (not the aggregation `$type` inside `$expr`). */
export function renameQueryOperators(filter: unknown): unknown {
  if (!isPlainObject(filter)) return filter
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v))
      out[k] = v.map(renameQueryOperators)
    else if (k.startsWith('$')) out[k] = v
    else out[k] = renameFieldOps(v)
  }
  return out
}

/** Numbers of every BSON type compare by value (mingo's equality does not see Long/Decimal128). */
const isNumeric = (v: unknown): boolean =>
  typeof v === 'number' || v instanceof Long || v instanceof Decimal128

function renameFieldOps(v: unknown): unknown {
  if (isNumeric(v)) return { $bsonEq: v }
  if (!isPlainObject(v)) return v
  const keys = Object.keys(v)
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return { $bsonEq: v }
  const out: Record<string, unknown> = {}
  for (const [op, arg] of Object.entries(v)) {
    if (op === '$not') out[op] = renameFieldOps(arg)
    else if (op === '$elemMatch') {
      // Either operator form ({$gt: 1}) or a query on the element's fields ({a: 1}).
      const operatorForm =
        isPlainObject(arg) &&
        Object.keys(arg).some(
          (k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor',
        )
      out[op] = operatorForm ? renameFieldOps(arg) : renameQueryOperators(arg)
    } else if (op === '$eq' && (isPlainObject(arg) || isNumeric(arg))) out.$bsonEq = arg
    else out[RENAMED[op] ?? op] = arg
  }
  return out
}
