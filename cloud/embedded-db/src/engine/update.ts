/**
 * Applies MongoDB update specs (operators, replacement documents, pipelines) with mingo plus the
 * pieces mingo lacks: $setOnInsert, upsert document construction, _id immutability, strictness.
 */
import { Decimal128, Long, ObjectId, Timestamp, type Document } from 'bson'
import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo'
import { Codes, fail } from '../errors'
import { applyOperators, directUpdates } from './mingo-context'
import { checkConflicts, checkOperators } from './update-checks'
import { clone, getPath, idFirst, isPlainObject, keyOf, renderValue, setPath } from './values'

export type UpdateKind = 'operators' | 'replacement' | 'pipeline'

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline'
  if (!isPlainObject(u))
    fail(Codes.FailedToParse, 'Update argument must be either an object or an array')
  const keys = Object.keys(u)
  if (keys.length > 0 && keys[0].startsWith('$')) return 'operators'
  return 'replacement'
}

export interface UpdateInput {
  u: Document | Document[]
  query: Document
  arrayFilters?: Document[]
  /** Variables for pipeline updates (`let`). */
  variables?: Document
}

/** Returns the updated copy of `doc` (never mutates it). */
export function applyUpdate(doc: Document, input: UpdateInput, upsertInsert = false): Document {
  const kind = updateKind(input.u)
  if (kind === 'replacement') return replace(doc, input.u as Document)
  const next = clone(doc)
  if (kind === 'pipeline') {
    const arr = [next]
    mingoUpdateOne(arr, {}, input.u as never, {}, { variables: input.variables })
    return finish(doc, arr[0])
  }
  const mod = { ...(input.u as Document) }
  checkConflicts(mod)
  const onInsert = mod.$setOnInsert as Document | undefined
  delete mod.$setOnInsert
  if (upsertInsert && onInsert) mod.$set = { ...(mod.$set as Document | undefined), ...onInsert }
  checkOperators(next, mod)
  checkArrayFilters(mod, input.arrayFilters)
  stripIdSets(next, mod, upsertInsert)
  currentDateAsSet(mod)
  addToSetAsSet(next, mod)
  longIncAsSet(next, mod)
  for (const op of Object.keys(mod)) {
    // MongoDB applies fields in lexicographic order, which decides where new fields land.
    const arg = mod[op] as Document
    const names = Object.keys(arg).sort()
    if (names.length === 0) delete mod[op]
    else mod[op] = Object.fromEntries(names.map((k) => [k, arg[k]]))
  }
  if (Object.keys(mod).length > 0) {
    // The condition drives the positional `$`; an upsert's new document need not match it.
    // Only a positional `$` needs it; matching was already done (possibly with a collation).
    const positional = Object.values(mod).some((arg) =>
      Object.keys(arg as Document).some((p) => /(^|\.)\$(\.|$)/.test(p)),
    )
    const condition = upsertInsert || !positional ? {} : input.query
    if (directUpdates) applyOperators(next, mod, input.arrayFilters ?? [], condition)
    else
      mingoUpdate(next, mod as never, input.arrayFilters ?? [], condition as never, {
        cloneMode: 'deep',
      })
  }
  return finish(doc, next)
}

/**
 * $addToSet on plain paths done here: mingo ignores field order when comparing documents,
 * MongoDB does not ({x:1,y:2} and {y:2,x:1} are different members).
 */
function addToSetAsSet(doc: Document, mod: Document): void {
  const add = mod.$addToSet as Document | undefined
  if (!add) return
  const rest: Document = {}
  const set: Document = { ...(mod.$set as Document | undefined) }
  for (const [path, arg] of Object.entries(add)) {
    if (path.includes('$')) {
      rest[path] = arg
      continue
    }
    const current = getPath(doc, path)
    const arr = Array.isArray(current) ? [...current] : []
    const seen = new Set(arr.map(keyOf))
    const values = isPlainObject(arg) && Array.isArray(arg.$each) ? arg.$each : [arg]
    for (const v of values) {
      const k = keyOf(v)
      if (seen.has(k)) continue
      seen.add(k)
      arr.push(clone(v))
    }
    set[path] = arr
  }
  if (Object.keys(rest).length > 0) mod.$addToSet = rest
  else delete mod.$addToSet
  if (Object.keys(set).length > 0) mod.$set = set
}

/** $inc involving a Long is done exactly here (mingo adds Long objects as JS numbers). */
function longIncAsSet(doc: Document, mod: Document): void {
  const inc = mod.$inc as Document | undefined
  if (!inc) return
  const set: Document = { ...(mod.$set as Document | undefined) }
  for (const [path, by] of Object.entries(inc)) {
    const cur = path.includes('$') ? undefined : getPath(doc, path)
    if (cur instanceof Decimal128 || by instanceof Decimal128) {
      const sum = addDecimals(cur ?? 0, by)
      if (sum) {
        set[path] = sum
        delete inc[path]
      }
      continue
    }
    if (!(cur instanceof Long || by instanceof Long)) continue
    const isInt = (v: unknown): boolean =>
      v instanceof Long || (typeof v === 'number' && Number.isInteger(v))
    if (!isInt(cur ?? 0) || !isInt(by)) continue
    set[path] = Long.fromValue((cur ?? 0) as Long).add(Long.fromValue(by as Long))
    delete inc[path]
  }
  if (Object.keys(inc).length === 0) delete mod.$inc
  if (Object.keys(set).length > 0) mod.$set = set
}

