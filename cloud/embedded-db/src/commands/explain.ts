/** explain: the honest minimum — which index the planner used (or COLLSCAN) and how many docs it examined. */
import type { Document } from 'bson'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import type { Plan } from '../engine/planner'
import { normalizeFilter } from '../engine/query'
import { isPlainObject } from '../engine/values'
import { SERVER_VERSION } from './admin'
import type { CommandContext, Handler } from './context'
import { checkPipeline } from './aggregate'
import { findDocs } from './reads'

function filterOf(inner: Document, verb: string): Document {
  switch (verb) {
    case 'find':
      return (inner.filter ?? {}) as Document
    case 'count':
    case 'distinct':
    case 'findAndModify':
      return (inner.query ?? {}) as Document
    case 'update':
      return ((inner.updates as Document[] | undefined)?.[0]?.q ?? {}) as Document
    case 'delete':
      return ((inner.deletes as Document[] | undefined)?.[0]?.q ?? {}) as Document
    case 'aggregate': {
      const first = (inner.pipeline as Document[] | undefined)?.[0]
      return first && '$match' in first ? (first.$match as Document) : {}
    }
  }
  fail(Codes.CommandNotFound, `Explain failed due to unknown command: ${verb}`)
}

function winning(p: Plan, filter: Document, inner: Document, verb: string): Document {
  const sort = verb === 'find' ? (inner.sort as Document | undefined) : undefined
  const limit = verb === 'find' ? Math.abs(Number(inner.limit ?? 0)) : 0
  let stage: Document
  if (p.stage === 'COLLSCAN') stage = { stage: 'COLLSCAN', filter, direction: 'forward' }
  else {
    const ix: Document = {
      stage: 'IXSCAN',
      keyPattern: p.keyPattern,
      indexName: p.indexName,
      isMultiKey: p.isMultiKey ?? false,
      direction: p.direction ?? 'forward',
    }
    if (p.stage === 'IDHACK') return { ...ix, stage: 'IDHACK' }
    // Several key ranges merged in sort order (an $in before the sort keys): MongoDB's SORT_MERGE.
    const input =
      p.sorted && (p.ranges ?? 1) > 1
        ? { stage: 'SORT_MERGE', sortPattern: sort, inputStages: [ix] }
        : ix
    stage = { stage: 'FETCH', filter, inputStage: input }
  }
  if (sort && Object.keys(sort).length > 0 && !p.sorted)
    stage = {
      stage: 'SORT',
      sortPattern: sort,
      ...(limit ? { limitAmount: limit } : {}),
      inputStage: stage,
    }
  else if (limit) stage = { stage: 'LIMIT', limitAmount: limit, inputStage: stage }
  return stage
}

function explain(c: CommandContext): Document {
  const inner = c.cmd.explain
  if (!isPlainObject(inner)) fail(Codes.TypeMismatch, 'explain command requires a nested object')
  const verb = Object.keys(inner)[0] === 'findandmodify' ? 'findAndModify' : Object.keys(inner)[0]
  const name = checkCollectionName(c.db, inner[Object.keys(inner)[0]])
  const coll = c.engine.catalog.get(c.db, name)
  const filter = filterOf(inner, verb)
  if (verb === 'aggregate') checkPipeline(inner.pipeline, coll)
  const before = c.engine.docsExamined
  const started = Date.now()
  let plan: Plan
  let nReturned: number | undefined
  if (verb === 'find') {
    const found = findDocs({ ...c, cmd: inner }, coll)
    plan = found.plan
    nReturned = found.docs.length
  } else {
    const selected = c.engine.select(coll, normalizeFilter(filter), c.txn)
    Array.from(selected.docs) // counts the documents examined
    plan = selected.plan
  }
  const examined = c.engine.docsExamined - before
  const reply: Document = {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${c.db}.${name}`,
      indexFilterSet: false,
      parsedQuery: filter,
      winningPlan: winning(plan, filter, inner, verb),
      rejectedPlans: [],
    },
    command: { ...inner, $db: c.db },
    serverInfo: { host: c.server.host, port: c.server.port, version: SERVER_VERSION },
    ok: 1,
  }
  if (c.cmd.verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: nReturned ?? examined,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: plan.stage === 'COLLSCAN' ? 0 : examined,
      totalDocsExamined: examined,
    }
  }
  return reply
}

export const explainCommands: Record<string, Handler> = { explain }
