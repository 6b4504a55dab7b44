/** Databases and their collections; turns catalog changes into effects and replays them. */
import type { Document } from 'bson'
import type { CollectionImage, Effect } from '../persistence/types'
import { Codes, fail } from '../errors'
import { Collection, ID_INDEX_SPEC, idKeyOf } from './collection'

const NAME_RE = /^[^\0$]+$/

export function checkCollectionName(db: string, name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    !NAME_RE.test(name) ||
    name.startsWith('.')
  ) {
    fail(Codes.InvalidNamespace, `Invalid collection name: ${String(name)}`)
  }
  if (name.startsWith('system.'))
    fail(Codes.InvalidNamespace, `Invalid system namespace: ${db}.${name}`)
  return name
}

export function checkDbName(db: unknown): string {
  if (typeof db !== 'string' || db.length === 0 || /[/\\. "$\0]/.test(db) || db.length > 63) {
    fail(Codes.InvalidNamespace, `Invalid database name: '${String(db)}'`)
  }
  return db
}

export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>()

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name)
  }

  /** Creates the collection if needed (implicit creation on first write). */
  ensure(db: string, name: string, effects: Effect[]): Collection {
    return this.get(db, name) ?? this.create(db, name, {}, effects)
  }

  create(db: string, name: string, options: Document, effects: Effect[]): Collection {
    checkDbName(db)
    checkCollectionName(db, name)
    if (this.get(db, name)) fail(Codes.NamespaceExists, `Collection ${db}.${name} already exists.`)
    let colls = this.dbs.get(db)
    if (!colls) this.dbs.set(db, (colls = new Map()))
    const coll = new Collection(db, name, options)
    colls.set(name, coll)
    effects.push({ op: 'createCollection', db, coll: name, options })
    return coll
  }

  drop(db: string, name: string, effects: Effect[]): boolean {
    const colls = this.dbs.get(db)
    if (!colls?.delete(name)) return false
    if (colls.size === 0) this.dbs.delete(db)
    effects.push({ op: 'dropCollection', db, coll: name })
    return true
  }

  dropDatabase(db: string, effects: Effect[]): void {
    if (!this.dbs.delete(db)) return
    effects.push({ op: 'dropDatabase', db })
  }

  *collections(): Iterable<Collection> {
    for (const colls of this.dbs.values()) yield* colls.values()
  }

  /** Consistent images for a checkpoint; doc arrays are captured now (documents are immutable). */
  images(): CollectionImage[] {
    return [...this.collections()].map((c) => ({
      db: c.db,
      coll: c.name,
      options: c.options,
      indexes: c.indexes.map((i) => i.spec),
      docs: [...c.docs.values()],
    }))
  }

  load(image: CollectionImage): void {
    const coll = this.create(image.db, image.coll, image.options, [])
    for (const doc of image.docs) coll.put(idKeyOf(doc), doc)
    for (const spec of image.indexes) if (spec.name !== ID_INDEX_SPEC.name) coll.addIndex(spec)
  }

  /** Replays one journalled effect during recovery. */
  replay(e: Effect): void {
    switch (e.op) {
      case 'put':
        this.ensure(e.db, e.coll, []).put(idKeyOf(e.doc), e.doc)
        break
      case 'del':
        this.get(e.db, e.coll)?.del(idKeyOf({ _id: e.id }))
        break
      case 'createCollection': {
        const existing = this.get(e.db, e.coll)
        // collMod journals the new options as a createCollection over the existing collection.
        if (existing) existing.setOptions(e.options)
        else this.create(e.db, e.coll, e.options, [])
        break
      }
      case 'dropCollection':
        this.drop(e.db, e.coll, [])
        break
      case 'createIndex': {
        const coll = this.ensure(e.db, e.coll, [])
        if (!coll.index(e.spec.name as string)) coll.addIndex(e.spec)
        break
      }
      case 'dropIndex':
        this.get(e.db, e.coll)?.dropIndex(e.name)
        break
      case 'dropDatabase':
        this.dropDatabase(e.db, [])
        break
    }
  }
}