/** Exact decimal addition (coefficient × 10^exponent as BigInt); undefined if not representable. */
function addDecimals(a: unknown, b: unknown): Decimal128 | undefined {
  const parse = (v: unknown): [bigint, number] | undefined => {
    const m = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]?\d+))?$/i.exec(String(v))
    if (!m || (typeof v === 'number' && !Number.isFinite(v))) return undefined
    const frac = m[3] ?? ''
    const coef = BigInt(`${m[1] ?? ''}${m[2]}${frac}`)
    return [coef, Number(m[4] ?? 0) - frac.length]
  }
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return undefined
  const exp = Math.min(x[1], y[1])
  const sum = x[0] * 10n ** BigInt(x[1] - exp) + y[0] * 10n ** BigInt(y[1] - exp)
  return Decimal128.fromString(`${sum}E${exp}`)
}

let tsCounter = 0

/** mingo stores a number for {$type:'timestamp'}: set real Dates / Timestamps ourselves. */
function currentDateAsSet(mod: Document): void {
  const cd = mod.$currentDate as Document | undefined
  if (!cd) return
  delete mod.$currentDate
  const set: Document = { ...(mod.$set as Document | undefined) }
  for (const [path, spec] of Object.entries(cd)) {
    const type = isPlainObject(spec) ? spec.$type : 'date'
    if (spec !== true && type !== 'date' && type !== 'timestamp') {
      fail(
        Codes.BadValue,
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      )
    }
    const now = Date.now()
    set[path] =
      type === 'timestamp'
        ? new Timestamp({ t: Math.floor(now / 1000), i: ++tsCounter })
        : new Date(now)
  }
  mod.$set = set
}

/** Every arrayFilters identifier must be used by a `$[id]` path, and vice versa. */
function checkArrayFilters(mod: Document, filters: Document[] | undefined): void {
  const used = new Set<string>()
  for (const arg of Object.values(mod)) {
    for (const path of Object.keys(arg as Document))
      for (const m of path.matchAll(/\$\[([^\]]+)\]/g)) used.add(m[1])
  }
  const defined = new Set<string>()
  for (const f of filters ?? []) {
    const ids = new Set(Object.keys(f).map((k) => k.split('.')[0]))
    for (const id of ids) {
      if (defined.has(id))
        fail(
          Codes.FailedToParse,
          `Found multiple array filters with the same top-level field name ${id}`,
        )
      defined.add(id)
      if (!used.has(id))
        fail(
          Codes.FailedToParse,
          `The array filter for identifier '${id}' was not used in the update ${renderValue(mod)}`,
        )
    }
  }
  for (const id of used) {
    if (!defined.has(id))
      fail(Codes.BadValue, `No array filter found for identifier '${id}' in path`)
  }
}

/** _id may only be "set" to its current value; upsert inserts may set it when still absent. */
function stripIdSets(doc: Document, mod: Document, upsertInsert: boolean): void {
  for (const [op, arg] of Object.entries(mod)) {
    for (const path of Object.keys(arg as Document)) {
      if (path !== '_id' && !path.startsWith('_id.')) continue
      const value = (arg as Document)[path]
      if (op === '$set' && path === '_id') {
        if (upsertInsert && doc._id === undefined) doc._id = value
        else if (keyOf(value) !== keyOf(doc._id)) immutable()
        delete (arg as Document)[path]
        continue
      }
      immutable()
    }
  }
}

function immutable(): never {
  fail(
    Codes.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  )
}

function replace(doc: Document, replacement: Document): Document {
  for (const k of Object.keys(replacement)) {
    if (k.startsWith('$'))
      fail(
        Codes.BadValue,
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document.`,
      )
  }
  const next: Document = clone(replacement)
  if (next._id === undefined) {
    delete next._id
    if (doc._id !== undefined) return { _id: doc._id, ...next }
    return next
  }
  if (doc._id !== undefined && keyOf(next._id) !== keyOf(doc._id)) {
    fail(
      Codes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${renderValue(next._id)}`,
    )
  }
  return idFirst(next)
}

function finish(before: Document, after: Document): Document {
  if (before._id !== undefined && keyOf(after._id) !== keyOf(before._id)) {
    fail(
      Codes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${renderValue(after._id)}`,
    )
  }
  return idFirst(after)
}

/** Fields an upsert copies from the query: top-level (and $and) equalities. */
export function upsertBase(query: Document): Document {
  const base: Document = {}
  const visit = (q: Document): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub)
        continue
      }
      if (k.startsWith('$')) continue
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(base, k, clone(v.$eq))
        continue
      }
      if (v instanceof RegExp) continue
      setPath(base, k, clone(v))
    }
  }
  visit(query)
  return base
}

/** The document an upsert inserts: query equalities, then the update (with $setOnInsert). */
export function buildUpsert(input: UpdateInput): Document {
  const kind = updateKind(input.u)
  let doc: Document
  if (kind === 'replacement') {
    const base = upsertBase(input.query)
    doc = replace(base._id !== undefined ? { _id: base._id } : {}, input.u as Document)
  } else {
    doc = applyUpdate(upsertBase(input.query), input, true)
  }
  if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc }
  return idFirst(doc)
}

/** Whether an update changed anything (MongoDB's nModified). */
export function changed(before: Document, after: Document): boolean {
  return keyOf(before) !== keyOf(after)
}
