/** find / getMore / killCursors / count / distinct. */
import { Long, type Document } from 'bson'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import type { Collection } from '../engine/collection'
import { cursorIdOf } from '../engine/cursors'
import type { Plan } from '../engine/planner'
import { folds, normalizeFilter, runFind } from '../engine/query'
import { isPlainObject, keyOf, valuesAtPath } from '../engine/values'
import type { CommandContext, Handler } from './context'
import { matching } from './write-support'

function optionalObject(c: CommandContext, field: string): Document | undefined {
  const v = c.cmd[field]
  if (v === undefined || v === null) return undefined
  if (!isPlainObject(v))
    fail(
      Codes.TypeMismatch,
      `BSON field '${Object.keys(c.cmd)[0]}.${field}' is the wrong type '${typeof v}', expected type 'object'`,
    )
  return v
}

function optionalCount(
  c: CommandContext,
  field: string,
  allowNegative = false,
): number | undefined {
  const v = c.cmd[field]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v))
    fail(Codes.TypeMismatch, `BSON field '${field}' must be an integer`)
  if (v < 0 && !allowNegative)
    fail(Codes.BadValue, `${field} must be non-negative, but received: ${v}`)
  return v
}

/** MongoDB rejects a hint naming an index that does not exist; otherwise hints are ignored. */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !coll) return
  const found =
    typeof hint === 'string'
      ? coll.indexes.some((i) => i.name === hint)
      : isPlainObject(hint) &&
        (Object.keys(hint).length === 0 ||
          '$natural' in hint ||
          coll.indexes.some((i) => keyOf(i.spec.key) === keyOf(hint)))
  if (!found)
    fail(
      Codes.BadValue,
      'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
    )
}

/** The find's results (all of them: cursors keep a snapshot) and the plan that produced them. */
export function findDocs(
  c: CommandContext,
  coll: Collection | undefined,
): { docs: Document[]; plan: Plan } {
  const filter = optionalObject(c, 'filter') ?? {}
  const limit = optionalCount(c, 'limit', true)
  const skip = optionalCount(c, 'skip')
  checkHint(coll, c.cmd.hint)
  if (c.cmd.tailable)
    fail(
      Codes.BadValue,
      'error processing query: tailable cursor requested on non capped collection',
    )
  const sort = optionalObject(c, 'sort')
  const collation = optionalObject(c, 'collation')
  const selected = c.engine.select(coll, normalizeFilter(filter), c.txn, {
    sort,
    limit: limit ? (skip ?? 0) + Math.abs(limit) : undefined,
    fold: folds(collation),
  })
  const docs = runFind(
    selected.docs,
    {
      filter,
      sort,
      projection: optionalObject(c, 'projection'),
      skip,
      limit,
      collation,
      variables: optionalObject(c, 'let'),
    },
    coll,
    selected.sorted,
  )
  return { docs, plan: selected.plan }
}

function find(c: CommandContext): Document {
  const name = checkCollectionName(c.db, c.cmd.find)
  const coll = c.engine.catalog.get(c.db, name)
  const results = findDocs(c, coll).docs
  const limit = c.cmd.limit as number | undefined
  const single = c.cmd.singleBatch === true || (typeof limit === 'number' && limit < 0)
  const batchSize = optionalCount(c, 'batchSize')
  return c.cursors.first(`${c.db}.${name}`, results, batchSize, single, c.session?.id)
}

function getMore(c: CommandContext): Document {
  const id = cursorIdOf(c.cmd.getMore)
  if (typeof c.cmd.collection !== 'string')
    fail(Codes.TypeMismatch, "BSON field 'getMore.collection' is missing but a required field")
  return c.cursors.next(id, `${c.db}.${c.cmd.collection}`, optionalCount(c, 'batchSize'))
}

function killCursors(c: CommandContext): Document {
  const ids = (Array.isArray(c.cmd.cursors) ? c.cmd.cursors : []).map(cursorIdOf)
  const { killed, notFound } = c.cursors.kill(ids)
  return {
    cursorsKilled: killed.map((n) => Long.fromNumber(n)),
    cursorsNotFound: notFound.map((n) => Long.fromNumber(n)),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  }
}

function count(c: CommandContext): Document {
  const name = checkCollectionName(c.db, c.cmd.count)
  const coll = c.engine.catalog.get(c.db, name)
  checkHint(coll, c.cmd.hint)
  const query = optionalObject(c, 'query')
  const skip = optionalCount(c, 'skip') ?? 0
  const limit = Math.abs(optionalCount(c, 'limit', true) ?? 0)
  let n: number
  if (!query || Object.keys(query).length === 0) n = coll?.docs.size ?? 0
  else n = matching(c, coll, query, Infinity, optionalObject(c, 'collation')).length
  n = Math.max(0, n - skip)
  if (limit > 0) n = Math.min(n, limit)
  return { n, ok: 1 }
}

function distinct(c: CommandContext): Document {
  const name = checkCollectionName(c.db, c.cmd.distinct)
  if (typeof c.cmd.key !== 'string')
    fail(Codes.TypeMismatch, "BSON field 'distinct.key' is missing but a required field")
  const coll = c.engine.catalog.get(c.db, name)
  const key = c.cmd.key
  const seen = new Set<string>()
  const values: unknown[] = []
  for (const doc of matching(
    c,
    coll,
    optionalObject(c, 'query'),
    Infinity,
    optionalObject(c, 'collation'),
  )) {
    for (const v of distinctValues(doc, key)) {
      const k = keyOf(v)
      if (seen.has(k)) continue
      seen.add(k)
      values.push(v)
    }
  }
  return { values, ok: 1 }
}

/** distinct unwinds arrays at the end of the path (one level) and skips missing fields. */
function distinctValues(doc: Document, key: string): unknown[] {
  return valuesAtPath(doc, key).filter((v) => !Array.isArray(v))
}

export const readCommands: Record<string, Handler> = { find, getMore, killCursors, count, distinct }
