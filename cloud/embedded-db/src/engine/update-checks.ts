/**
 * Strictness that mingo's updater lacks: it silently ignores $inc on strings, $push onto
 * non-arrays and the like, where MongoDB fails. These checks run before mingo applies an update.
 */
import type { Document } from 'bson'
import { Decimal128, Long, ObjectId } from 'bson'
import { Codes, fail } from '../errors'
import { isPlainObject, renderValue } from './values'

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$addToSet',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
  '$setOnInsert',
])

export function bsonTypeName(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'missing'
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'date'
  if (v instanceof ObjectId) return 'objectId'
  if (v instanceof Long) return 'long'
  if (v instanceof Decimal128) return 'decimal'
  if (isPlainObject(v)) return 'object'
  return (v as { _bsontype?: string })._bsontype ?? 'object'
}

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || v instanceof Long || v instanceof Decimal128
}

const POSITIONAL = /(^|\.)\$(\[[^\]]*\])?(\.|$)/

/** Value at a path through plain objects; `traversed` says whether a scalar blocked the way. */
function probe(
  doc: Document,
  path: string,
): { value: unknown; blockedAt?: string; viaArray: boolean } {
  let v: unknown = doc
  const parts = path.split('.')
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(v)) return { value: undefined, viaArray: true }
    if (!isPlainObject(v)) {
      if (v === undefined) return { value: undefined, viaArray: false }
      return { value: undefined, blockedAt: parts.slice(0, i).join('.'), viaArray: false }
    }
    v = v[parts[i]]
  }
  return { value: v, viaArray: false }
}

/** code 40 when two update paths overlap (e.g. `a` and `a.b`). */
export function checkConflicts(mod: Document): void {
  const paths: string[] = []
  for (const [op, arg] of Object.entries(mod)) {
    if (!isPlainObject(arg)) continue
    for (const [p, v] of Object.entries(arg)) {
      paths.push(p)
      if (op === '$rename' && typeof v === 'string') paths.push(v)
    }
  }
  const sorted = paths
    .map((p) => ({ p, parts: p.split('.') }))
    .sort((a, b) => a.parts.length - b.parts.length)
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i].parts
      const b = sorted[j].parts
      if (a.every((s, k) => b[k] === s)) {
        fail(
          Codes.ConflictingUpdateOperators,
          `Updating the path '${sorted[j].p}' would create a conflict at '${sorted[i].p}'`,
        )
      }
    }
  }
}

/** Validates operator names and operand shapes, then checks types against the current document. */
export function checkOperators(doc: Document, mod: Document): void {
  for (const [op, arg] of Object.entries(mod)) {
    if (!UPDATE_OPERATORS.has(op)) {
      fail(
        Codes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      )
    }
    if (!isPlainObject(arg)) {
      fail(
        Codes.FailedToParse,
        `Modifiers operate on fields but we found type ${bsonTypeName(arg)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${renderValue(arg)}}`,
      )
    }
    for (const [path, operand] of Object.entries(arg)) checkOne(doc, op, path, operand)
  }
}

function checkOne(doc: Document, op: string, path: string, operand: unknown): void {
  if ((op === '$inc' || op === '$mul') && !isNumeric(operand)) {
    const verb = op === '$inc' ? 'increment' : 'multiply'
    fail(
      Codes.TypeMismatch,
      `Cannot ${verb} with non-numeric argument: {${path}: ${renderValue(operand)}}`,
    )
  }
  if (op === '$pop' && operand !== 1 && operand !== -1) {
    fail(Codes.FailedToParse, `$pop expects 1 or -1, found: ${renderValue(operand)}`)
  }
  if (op === '$rename' && typeof operand !== 'string') {
    fail(
      Codes.BadValue,
      `The 'to' field for $rename must be a string: ${path}: ${renderValue(operand)}`,
    )
  }
  if (POSITIONAL.test(path)) return // element-level targets: left to mingo
  const { value, blockedAt, viaArray } = probe(doc, path)
  if (viaArray) return
  if (
    blockedAt !== undefined &&
    op !== '$unset' &&
    op !== '$pull' &&
    op !== '$pullAll' &&
    op !== '$pop'
  ) {
    const last = path.split('.')[blockedAt.split('.').length]
    fail(
      Codes.PathNotViable,
      `Cannot create field '${last}' in element {${blockedAt}: ${renderValue(probeValue(doc, blockedAt))}}`,
    )
  }
  if (value === undefined) return
  const type = bsonTypeName(value)
  switch (op) {
    case '$inc':
    case '$mul':
      if (!isNumeric(value)) {
        fail(
          Codes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${renderValue(doc._id)}} has the field '${path.split('.').pop()}' of non-numeric type ${type}`,
        )
      }
      break
    case '$push':
      if (!Array.isArray(value)) {
        fail(
          Codes.BadValue,
          `The field '${path}' must be an array but is of type ${type} in document {_id: ${renderValue(doc._id)}}`,
        )
      }
      break
    case '$addToSet':
      if (!Array.isArray(value)) {
        fail(
          Codes.BadValue,
          `Cannot apply $addToSet to non-array field. Field named '${path.split('.').pop()}' has non-array type ${type}`,
        )
      }
      break
    case '$pop':
      if (!Array.isArray(value))
        fail(Codes.TypeMismatch, `Path '${path}' contains an element of non-array type '${type}'`)
      break
    case '$pull':
    case '$pullAll':
      if (!Array.isArray(value)) fail(Codes.BadValue, `Cannot apply ${op} to a non-array value`)
      break
  }
}

function probeValue(doc: Document, path: string): unknown {
  let v: unknown = doc
  for (const p of path.split('.')) v = isPlainObject(v) ? v[p] : undefined
  return v
}
