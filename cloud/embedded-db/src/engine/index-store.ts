/**
 * One index: a hash map from the leading field's value to document ids (equality and $in),
 * per-type sorted distinct keys (range scans), and for unique indexes a map from the full
 * compound key to the owning document id (uniqueness checks in O(1)).
 */
import type { Query } from 'mingo'
import { compileFilter } from './query'
import type { Document } from 'bson'
import { compareSameClass, keyOf, typeClass, valuesAtPath } from './values'

type TypeClass = NonNullable<ReturnType<typeof typeClass>>
interface LeadEntry {
  value: unknown
  ids: Set<string>
}
export interface IndexKey {
  full: string
  values: unknown[]
}
export interface RangeBound {
  value: unknown
  inclusive: boolean
}

const SPLICE_LIMIT = 4096
const SPECIAL_KINDS = new Set(['text', '2d', '2dsphere', 'hashed', 'geoHaystack'])

export class IndexStore {
  readonly name: string
  readonly fields: string[]
  readonly unique: boolean
  readonly sparse: boolean
  /** text/geo/hashed indexes are recorded and listed but never maintained nor used. */
  readonly special: boolean
  readonly partial?: Query
  private readonly lead = new Map<string, LeadEntry>()
  private readonly sorted = new Map<TypeClass, { value: unknown; key: string }[]>()
  private readonly owners = new Map<string, string>()

  constructor(readonly spec: Document) {
    this.name = spec.name as string
    this.fields = Object.keys(spec.key as Document)
    this.special = Object.values(spec.key as Document).some(
      (v) => typeof v === 'string' && SPECIAL_KINDS.has(v),
    )
    this.unique = spec.unique === true && !this.special
    this.sparse = spec.sparse === true
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression)
  }

  get isId(): boolean {
    return this.name === '_id_'
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

  add(id: string, doc: Document): void {
    if (!this.covers(doc)) return
    for (const v of leadValues(doc, this.fields[0])) this.addLead(v, id)
    if (this.unique && !this.isId) for (const k of this.keys(doc)) this.owners.set(k.full, id)
  }

  remove(id: string, doc: Document): void {
    if (!this.covers(doc)) return
    for (const v of leadValues(doc, this.fields[0])) this.removeLead(v, id)
    if (this.unique && !this.isId) {
      for (const k of this.keys(doc)) if (this.owners.get(k.full) === id) this.owners.delete(k.full)
    }
  }

  /** The id owning a full key in the committed state, if any. */
  owner(full: string): string | undefined {
    return this.owners.get(full)
  }

  lookup(value: unknown): Iterable<string> {
    return this.lead.get(keyOf(value))?.ids ?? []
  }

  /** Ids whose leading value lies within the bounds (both bounds of the same type class). */
  range(cls: TypeClass, lower?: RangeBound, upper?: RangeBound): string[] {
    const arr = this.sortedKeys(cls)
    let i = lower ? lowerBound(arr, lower.value) : 0
    if (lower && !lower.inclusive) {
      while (i < arr.length && compareSameClass(arr[i].value, lower.value) === 0) i++
    }
    const out: string[] = []
    for (; i < arr.length; i++) {
      if (upper) {
        const c = compareSameClass(arr[i].value, upper.value)
        if (c > 0 || (c === 0 && !upper.inclusive)) break
      }
      for (const id of this.lead.get(arr[i].key)?.ids ?? []) out.push(id)
    }
    return out
  }

  private addLead(value: unknown, id: string): void {
    const key = keyOf(value)
    const entry = this.lead.get(key)
    if (entry) {
      entry.ids.add(id)
      return
    }
    this.lead.set(key, { value, ids: new Set([id]) })
    const cls = typeClass(value)
    if (!cls) return
    const arr = this.sorted.get(cls)
    if (!arr) return // rebuilt on the next range scan
    const i = lowerBound(arr, value)
    // Appends (increasing ids, dates, counters) stay O(1); a middle insert into a big array
    // would be O(n) per write, so the array is dropped and rebuilt lazily instead.
    if (i === arr.length || arr.length < SPLICE_LIMIT) arr.splice(i, 0, { value, key })
    else this.sorted.delete(cls)
  }

  private removeLead(value: unknown, id: string): void {
    const key = keyOf(value)
    const entry = this.lead.get(key)
    if (!entry) return
    entry.ids.delete(id)
    if (entry.ids.size > 0) return
    this.lead.delete(key)
    const cls = typeClass(value)
    const arr = cls && this.sorted.get(cls)
    if (!arr) return
    const i = lowerBound(arr, value)
    if (i === arr.length - 1 || arr.length < SPLICE_LIMIT) {
      if (i < arr.length && arr[i].key === key) arr.splice(i, 1)
    } else this.sorted.delete(cls)
  }

  private sortedKeys(cls: TypeClass): { value: unknown; key: string }[] {
    let arr = this.sorted.get(cls)
    if (arr) return arr
    arr = []
    for (const [key, e] of this.lead)
      if (typeClass(e.value) === cls) arr.push({ value: e.value, key })
    arr.sort((a, b) => compareSameClass(a.value, b.value))
    this.sorted.set(cls, arr)
    return arr
  }
}

function lowerBound(arr: { value: unknown }[], value: unknown): number {
  let lo = 0
  let hi = arr.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareSameClass(arr[mid].value, value) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
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
