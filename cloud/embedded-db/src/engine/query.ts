/**
 * Query evaluation on top of mingo, with up-front rejection of what mingo cannot do the way
 * MongoDB does ($text, geo, $where, JavaScript operators), so those fail loudly instead of
 * silently returning wrong results.
 */
import type { Document } from 'bson'
import { BSONRegExp } from 'bson'
import type { Query } from 'mingo'
type Options = NonNullable<ConstructorParameters<typeof Query>[1]>
import { Codes, fail } from '../errors'
import type { Collection } from './collection'
import { sortDocuments } from './bson-order'
import { BaseQuery, sharedOptions } from './mingo-context'
import { renameQueryOperators } from './type-operator'
import { clone, idFirst, isPlainObject } from './values'

const GEO = new Set(['$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$within'])
const SCRIPT = new Set(['$function', '$accumulator'])

export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  return { scriptEnabled: false, ...extra }
}

/** mingo accepts JS RegExp only: convert bson BSONRegExp (flags kept) anywhere in a filter. */
export function normalizeFilter<T>(v: T): T {
  if (v instanceof BSONRegExp) return new RegExp(v.pattern, v.options.replace(/[^imsu]/g, '')) as T
  if (Array.isArray(v)) return v.map(normalizeFilter) as T
  if (isPlainObject(v)) {
    const out: Document = {}
    for (const k of Object.keys(v)) out[k] = normalizeFilter(v[k])
    return out as T
  }
  return v
}

export function prescan(value: unknown, coll?: Collection): void {
  if (Array.isArray(value)) {
    for (const v of value) prescan(v, coll)
    return
  }
  if (!isPlainObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (k === '$text') {
      const hasText = coll?.indexes.some(
        (i) => i.special && Object.values(i.spec.key as Document).includes('text'),
      )
      if (!hasText) fail(Codes.IndexNotFound, 'text index required for $text query')
      fail(Codes.NotImplemented, '$text queries are not supported by the embedded server')
    }
    if (k === '$where')
      fail(Codes.BadValue, '$where is not supported by the embedded server (no JavaScript engine)')
    if (GEO.has(k))
      fail(
        Codes.NotImplemented,
        `${k} is not supported by the embedded server (no geospatial support)`,
      )
    if (SCRIPT.has(k))
      fail(
        Codes.NotImplemented,
        `${k} is not supported by the embedded server (no JavaScript engine)`,
      )
    prescan(v, coll)
  }
}

/** A mingo query with every mingo operator plus the engine's own (see mingo-context.ts). */
export function newQuery(filter: Document, extra: Partial<Options> = {}): Query {
  return new BaseQuery(filter, sharedOptions(extra))
}

export function compileFilter(
  filter: Document | undefined,
  coll?: Collection,
  variables?: Document,
): Query {
  const f = normalizeFilter(filter ?? {})
  if (!isPlainObject(f)) fail(Codes.TypeMismatch, "'filter' must be an object")
  prescan(f, coll)
  return newQuery(renameQueryOperators(f) as Document, variables ? { variables } : {})
}

/** A document predicate for a filter, honouring a collation's case/accent folding. */
export function compileMatcher(
  filter: Document | undefined,
  coll?: Collection,
  variables?: Document,
  collation?: Document,
): (doc: Document) => boolean {
  const q = compileFilter(filter, coll, variables)
  const fold = folder(collation)
  if (!fold) return (d) => q.test(d)
  const fq = newQuery(
    foldDeep(renameQueryOperators(normalizeFilter(filter ?? {})), fold) as Document,
    variables ? { variables } : {},
  )
  return (d) => fq.test(foldDeep(d, fold) as Document)
}

export interface FindSpec {
  filter?: Document
  sort?: Document
  projection?: Document
  skip?: number
  limit?: number
  collation?: Document
  /** `let` variables for $expr. */
  variables?: Document
}

/**
 * Filters, sorts, pages and projects candidate documents. `presorted`: the candidates already
 * come in `spec.sort` order (an index walk), so the first skip + limit matches are the page.
 */
