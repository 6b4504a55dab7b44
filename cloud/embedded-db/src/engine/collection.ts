/** A collection's committed state: documents by canonical _id key, plus its indexes. */
import type { Document } from 'bson'
import type { Query } from 'mingo'
import { compileFilter } from './query'
import { Codes, MongoCommandError, fail } from '../errors'
import { IndexStore, type IndexKey } from './index-store'
import type { OrderedKeys } from './ordered-keys'
import { PlanCache } from './plan-cache'
import { keyOf, renderValue } from './values'

export const ID_INDEX_SPEC = { v: 2, key: { _id: 1 }, name: '_id_' }

export class Collection {
  readonly docs = new Map<string, Document>()
  readonly indexes: IndexStore[] = [new IndexStore(ID_INDEX_SPEC)]
  /** Record number per document: ties in index order follow insertion order (MongoDB's RecordId). */
  private readonly records = new Map<string, number>()
  private nextRecord = 1
  /** The planner's choices by query shape (see plan-cache.ts); cleared when indexes change. */
  readonly planCache = new PlanCache()
  private validator?: Query

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Document = {},
  ) {
    this.setOptions(options)
  }

  get ns(): string {
    return `${this.db}.${this.name}`
  }

  setOptions(options: Document): void {
    this.options = options
    this.validator = options.validator ? compileFilter(options.validator as Document) : undefined
  }

  /** code 121 when a collection validator (validationLevel strict) rejects the document. */
  validate(doc: Document): void {
    if (!this.validator || this.options.validationLevel === 'off') return
    if (this.options.validationAction === 'warn') return
    if (!this.validator.test(doc)) {
      fail(Codes.DocumentValidationFailure, 'Document failed validation', {
        errInfo: { failingDocumentId: doc._id },
      })
    }
  }

  index(name: string): IndexStore | undefined {
    return this.indexes.find((i) => i.name === name)
  }

  /** Applies a committed write to documents and indexes (no checks: callers checked already). */
  put(id: string, doc: Document): void {
    const prev = this.docs.get(id)
    let record = this.records.get(id)
    if (record === undefined) this.records.set(id, (record = this.nextRecord++))
    this.docs.set(id, doc)
    if (prev) for (const ix of this.indexes) ix.replace(id, prev, doc, record)
    else for (const ix of this.indexes) ix.add(id, doc, record)
  }

  del(id: string): Document | undefined {
    const prev = this.docs.get(id)
    if (!prev) return undefined
    const record = this.records.get(id)
    for (const ix of this.indexes) ix.remove(id, prev, record)
    this.docs.delete(id)
    this.records.delete(id)
    return prev
  }

  /** Every document with its record number (what an index's ordered entries are built from). */
  *withRecords(): Generator<[string, Document, number]> {
    for (const [id, doc] of this.docs) yield [id, doc, this.records.get(id) ?? 0]
  }

  /** The ordered entries of one of this collection's indexes (built on first use). */
  ordered(ix: IndexStore): OrderedKeys {
    return ix.ordered(() => this.withRecords())
  }

  /**
   * Throws E11000 when `doc` (to be stored under `id`) collides on a unique index with a
   * committed document. `isInsert` makes an existing document with the same _id a duplicate;
   * `isLive(otherId)` lets a transaction ignore documents its own overlay changed or deleted.
   */
  checkUnique(
    id: string,
    doc: Document,
    isInsert: boolean,
    isLive: (otherId: string) => boolean = () => true,
  ): void {
    for (const ix of this.indexes) {
      if (ix.isId) {
        if (isInsert && this.docs.has(id) && isLive(id)) {
          throw duplicateKeyError(this.ns, ix, { full: '', values: [doc._id] })
        }
        continue
      }
      if (!ix.unique || !ix.covers(doc)) continue
      for (const k of ix.keys(doc)) {
        const owner = ix.owner(k.full)
        if (owner !== undefined && owner !== id && isLive(owner)) {
          throw duplicateKeyError(this.ns, ix, k)
        }
      }
    }
  }

  /** Builds a new index over the existing documents; E11000 if a unique build finds duplicates. */
  addIndex(spec: Document): IndexStore {
    const ix = new IndexStore(spec)
    if (ix.unique) {
      const seen = new Map<string, string>()
      for (const [id, doc] of this.docs) {
        if (!ix.covers(doc)) continue
        for (const k of ix.keys(doc)) {
          const other = seen.get(k.full)
          if (other !== undefined && other !== id) {
            const err = duplicateKeyError(this.ns, ix, k)
            throw new MongoCommandError(err.code, `Index build failed: ${err.message}`, err.extra)
          }
          seen.set(k.full, id)
        }
      }
    }
    for (const [id, doc] of this.docs) ix.add(id, doc, this.records.get(id))
    this.indexes.push(ix)
    this.planCache.clear()
    return ix
  }

  dropIndex(name: string): void {
    const i = this.indexes.findIndex((x) => x.name === name)
    if (i > 0) this.indexes.splice(i, 1)
    this.planCache.clear()
  }
}

export function duplicateKeyError(ns: string, ix: IndexStore, k: IndexKey): MongoCommandError {
  const keyPattern: Document = { ...(ix.spec.key as Document) }
  const keyValue: Document = {}
  ix.fields.forEach((f, i) => (keyValue[f] = k.values[i] ?? null))
  const rendered = ix.fields.map((f, i) => `${f}: ${renderValue(k.values[i])}`).join(', ')
  return new MongoCommandError(
    Codes.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${ix.name} dup key: { ${rendered} }`,
    { keyPattern, keyValue },
  )
}

export function idKeyOf(doc: Document): string {
  return keyOf(doc._id)
}
