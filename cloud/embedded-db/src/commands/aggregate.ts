/** aggregate via mingo, with $lookup/$unionWith resolved across collections and $out done by us. */
import { ObjectId, type Document } from 'bson'
import { Aggregator, ProcessingMode } from 'mingo'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import { Collection } from '../engine/collection'
import { compileMatcher, folds, mingoOptions, normalizeFilter, prescan } from '../engine/query'
import { sortDocuments } from '../engine/bson-order'
import { renameQueryOperators, typeContext } from '../engine/type-operator'
import { clone, idFirst, isPlainObject, keyOf } from '../engine/values'
import type { CommandContext, Handler } from './context'
import { checkHint } from './reads'

const UNSUPPORTED_STAGES = new Set([
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$merge',
  '$listSearchIndexes',
  '$shardedDataDistribution',
])
/** Stages known not to mutate their input documents, so stored documents need no copy. */
const NON_MUTATING = new Set([
  '$match',
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$sortByCount',
])

export function checkPipeline(pipeline: unknown, coll?: Collection): Document[] {
  if (!Array.isArray(pipeline))
    fail(Codes.TypeMismatch, "'pipeline' option must be specified as an array")
  pipeline.forEach((stage: unknown, i) => {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      fail(
        Codes.TypeMismatch,
        'A pipeline stage specification object must contain exactly one field.',
      )
    }
    const name = Object.keys(stage)[0]
    if (name === '$changeStream')
      fail(
        Codes.ChangeStreamsOnlyOnReplicaSets,
        'The $changeStream stage is only supported on replica sets',
      )
    if (UNSUPPORTED_STAGES.has(name))
      fail(Codes.NotImplemented, `${name} is not supported by the embedded server`)
    if (name === '$out' && i !== pipeline.length - 1)
      fail(40601, '$out can only be the final stage in the pipeline')
    prescan(stage, name === '$match' ? coll : undefined)
  })
  return (normalizeFilter(pipeline) as Document[]).map((stage) =>
    '$match' in stage ? { $match: renameQueryOperators(stage.$match) } : stage,
  )
}

export function runPipeline(
  c: CommandContext,
  coll: Collection | undefined,
  pipeline: Document[],
): Document[] {
  const first = pipeline[0]
  const filter = first && '$match' in first ? (first.$match as Document) : {}
  const collation = c.cmd.collation as Document | undefined
  // The leading $match runs here so that it honours the collation (mingo's does not).
  const test =
    first && '$match' in first
      ? compileMatcher(filter, coll, c.cmd.let as Document | undefined, collation)
      : undefined
  if (test) pipeline = pipeline.slice(1)
  // A $sort (and $limit) right after it: an index walk may yield that order and stop early.
  const sort = '$sort' in (pipeline[0] ?? {}) ? (pipeline[0].$sort as Document) : undefined
  const next = sort ? pipeline[1] : undefined
  const limit =
    next && '$limit' in next && typeof next.$limit === 'number' && next.$limit > 0
      ? next.$limit
      : undefined
  const fold = folds(collation)
  const selected = c.engine.select(coll, filter, c.txn, {
    sort: fold ? undefined : sort,
    limit,
    fold,
  })
  const input: Document[] = []
  const max = selected.sorted ? (limit ?? Infinity) : Infinity
  for (const d of selected.docs) if ((!test || test(d)) && input.push(d) === max) break
  if (selected.sorted) pipeline = pipeline.slice(1)
  const resolver = (name: string): Document[] => {
    const other = c.engine.catalog.get(c.db, name)
    return other ? c.engine.candidates(other, {}, c.txn).docs.map(clone) : []
  }
  const options = mingoOptions({
    context: typeContext,
    collectionResolver: resolver,
    variables: c.cmd.let as Document | undefined,
    collation: c.cmd.collation as never,
  })
  // Top-level $sort stages use MongoDB's BSON order (mingo's differs); mingo runs the segments between.
  let docs = input
  let owned = false
  for (const segment of segments(rewriteStages(pipeline))) {
    if ('$sort' in segment) {
      docs = sortDocuments(docs, segment.$sort as Document)
      continue
    }
    if ('$sample' in segment) {
      docs = sample(docs, (segment.$sample as Document).size)
      continue
    }
    const safe = segment.every((s) => NON_MUTATING.has(Object.keys(s)[0]))
    const mode = safe || owned ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT
    try {
      docs = new Aggregator(segment, { ...options, processingMode: mode }).run(docs) as Document[]
    } catch (e) {
      const m = /unregistered pipeline operator (\$\w+)/.exec(e instanceof Error ? e.message : '')
      if (m) fail(Codes.UnrecognizedPipelineStage, `Unrecognized pipeline stage name: '${m[1]}'`)
      throw e
    }
    owned = owned || !safe
  }
  return docs
}

