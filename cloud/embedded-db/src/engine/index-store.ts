/**
 * One index: a hash map from the leading field's value to document ids (equality and $in on the
 * first field), for unique indexes a map from the full compound key to the owning document id
 * (uniqueness checks and full-key lookups in O(1)), and — built on first use, then maintained —
 * the ordered entries of every full key (compound bounds, ranges and walks in sort order, see
 * ordered-keys.ts). The _id index keeps no hash map: the collection's own map answers equality.
 */
import type { Query } from 'mingo'
import { compileFilter } from './query'
import type { Document } from 'bson'
import { OrderedKeys, type Entry } from './ordered-keys'
import { isPlainObject, keyOf, valuesAtPath } from './values'

export interface IndexKey {
  full: string
  values: unknown[]
}

const SPECIAL_KINDS = new Set(['text', '2d', '2dsphere', 'hashed', 'geoHaystack'])

/** What the ordered part is built from: every committed document with its record number. */
export type DocSource = () => Iterable<[id: string, doc: Document, record: number]>

export class IndexStore {
  readonly name: string
  readonly fields: string[]
  /** 1 or -1 per field (the key pattern's directions). */
  readonly dirs: number[]
  readonly unique: boolean
  readonly sparse: boolean
  /** text/geo/hashed indexes are recorded and listed but never maintained nor used. */
  readonly special: boolean
  readonly partial?: Query
  readonly isId: boolean
  private readonly paths: string[][]
  private readonly lead = new Map<string, Set<string>>()
  private readonly owners = new Map<string, string>()
  private tree?: OrderedKeys
  /** Indexed documents with an array on some indexed path: the index is multikey while > 0. */
  private multikeyDocs = 0

