/** findAndModify: one document, atomically; errors (incl. E11000) are command errors. */
import type { Document } from 'bson'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import { folds, normalizeFilter, runFind } from '../engine/query'
import { applyUpdate, buildUpsert, changed } from '../engine/update'
import { keyOf } from '../engine/values'
import type { CommandContext, Handler } from './context'
import { checkHint } from './reads'
import { applyOrThrow, withLockWait } from './write-support'

function project(doc: Document | null, fields: Document | undefined): Document | null {
  if (!doc || !fields || Object.keys(fields).length === 0) return doc
  return runFind([doc], { projection: fields })[0] ?? null
}

function step(c: CommandContext, name: string): Document {
  const cmd = c.cmd
  const query = (cmd.query ?? {}) as Document
  const remove = cmd.remove === true
  const update = cmd.update as Document | Document[] | undefined
  if (remove && update !== undefined)
    fail(Codes.FailedToParse, 'Cannot specify both an update and remove=true')
  if (!remove && update === undefined)
    fail(Codes.FailedToParse, 'Either an update or remove=true must be specified')
  if (remove && cmd.upsert === true)
    fail(Codes.FailedToParse, 'Cannot specify both upsert=true and remove=true ')
  if (remove && cmd.new === true)
    fail(
      Codes.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    )
  const coll = c.engine.catalog.get(c.db, name)
  checkHint(coll, cmd.hint)
  const sort = cmd.sort as Document | undefined
  const collation = cmd.collation as Document | undefined
  const selected = c.engine.select(coll, normalizeFilter(query), c.txn, {
    sort,
    limit: 1,
    fold: folds(collation),
  })
  const found = runFind(
    selected.docs,
    { filter: query, sort, limit: 1, collation, variables: cmd.let as Document | undefined },
    coll,
    selected.sorted,
  )[0]
  const fields = cmd.fields as Document | undefined
  if (remove) {
    if (!found || !coll) return { lastErrorObject: { n: 0 }, value: null, ok: 1 }
    applyOrThrow(c, coll, [{ id: keyOf(found._id), after: null, isInsert: false }])
    return { lastErrorObject: { n: 1 }, value: project(found, fields), ok: 1 }
  }
  const input = {
    u: update as Document,
    query,
    arrayFilters: cmd.arrayFilters as Document[] | undefined,
    variables: cmd.let as Document | undefined,
  }
  if (!found) {
    if (cmd.upsert !== true)
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 }
    const doc = buildUpsert(input)
    applyOrThrow(c, c.engine.catalog.ensure(c.db, name, c.writes.effects), [
      { id: keyOf(doc._id), after: doc, isInsert: true },
    ])
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: cmd.new === true ? project(doc, fields) : null,
      ok: 1,
    }
  }
  const after = applyUpdate(found, input)
  if (changed(found, after) && coll)
    applyOrThrow(c, coll, [{ id: keyOf(found._id), after, isInsert: false }])
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: project(cmd.new === true ? after : found, fields),
    ok: 1,
  }
}

async function findAndModify(c: CommandContext): Promise<Document> {
  const name = checkCollectionName(c.db, c.cmd.findAndModify ?? c.cmd.findandmodify)
  return withLockWait(c, () => step(c, name))
}

export const findAndModifyCommands: Record<string, Handler> = {
  findAndModify,
  findandmodify: findAndModify,
}
