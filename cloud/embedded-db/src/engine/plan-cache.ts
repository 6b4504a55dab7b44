/**
 * The planner's choices by query shape (field names, operators, value types and list lengths,
 * sort, limit size), so repeated queries skip counting index entries for every candidate index.
 * A cached choice is rebuilt with the query's own values and re-checked; it is replanned after
 * REPLAN_AFTER uses or when the collection's size has changed a lot. Any choice yields a superset
 * of the matches, so the cache only affects speed.
 */
import { BSONRegExp, ObjectId, type Document } from 'bson'
import { bsonRank } from './bson-order'
import { isPlainObject } from './values'

export interface CachedPlan {
  /** 'walk' / 'lead' on the named index, or a collection scan. */
  kind: 'walk' | 'lead' | 'collscan'
  index?: string
  sorted: boolean
  /** Collection size when chosen. */
  size: number
  uses: number
}

const REPLAN_AFTER = 256
const MAX_ENTRIES = 500

function tag(v: unknown): string {
  if (v === null) return 'z'
  if (v === undefined) return 'u'
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? 'N' : 'n'
    case 'string':
      return 's'
    case 'boolean':
      return 'b'
  }
  if (v instanceof ObjectId) return 'o'
  if (v instanceof Date) return 'd'
  if (v instanceof RegExp || v instanceof BSONRegExp) return 'r'
  return `#${bsonRank(v)}`
}

/** The filter with every value replaced by its type (lists: their length and element types). */
export function shapeOf(v: unknown): string {
  if (Array.isArray(v)) {
    const types = [...new Set(v.map(shapeOf))].join(',')
    return `[${v.length}:${types}]`
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
    return `{${keys.map((k) => `${JSON.stringify(k)}:${shapeOf(v[k])}`).join(',')}}`
  }
  return tag(v)
}

export function planKey(
  filter: Document,
  sort: Document | undefined,
  limit: number | undefined,
  flags: string,
): string {
  const limitClass = limit ? Math.ceil(Math.log2(limit + 1)) : 0
  return `${shapeOf(filter)}|${JSON.stringify(sort ?? null)}|${limitClass}|${flags}`
}

export class PlanCache {
  private readonly entries = new Map<string, CachedPlan>()

  /** A usable cached choice for `key` on a collection of `size` documents (counts a use). */
  get(key: string, size: number): CachedPlan | undefined {
    const c = this.entries.get(key)
    if (!c) return undefined
    if (++c.uses > REPLAN_AFTER || size > 2 * c.size + 16 || 2 * size + 16 < c.size) {
      this.entries.delete(key)
      return undefined
    }
    return c
  }

  set(key: string, choice: Omit<CachedPlan, 'uses'>): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    this.entries.set(key, { ...choice, uses: 0 })
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }
}
