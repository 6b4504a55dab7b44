/**
 * One prebuilt mingo context holding all of mingo's operators plus ours ($bsonType, $bsonEq…),
 * built once at module load and shared by every query and update.
 *
 * mingo copies the operator table of a plain options object on every Query construction (and its
 * updater copies and extends it on every update, reading each operator through a getter), which
 * cost more than the work itself. An options object that is already mingo's `ComputeOptions` is
 * used as it is, so queries and updates get one built around the shared context. `ComputeOptions`
 * is not among mingo's public exports: it is loaded from mingo's own core module file, and if that
 * ever fails (another mingo layout) the plain options are used — slower, same results.
 */
import { dirname, join } from 'node:path'
import type { Document } from 'bson'
import { Context, type Query } from 'mingo'
import { engineQueryOps } from './type-operator'

type Ops = Record<string, never>
type Options = NonNullable<ConstructorParameters<typeof Query>[1]>
type ComputeOptionsClass = new (options: Document, locals?: Document) => Partial<Options>
type QueryOperator = (
  selector: string,
  value: unknown,
  options: Partial<Options>,
) => (doc: unknown) => boolean
interface HashSet {
  set(key: unknown, value: boolean): unknown
  has(key: unknown): boolean
}
interface MingoUtil {
  HashMap: { init(): HashSet }
  resolve(doc: unknown, selector: string, options: { unwrapArray: boolean }): unknown
  ensureArray(v: unknown): unknown[]
  isNil(v: unknown): boolean
}
type UpdateOperator = (
  expr: Document,
  arrayFilters: Document[],
  options: Partial<Options>,
) => (doc: Document) => string[]

/* eslint-disable @typescript-eslint/no-require-imports -- mingo's subpath exports have no types under moduleResolution "node" */
const load = (path: string): Ops => require(path) as Ops
export const BaseQuery = (
  require('mingo/query') as { Query: new (filter: Document, options: Partial<Options>) => Query }
).Query
const UPDATE_OPERATORS = require('mingo/operators/update') as Record<string, UpdateOperator>
const QUERY_OPERATORS = require('mingo/operators/query') as Record<string, QueryOperator>
const util = require('mingo/util') as MingoUtil

function loadComputeOptions(): ComputeOptionsClass | undefined {
  try {
    const core = require(join(dirname(require.resolve('mingo')), 'core', '_internal.js')) as {
      ComputeOptions?: ComputeOptionsClass
    }
    return typeof core.ComputeOptions === 'function' ? core.ComputeOptions : undefined
  } catch {
    return undefined
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

const ComputeOptions = loadComputeOptions()

/**
 * mingo's `$in`, with the hash set of the listed values built once per query instead of once per
 * document tested (mingo intersects the two lists on every call). Same resolution, same equality.
 */
const $in: QueryOperator = (selector, value, options) => {
  if (!Array.isArray(value)) return QUERY_OPERATORS.$in(selector, value, options)
  const listed = util.HashMap.init()
  for (const v of value) listed.set(v, true)
  const hasNull = value.some((v) => v === null)
  const patterns = value.filter((v): v is RegExp => v instanceof RegExp)
  return (doc) => {
    const found = util.resolve(doc, selector, { unwrapArray: true })
    if (util.isNil(found)) return hasNull
    const values = util.ensureArray(found)
    if (values.some((v) => listed.has(v))) return true
    return (
      patterns.length > 0 &&
      values.some((v) => typeof v === 'string' && patterns.some((re) => re.test(v)))
    )
  }
}

const $nin: QueryOperator = (selector, value, options) => {
  const test = $in(selector, value, options)
  return (doc) => !test(doc)
}

export const FULL_CONTEXT = Context.init({
  accumulator: load('mingo/operators/accumulator'),
  expression: load('mingo/operators/expression'),
  pipeline: load('mingo/operators/pipeline'),
  projection: load('mingo/operators/projection'),
  query: {
    ...load('mingo/operators/query'),
    ...(engineQueryOps as Ops),
    $in: $in as never,
    $nin: $nin as never,
  },
  window: load('mingo/operators/window'),
})

/** mingo's defaults (ComputeOptions.init), with scripts off. */
const DEFAULTS = {
  idKey: '_id',
  scriptEnabled: false,
  useStrictMode: true,
  failOnError: true,
  processingMode: 0,
}

/** Options for `new BaseQuery(…)` on the shared context, without a per-query copy of it. */
export function sharedOptions(extra: Partial<Options> = {}): Partial<Options> {
  const options = { ...DEFAULTS, ...extra, context: FULL_CONTEXT }
  return ComputeOptions ? new ComputeOptions(options) : options
}

/** Whether updates can run mingo's operators directly (see applyOperators). */
export const directUpdates = ComputeOptions !== undefined

/**
 * Applies operator-style update `mod` to `doc` in place with mingo's update operators, as mingo's
 * updater does for one matched document (the engine has matched it already). `condition` feeds
 * the positional `$`. Overlapping paths, unknown operators and _id changes are checked before.
 */
export function applyOperators(
  doc: Document,
  mod: Document,
  arrayFilters: Document[],
  condition: Document,
): void {
  if (!ComputeOptions) throw new Error('embedded-db: mingo ComputeOptions unavailable')
  const options = new ComputeOptions(
    { ...DEFAULTS, context: FULL_CONTEXT },
    { condition, updateConfig: { cloneMode: 'deep', arrayFilters }, variables: {} },
  )
  for (const op of Object.keys(mod)) {
    const operator = UPDATE_OPERATORS[op]
    if (!operator) throw new Error(`Unknown update operator: '${op}'.`)
    operator(mod[op] as Document, arrayFilters, options)(doc)
  }
}
