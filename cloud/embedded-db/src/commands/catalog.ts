/** create / drop / dropDatabase / listCollections / collMod and the index commands. */
import type { Document } from 'bson'
import { Query } from 'mingo'
import { Codes, fail } from '../errors'
import { checkCollectionName } from '../engine/catalog'
import { compileFilter } from '../engine/query'
import { ID_INDEX_SPEC, type Collection } from '../engine/collection'
import { keyOf } from '../engine/values'
import type { CommandContext, Handler } from './context'

const CREATE_OPTIONS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'storageEngine',
  'indexOptionDefaults',
  'comment',
  'writeConcern',
  'changeStreamPreAndPostImages',
])
const UNSUPPORTED_CREATE = [
  'capped',
  'viewOn',
  'pipeline',
  'timeseries',
  'clusteredIndex',
  'expireAfterSeconds',
  'encryptedFields',
]

function collName(c: CommandContext, field: string): string {
  return checkCollectionName(c.db, c.cmd[field])
}

function create(c: CommandContext): Document {
  const name = collName(c, 'create')
  const options: Document = {}
  for (const [k, v] of Object.entries(c.cmd)) {
    if (
      k === 'create' ||
      k.startsWith('$') ||
      k === 'lsid' ||
      k === 'txnNumber' ||
      k === 'autocommit' ||
      k === 'startTransaction'
    )
      continue
    if (UNSUPPORTED_CREATE.includes(k)) {
      if (k === 'capped' && v === false) continue
      fail(Codes.NotImplemented, `create option '${k}' is not supported by the embedded server`)
    }
    if (!CREATE_OPTIONS.has(k))
      fail(Codes.InvalidOptions, `BSON field 'create.${k}' is an unknown field.`)
    if (k !== 'comment' && k !== 'writeConcern') options[k] = v
  }
  if (options.validator) compileFilter(options.validator as Document) // fail early on a bad validator
  c.engine.catalog.create(c.db, name, options, c.writes.effects)
  return { ok: 1 }
}

function drop(c: CommandContext): Document {
  const name = collName(c, 'drop')
  const coll = c.engine.catalog.get(c.db, name)
  if (!coll) fail(Codes.NamespaceNotFound, 'ns not found')
  const nIndexesWas = coll.indexes.length
  c.engine.catalog.drop(c.db, name, c.writes.effects)
  return { nIndexesWas, ns: coll.ns, ok: 1 }
}

function dropDatabase(c: CommandContext): Document {
  c.engine.catalog.dropDatabase(c.db, c.writes.effects)
  return { ok: 1 }
}

function listCollections(c: CommandContext): Document {
  const filter = c.cmd.filter ? new Query(c.cmd.filter as Document) : undefined
  const out: Document[] = []
  for (const coll of c.engine.catalog.dbs.get(c.db)?.values() ?? []) {
    const entry: Document = {
      name: coll.name,
      type: 'collection',
      options: coll.options,
      info: { readOnly: false },
      idIndex: ID_INDEX_SPEC,
    }
    if (filter && !filter.test(entry)) continue
    out.push(c.cmd.nameOnly ? { name: coll.name, type: 'collection' } : entry)
  }
  const batchSize = (c.cmd.cursor as Document | undefined)?.batchSize as number | undefined
  return c.cursors.first(`${c.db}.$cmd.listCollections`, out, batchSize, false, c.session?.id)
}

function collMod(c: CommandContext): Document {
  const coll = c.engine.catalog.get(c.db, collName(c, 'collMod'))
  if (!coll) fail(Codes.NamespaceNotFound, 'ns does not exist')
  const next = { ...coll.options }
  for (const k of ['validator', 'validationLevel', 'validationAction'])
    if (k in c.cmd) next[k] = c.cmd[k]
  for (const k of Object.keys(c.cmd)) {
    if (k === 'index' || k === 'viewOn' || k === 'pipeline' || k === 'expireAfterSeconds') {
      fail(Codes.NotImplemented, `collMod option '${k}' is not supported by the embedded server`)
    }
  }
  coll.setOptions(next)
  // Replaying createCollection over an existing collection updates its options (catalog.replay).
  c.writes.effects.push({ op: 'createCollection', db: coll.db, coll: coll.name, options: next })
  return { ok: 1 }
}

/** renameCollection: `{ renameCollection: 'db.from', to: 'db.to', dropTarget? }` on admin. */
function renameCollection(c: CommandContext): Document {
  const split = (ns: unknown): [string, string] => {
    const s = String(ns)
    const dot = s.indexOf('.')
    if (dot <= 0) fail(Codes.InvalidNamespace, `Invalid namespace specified '${s}'`)
    return [s.slice(0, dot), checkCollectionName(s.slice(0, dot), s.slice(dot + 1))]
  }
  const [fromDb, fromName] = split(c.cmd.renameCollection)
  const [toDb, toName] = split(c.cmd.to)
  const catalog = c.engine.catalog
  const source = catalog.get(fromDb, fromName)
  if (!source) fail(Codes.NamespaceNotFound, 'Source collection does not exist')
  if (fromDb === toDb && fromName === toName)
    fail(Codes.IllegalOperation, "Can't rename a collection to itself")
  if (catalog.get(toDb, toName)) {
    if (c.cmd.dropTarget !== true) fail(Codes.NamespaceExists, 'target namespace exists')
    catalog.drop(toDb, toName, c.writes.effects)
  }
  const target = catalog.create(toDb, toName, source.options, c.writes.effects)
  for (const ix of source.indexes) if (!ix.isId) c.engine.createIndex(c.writes, target, ix.spec)
  for (const [id, doc] of source.docs) {
    target.put(id, doc)
    c.writes.effects.push({ op: 'put', db: toDb, coll: toName, doc })
  }
  catalog.drop(fromDb, fromName, c.writes.effects)
  return { ok: 1 }
}

