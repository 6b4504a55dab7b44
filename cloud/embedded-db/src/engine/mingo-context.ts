/**
 * One prebuilt mingo context holding all of mingo's operators plus ours ($bsonType, $bsonEq…).
 * mingo's `Query` from 'mingo' merges a custom context into its defaults on every construction,
 * which tripled the cost of each query; the base class with this context copies it only once.
 */
import type { Document } from 'bson'
import { Context, type Query } from 'mingo'
import { engineQueryOps } from './type-operator'

type Ops = Record<string, never>
type Options = NonNullable<ConstructorParameters<typeof Query>[1]>

/* eslint-disable @typescript-eslint/no-require-imports -- mingo's subpath exports have no types under moduleResolution "node" */
const load = (path: string): Ops => require(path) as Ops
export const BaseQuery = (
  require('mingo/query') as { Query: new (filter: Document, options: Partial<Options>) => Query }
).Query
/* eslint-enable @typescript-eslint/no-require-imports */

export const FULL_CONTEXT = Context.init({
  accumulator: load('mingo/operators/accumulator'),
  expression: load('mingo/operators/expression'),
  pipeline: load('mingo/operators/pipeline'),
  projection: load('mingo/operators/projection'),
  query: { ...load('mingo/operators/query'), ...(engineQueryOps as Ops) },
  window: load('mingo/operators/window'),
})