/** $sample without replacement (mingo may return the same document twice). */
function sample(docs: Document[], size: unknown): Document[] {
  if (typeof size !== 'number' || size < 0)
    fail(28747, 'size argument to $sample must not be negative')
  const pool = [...docs]
  const n = Math.min(size, pool.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  return pool.slice(0, n)
}

type Segment = Document[] | { $sort: Document } | { $sample: Document }

function segments(pipeline: Document[]): Segment[] {
  const out: Segment[] = []
  let cur: Document[] = []
  for (const stage of pipeline) {
    if ('$sort' in stage || '$sample' in stage) {
      if (cur.length > 0) out.push(cur)
      cur = []
      out.push(stage as Segment)
    } else cur.push(stage)
  }
  if (cur.length > 0) out.push(cur)
  return out
}

/** Rewrites stages where mingo's result differs from MongoDB's into equivalent ones. */
function rewriteStages(pipeline: Document[]): Document[] {
  return pipeline.flatMap((stage) => {
    if ('$count' in stage) {
      // mingo yields {n: 0} for no input; MongoDB yields no document.
      const field = stage.$count as string
      return [{ $group: { _id: null, [field]: { $sum: 1 } } }, { $project: { _id: 0, [field]: 1 } }]
    }
    if ('$bucket' in stage) return bucketAsGroup(stage.$bucket as Document)
    return [stage]
  })
}

/** $bucket with lower-inclusive, upper-exclusive boundaries (mingo puts boundary values low). */
function bucketAsGroup(spec: Document): Document[] {
  const b = spec.boundaries as unknown[]
  if (!Array.isArray(b) || b.length < 2)
    fail(40192, "The $bucket 'boundaries' field must be an array with at least two values")
  const branches = b.slice(0, -1).map((lo, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, lo] }, { $lt: [spec.groupBy, b[i + 1]] }] },
    then: lo,
  }))
  const sw: Document = { branches }
  if (spec.default !== undefined) sw.default = spec.default
  const output = (spec.output as Document | undefined) ?? { count: { $sum: 1 } }
  return [{ $group: { _id: { $switch: sw }, ...output } }, { $sort: { _id: 1 } }]
}

/** Replaces the target collection with the results, keeping its options and indexes. */
function writeOut(c: CommandContext, spec: unknown, docs: Document[]): void {
  const db = isPlainObject(spec) ? String(spec.db ?? c.db) : c.db
  const name = checkCollectionName(db, isPlainObject(spec) ? spec.coll : spec)
  const old = c.engine.catalog.get(db, name)
  const next = new Collection(db, name, old?.options ?? {})
  for (const ix of old?.indexes ?? []) if (!ix.isId) next.addIndex(ix.spec)
  for (const raw of docs) {
    const d = idFirst(raw._id === undefined ? { _id: new ObjectId(), ...raw } : raw)
    next.checkUnique(keyOf(d._id), d, true)
    next.put(keyOf(d._id), d)
  }
  const effects = c.writes.effects
  if (old) c.engine.catalog.drop(db, name, effects)
  const created = c.engine.catalog.create(db, name, next.options, effects)
  for (const ix of next.indexes) if (!ix.isId) c.engine.createIndex(c.writes, created, ix.spec)
  for (const [id, d] of next.docs) {
    created.put(id, d)
    effects.push({ op: 'put', db, coll: name, doc: d })
  }
}

function aggregate(c: CommandContext): Document {
  const target = c.cmd.aggregate
  const collName = target === 1 ? undefined : checkCollectionName(c.db, target)
  const coll = collName ? c.engine.catalog.get(c.db, collName) : undefined
  checkHint(coll, c.cmd.hint)
  const pipeline = checkPipeline(c.cmd.pipeline, coll)
  if (c.cmd.explain === true) {
    const first = pipeline[0]
    const { plan } = c.engine.candidates(
      coll,
      first && '$match' in first ? (first.$match as Document) : {},
      c.txn,
    )
    return {
      explainVersion: '1',
      stages: [{ $cursor: { queryPlanner: { winningPlan: plan } } }],
      ok: 1,
    }
  }
  if (c.cmd.cursor === undefined)
    fail(
      Codes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    )
  const last = pipeline[pipeline.length - 1]
  const out = last && '$out' in last ? last.$out : undefined
  if (out !== undefined && c.txn)
    fail(Codes.OperationNotSupportedInTransaction, '$out cannot be used in a transaction')
  const results = runPipeline(c, coll, out !== undefined ? pipeline.slice(0, -1) : pipeline)
  const ns = collName ? `${c.db}.${collName}` : `${c.db}.$cmd.aggregate`
  const batchSize = (c.cmd.cursor as Document).batchSize as number | undefined
  if (out !== undefined) {
    writeOut(c, out, results)
    return c.cursors.first(ns, [], batchSize, true)
  }
  return c.cursors.first(ns, results, batchSize, false, c.session?.id)
}

export const aggregateCommands: Record<string, Handler> = { aggregate }