export function runFind(
  docs: Iterable<Document>,
  spec: FindSpec,
  coll?: Collection,
  presorted = false,
): Document[] {
  const filter = normalizeFilter(spec.filter ?? {})
  prescan(filter, coll)
  const q = newQuery(renameQueryOperators(filter) as Document, {
    ...(spec.collation ? { collation: spec.collation as never } : {}),
    ...(spec.variables ? { variables: spec.variables } : {}),
  })
  const projection =
    spec.projection && Object.keys(spec.projection).length > 0 ? spec.projection : undefined
  // Sort and page before projecting: the sort may use fields the projection removes.
  const skip = spec.skip ?? 0
  const limit = spec.limit ? Math.abs(spec.limit) : undefined
  const fold = folder(spec.collation)
  const fq = fold
    ? newQuery(foldDeep(renameQueryOperators(filter), fold) as Document, {
        variables: spec.variables,
      })
    : undefined
  const test =
    fq && fold
      ? (d: Document) => fq.test(foldDeep(d, fold) as Document)
      : (d: Document) => q.test(d)
  let out: Document[]
  if (!presorted && spec.sort && Object.keys(spec.sort).length > 0 && !('$natural' in spec.sort)) {
    const matched: Document[] = []
    for (const d of docs) if (test(d)) matched.push(d)
    out = sortDocuments(matched, spec.sort, fold)
    if (skip > 0 || limit !== undefined)
      out = out.slice(skip, limit === undefined ? undefined : skip + limit)
  } else {
    // Unsorted or presorted: stop as soon as the page is full (findOne, an index walk).
    out = []
    let skipped = 0
    for (const d of docs) {
      if (!test(d)) continue
      if (skipped < skip) skipped++
      else if (out.push(d) === limit) break
    }
  }
  if (!projection) return out
  // On its own, $slice is an exclusion-style projection (mingo drops the other fields).
  if (
    Object.values(projection).every((v) => isPlainObject(v) && Object.keys(v).join() === '$slice')
  ) {
    return out.map((d) => sliceFields(d, projection))
  }
  const simple = topLevelProjection(projection)
  if (simple) return out.map(simple)
  // Re-running the filter lets positional projections (`a.$`) see which element matched.
  // mingo's exclusion projection deletes fields from its input: give it copies, never stored docs.
  return q.find<Document>(out.map(clone), projection).all().map(idFirst)
}

const isOn = (v: unknown): boolean => v === 1 || v === true
const isOff = (v: unknown): boolean => v === 0 || v === false

/**
 * The common projection of whole top-level fields (all included, or all excluded, `_id` either
 * way), done directly with the result mingo's projection gives: `_id` first, then included fields
 * in sorted name order (mingo sorts them), or the document without the excluded fields.
 * Undefined for anything else (paths, operators, positional, expressions), which mingo does.
 */
export function topLevelProjection(
  projection: Document,
): ((doc: Document) => Document) | undefined {
  const names = Object.keys(projection)
  if (names.some((k) => k.includes('.') || k.startsWith('$'))) return undefined
  const others = names.filter((k) => k !== '_id')
  const idOff = '_id' in projection && isOff(projection._id)
  if ('_id' in projection && !idOff && !isOn(projection._id)) return undefined
  if (others.length > 0 && others.every((k) => isOn(projection[k]))) {
    const included = [...others].sort()
    return (doc) => {
      const out: Document = {}
      if (!idOff && doc._id !== undefined) out._id = clone(doc._id)
      for (const k of included) {
        if (!Object.hasOwn(doc, k)) continue
        const v = doc[k]
        if (v === undefined) return mingoProjection(doc, projection)
        out[k] = clone(v)
      }
      return idFirst(out)
    }
  }
  if (others.every((k) => isOff(projection[k])) && (others.length > 0 || idOff)) {
    const excluded = new Set(others)
    if (idOff) excluded.add('_id')
    return (doc) => {
      const out: Document = {}
      for (const k of Object.keys(doc)) if (!excluded.has(k)) out[k] = clone(doc[k])
      return idFirst(out)
    }
  }
  return undefined
}

function mingoProjection(doc: Document, projection: Document): Document {
  return newQuery({})
    .find<Document>([clone(doc)], projection)
    .all()
    .map(idFirst)[0]
}

function sliceFields(doc: Document, projection: Document): Document {
  const out = clone(doc)
  for (const [path, spec] of Object.entries(projection)) {
    const parts = path.split('.')
    let parent: unknown = out
    for (const p of parts.slice(0, -1)) parent = isPlainObject(parent) ? parent[p] : undefined
    const last = parts[parts.length - 1]
    if (!isPlainObject(parent) || !Array.isArray(parent[last])) continue
    const arr = parent[last] as unknown[]
    const s = (spec as Document).$slice
    if (typeof s === 'number') parent[last] = s >= 0 ? arr.slice(0, s) : arr.slice(s)
    else if (Array.isArray(s) && s.length === 2) {
      const [skip, n] = s as number[]
      const start = skip < 0 ? Math.max(arr.length + skip, 0) : skip
      parent[last] = arr.slice(start, start + n)
    } else fail(Codes.BadValue, '$slice only supports numbers and [skip, limit] arrays')
  }
  return out
}

/** Whether a collation compares strings other than binary (case or accent folding). */
export function folds(collation: Document | undefined): boolean {
  return folder(collation) !== undefined
}

/** Case (strength 2) or case-and-accent (strength 1) folding for a collation; undefined = binary. */
function folder(collation: Document | undefined): ((s: string) => string) | undefined {
  if (!collation || collation.locale === 'simple') return undefined
  const strength = (collation.strength as number | undefined) ?? 3
  if (strength === 2) return (x) => x.toLowerCase()
  if (strength === 1) return (x) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return undefined
}

export function foldDeep(v: unknown, fold: (s: string) => string): unknown {
  if (typeof v === 'string') return fold(v)
  if (Array.isArray(v)) return v.map((x) => foldDeep(x, fold))
  if (isPlainObject(v)) {
    const out: Document = {}
    for (const k of Object.keys(v)) out[k] = foldDeep(v[k], fold)
    return out
  }
  return v
}
