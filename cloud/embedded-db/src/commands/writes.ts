/** insert / update / delete: per-statement results, writeErrors with ok:1, ordered semantics. */
import { ObjectId, calculateObjectSize, type Document } from 'bson'
import { MAX_BSON_SIZE } from '../wire/framing'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import type { Collection } from '../engine/collection'
import { applyUpdate, buildUpsert, changed, updateKind } from '../engine/update'
import { idFirst, keyOf } from '../engine/values'
import type { CommandContext, Handler } from './context'
import {
  applyOrThrow,
  matching,
  requireArray,
  withLockWait,
  writeError,
  writeReply,
} from './write-support'

function target(
  c: CommandContext,
  field: string,
): { name: string; get: () => Collection | undefined; ensure: () => Collection } {
  const name = checkCollectionName(c.db, c.cmd[field])
  return {
    name,
    get: () => c.engine.catalog.get(c.db, name),
    ensure: () => c.engine.catalog.ensure(c.db, name, c.writes.effects),
  }
}

export function prepareInsert(doc: Document): Document {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    fail(Codes.TypeMismatch, 'document to insert must be an object')
  const d = doc._id === undefined ? { _id: new ObjectId(), ...doc } : idFirst(doc)
  if (Array.isArray(d._id)) fail(Codes.BadValue, "can't use an array for _id")
  if (d._id instanceof RegExp) fail(Codes.BadValue, "can't use a regex for _id")
  const size = calculateObjectSize(d)
  if (size > MAX_BSON_SIZE) {
    fail(
      Codes.BSONObjectTooLarge,
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_SIZE}`,
    )
  }
  return d
}

async function insert(c: CommandContext): Promise<Document> {
  const t = target(c, 'insert')
  const docs = requireArray(c, 'documents')
  const ordered = c.cmd.ordered !== false
  const writeErrors: Document[] = []
  let n = 0
  for (let i = 0; i < docs.length; i++) {
    try {
      const d = prepareInsert(docs[i])
      await withLockWait(c, () =>
        applyOrThrow(c, t.ensure(), [{ id: keyOf(d._id), after: d, isInsert: true }]),
      )
      n++
    } catch (e) {
      writeErrors.push(writeError(i, e))
      if (ordered) break
    }
  }
  return writeReply(n, writeErrors)
}

interface UpdateOutcome {
  n: number
  nModified: number
  upsertedId?: unknown
}

function updateStatement(
  c: CommandContext,
  t: ReturnType<typeof target>,
  st: Document,
): UpdateOutcome {
  const u = st.u as Document | Document[]
  if (u === undefined)
    fail(Codes.FailedToParse, "BSON field 'update.updates.u' is missing but a required field")
  const multi = st.multi === true
  if (multi && updateKind(u) === 'replacement')
    fail(Codes.FailedToParse, 'multi update is not supported for replacement-style update')
  const query = (st.q ?? {}) as Document
  const input = {
    u,
    query,
    arrayFilters: st.arrayFilters as Document[] | undefined,
    variables: c.cmd.let as Document | undefined,
  }
  const coll = t.get()
  const found = matching(c, coll, query, multi ? Infinity : 1, st.collation as Document | undefined)
  if (found.length === 0) {
    if (st.upsert !== true) return { n: 0, nModified: 0 }
    const doc = buildUpsert(input)
    applyOrThrow(c, t.ensure(), [{ id: keyOf(doc._id), after: doc, isInsert: true }])
    return { n: 1, nModified: 0, upsertedId: doc._id }
  }
  const changes = []
  for (const doc of found) {
    const after = applyUpdate(doc, input)
    if (changed(doc, after)) changes.push({ id: keyOf(doc._id), after, isInsert: false })
  }
  const r = c.engine.apply(c.writes, coll as Collection, changes, c.txn)
  if (r.error !== undefined)
    throw Object.assign(r.error as object, { partial: { n: found.length, nModified: r.applied } })
  return { n: found.length, nModified: r.applied }
}

async function update(c: CommandContext): Promise<Document> {
  const t = target(c, 'update')
  const updates = requireArray(c, 'updates')
  const ordered = c.cmd.ordered !== false
  const writeErrors: Document[] = []
  const upserted: Document[] = []
  let n = 0
  let nModified = 0
  for (let i = 0; i < updates.length; i++) {
    try {
      const r = await withLockWait(c, () => updateStatement(c, t, updates[i]))
      n += r.n
      nModified += r.nModified
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId })
    } catch (e) {
      const partial = (e as { partial?: { n: number; nModified: number } }).partial
      if (partial) {
        n += partial.n
        nModified += partial.nModified
      }
      writeErrors.push(writeError(i, e))
      if (ordered) break
    }
  }
  return writeReply(n, writeErrors, { nModified, ...(upserted.length > 0 ? { upserted } : {}) })
}

async function remove(c: CommandContext): Promise<Document> {
  const t = target(c, 'delete')
  const deletes = requireArray(c, 'deletes')
  const ordered = c.cmd.ordered !== false
  const writeErrors: Document[] = []
  let n = 0
  for (let i = 0; i < deletes.length; i++) {
    try {
      const st = deletes[i]
      const limit = Number(st.limit ?? 0)
      if (limit !== 0 && limit !== 1)
        fail(
          Codes.FailedToParse,
          'The limit field in delete objects must be 0 or 1. Got ' + String(st.limit),
        )
      n += await withLockWait(c, () => {
        const coll = t.get()
        const found = matching(
          c,
          coll,
          st.q as Document,
          limit === 1 ? 1 : Infinity,
          st.collation as Document | undefined,
        )
        if (!coll || found.length === 0) return 0
        return applyOrThrow(
          c,
          coll,
          found.map((d) => ({ id: keyOf(d._id), after: null, isInsert: false })),
        )
      })
    } catch (e) {
      writeErrors.push(writeError(i, e))
      if (ordered) break
    }
  }
  return writeReply(n, writeErrors)
}

export const writeCommands: Record<string, Handler> = { insert, update, delete: remove }