const INDEX_OPTIONS = [
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
]
const COMPARED = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation']

/** The spec as listIndexes reports it (text keys become _fts/_ftsx like MongoDB). */
function normalizeSpec(raw: Document): Document {
  const key = raw.key as Document | undefined
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    fail(Codes.CannotCreateIndex, 'Index keys cannot be empty.')
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0)
    fail(Codes.CannotCreateIndex, 'index name must be a non-empty string')
  for (const [f, v] of Object.entries(key)) {
    const ok =
      v === 1 ||
      v === -1 ||
      (typeof v === 'number' && v !== 0) ||
      ['text', '2d', '2dsphere', 'hashed'].includes(v as string)
    if (!ok)
      fail(
        Codes.CannotCreateIndex,
        `Values in the index key pattern can contain only 1, -1, "text", "2d", "2dsphere" or "hashed": ${f}: ${String(v)}`,
      )
  }
  const spec: Document = { v: 2, key, name: raw.name }
  for (const k of INDEX_OPTIONS) if (raw[k] !== undefined) spec[k] = raw[k]
  const textFields = Object.keys(key).filter((f) => key[f] === 'text')
  if (textFields.length > 0) {
    const rest = Object.fromEntries(Object.entries(key).filter(([, v]) => v !== 'text'))
    spec.key = { _fts: 'text', _ftsx: 1, ...rest }
    spec.weights = spec.weights ?? Object.fromEntries(textFields.map((f) => [f, 1]))
    spec.default_language = spec.default_language ?? 'english'
    spec.language_override = spec.language_override ?? 'language'
    spec.textIndexVersion = spec.textIndexVersion ?? 3
  }
  if (spec.expireAfterSeconds !== undefined && typeof spec.expireAfterSeconds !== 'number') {
    fail(Codes.CannotCreateIndex, 'TTL index expireAfterSeconds must be a number')
  }
  return spec
}

function createIndexes(c: CommandContext): Document {
  const name = collName(c, 'createIndexes')
  const specs = c.cmd.indexes
  if (!Array.isArray(specs) || specs.length === 0)
    fail(Codes.BadValue, 'Must specify at least one index to create')
  const existed = c.engine.catalog.get(c.db, name)
  const coll = existed ?? c.engine.catalog.ensure(c.db, name, c.writes.effects)
  const before = coll.indexes.length
  const todo = specs
    .map((s: Document) => normalizeSpec(s))
    .filter((s: Document) => !alreadyThere(coll, s))
  for (const spec of todo) c.engine.createIndex(c.writes, coll, spec)
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
    createdCollectionAutomatically: !existed,
    ok: 1,
  }
  if (todo.length === 0) reply.note = 'all indexes already exist'
  return reply
}

function alreadyThere(coll: Collection, spec: Document): boolean {
  const sameOpts = (a: Document, b: Document): boolean =>
    COMPARED.every((k) => keyOf(a[k] ?? null) === keyOf(b[k] ?? null))
  const byName = coll.index(spec.name as string)
  if (byName) {
    if (keyOf(byName.spec.key) === keyOf(spec.key) && sameOpts(byName.spec, spec)) return true
    fail(
      Codes.IndexKeySpecsConflict,
      `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName.spec)}`,
    )
  }
  const byKey = coll.indexes.find((i) => keyOf(i.spec.key) === keyOf(spec.key))
  if (byKey) {
    if (sameOpts(byKey.spec, spec))
      fail(Codes.IndexOptionsConflict, `Index already exists with a different name: ${byKey.name}`)
    fail(
      Codes.IndexOptionsConflict,
      `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byKey.spec)}`,
    )
  }
  return false
}

function listIndexes(c: CommandContext): Document {
  const coll = c.engine.catalog.get(c.db, collName(c, 'listIndexes'))
  if (!coll)
    fail(Codes.NamespaceNotFound, `ns does not exist: ${c.db}.${String(c.cmd.listIndexes)}`)
  const batchSize = (c.cmd.cursor as Document | undefined)?.batchSize as number | undefined
  return c.cursors.first(
    coll.ns,
    coll.indexes.map((i) => i.spec),
    batchSize,
    false,
    c.session?.id,
  )
}

function dropIndexes(c: CommandContext): Document {
  const coll = c.engine.catalog.get(c.db, collName(c, 'dropIndexes'))
  if (!coll) fail(Codes.NamespaceNotFound, `ns not found ${c.db}.${String(c.cmd.dropIndexes)}`)
  const nIndexesWas = coll.indexes.length
  const target = c.cmd.index
  let names: string[]
  if (target === '*') names = coll.indexes.filter((i) => !i.isId).map((i) => i.name)
  else if (typeof target === 'string') names = [target]
  else if (Array.isArray(target)) names = target as string[]
  else if (target && typeof target === 'object') {
    const hit = coll.indexes.find((i) => keyOf(i.spec.key) === keyOf(target))
    if (!hit) fail(Codes.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`)
    names = [hit.name]
  } else fail(Codes.BadValue, "'index' must be a string, an array of strings or a key pattern")
  for (const n of names) {
    if (n === '_id_') fail(Codes.InvalidOptions, 'cannot drop _id index')
    if (!coll.index(n)) fail(Codes.IndexNotFound, `index not found with name [${n}]`)
  }
  for (const n of names) {
    coll.dropIndex(n)
    c.writes.effects.push({ op: 'dropIndex', db: coll.db, coll: coll.name, name: n })
  }
  return { nIndexesWas, ok: 1 }
}

export const catalogCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  collMod,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
}