  constructor(readonly spec: Document) {
    this.name = spec.name as string
    this.isId = this.name === '_id_'
    const key = spec.key as Document
    this.fields = Object.keys(key)
    this.dirs = this.fields.map((f) => (typeof key[f] === 'number' && key[f] < 0 ? -1 : 1))
    this.paths = this.fields.map((f) => f.split('.'))
    this.special = Object.values(key).some((v) => typeof v === 'string' && SPECIAL_KINDS.has(v))
    this.unique = spec.unique === true && !this.special
    this.sparse = spec.sparse === true
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression)
  }

  /** Whether some indexed document has an array on an indexed path (sort order is then ambiguous). */
  get multikey(): boolean {
    return this.multikeyDocs > 0
  }

  /** Whether a document has entries in this index at all (sparse / partial filters). */
  covers(doc: Document): boolean {
    if (this.special) return false
    if (this.partial && !this.partial.test(doc)) return false
    if (this.sparse && this.fields.every((f) => valuesAtPath(doc, f).length === 0)) return false
    return true
  }

  /** Full keys of a document: the cartesian product of each field's (multikey) values. */
  keys(doc: Document): IndexKey[] {
    let acc: IndexKey[] = [{ full: '', values: [] }]
    for (const f of this.fields) {
      const vals = fieldKeyValues(doc, f)
      const next: IndexKey[] = []
      for (const a of acc) {
        for (const v of vals)
          next.push({ full: `${a.full}\u0001${keyOf(v)}`, values: [...a.values, v] })
      }
      acc = next
    }
    return dedupe(acc)
  }

  /** The one key tuple of a document without arrays on indexed paths; undefined otherwise. */
  private simpleTuple(doc: Document): unknown[] | undefined {
    const out: unknown[] = []
    for (const parts of this.paths) {
      let v: unknown = doc
      for (const p of parts) {
        if (Array.isArray(v)) return undefined
        v = isPlainObject(v) ? v[p] : undefined
      }
      if (Array.isArray(v)) return undefined
      out.push(v === undefined ? null : v)
    }
    return out
  }

  add(id: string, doc: Document, record = 0): void {
    if (this.covers(doc)) this.insertCovered(id, doc, record)
  }

  remove(id: string, doc: Document, record = 0): void {
    if (this.covers(doc)) this.removeCovered(id, doc, record)
  }

  /** An update of a committed document: entries change only when its indexed values did. */
  replace(id: string, prev: Document, doc: Document, record = 0): void {
    const was = this.covers(prev)
    const is = this.covers(doc)
    if (was && is) {
      const a = this.simpleTuple(prev)
      const b = a && this.simpleTuple(doc)
      // Stored documents are immutable and updates share unchanged values: identity is enough.
      if (a && b && a.every((v, i) => v === b[i])) return
    }
    if (was) this.removeCovered(id, prev, record)
    if (is) this.insertCovered(id, doc, record)
  }

  private insertCovered(id: string, doc: Document, record: number): void {
    if (!this.isId) {
      for (const v of leadValues(doc, this.fields[0])) {
        const key = keyOf(v)
        const ids = this.lead.get(key)
        if (ids) ids.add(id)
        else this.lead.set(key, new Set([id]))
      }
    }
    if (this.unique && !this.isId) for (const k of this.keys(doc)) this.owners.set(k.full, id)
    const simple = this.simpleTuple(doc)
    if (!simple) this.multikeyDocs++
    if (this.tree) for (const k of this.tuples(doc, simple)) this.tree.insert({ k, id, r: record })
  }

  private removeCovered(id: string, doc: Document, record: number): void {
    if (!this.isId) {
      for (const v of leadValues(doc, this.fields[0])) {
        const key = keyOf(v)
        const ids = this.lead.get(key)
        if (!ids) continue
        ids.delete(id)
        if (ids.size === 0) this.lead.delete(key)
      }
    }
    if (this.unique && !this.isId) {
      for (const k of this.keys(doc)) if (this.owners.get(k.full) === id) this.owners.delete(k.full)
    }
    const simple = this.simpleTuple(doc)
    if (!simple) this.multikeyDocs--
    if (this.tree) for (const k of this.tuples(doc, simple)) this.tree.remove({ k, id, r: record })
  }

  private tuples(doc: Document, simple: unknown[] | undefined): unknown[][] {
    return simple ? [simple] : this.keys(doc).map((k) => k.values)
  }

  /** The id owning a full key in the committed state, if any. */
  owner(full: string): string | undefined {
    return this.owners.get(full)
  }

  /** Ids whose leading field equals `value` (or holds it in an array). Not for the _id index. */
  lookup(value: unknown): Iterable<string> {
    return this.lead.get(keyOf(value)) ?? []
  }

  leadCount(value: unknown): number {
    return this.lead.get(keyOf(value))?.size ?? 0
  }

  /** The ordered entries, built from `source` the first time they are needed. */
  ordered(source: DocSource): OrderedKeys {
    if (this.tree) return this.tree
    const tree = new OrderedKeys(this.dirs)
    const entries: Entry[] = []
    for (const [id, doc, r] of source()) {
      if (!this.covers(doc)) continue
      for (const k of this.tuples(doc, this.simpleTuple(doc))) entries.push({ k, id, r })
    }
    tree.load(entries)
    this.tree = tree
    return tree
  }
}

/** Values a field contributes to full keys: array elements (not the array), null when missing. */
function fieldKeyValues(doc: Document, field: string): unknown[] {
  const all = valuesAtPath(doc, field)
  if (all.length === 0) return [null]
  const out = all.filter((v) => !Array.isArray(v))
  // An empty array is indexed as itself (MongoDB uses undefined; equality with [] still finds it).
  return out.length > 0 ? out : [all[0]]
}

/** Values used for planning: arrays themselves and their elements, null when missing. */
function leadValues(doc: Document, field: string): unknown[] {
  const all = valuesAtPath(doc, field)
  return all.length === 0 ? [null] : all
}

function dedupe(keys: IndexKey[]): IndexKey[] {
  const seen = new Set<string>()
  return keys.filter((k) => (seen.has(k.full) ? false : (seen.add(k.full), true)))
}
