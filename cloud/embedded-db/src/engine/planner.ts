/**
 * Chooses candidate documents for a filter: an index on the first key of an equality, $in or
 * range condition when one exists, else a collection scan. Candidates are a superset; the full
 * filter is always applied afterwards by mingo, so the planner only affects speed, never results.
 */
import type { Document } from 'bson'
import { BSONRegExp } from 'bson'
import type { Collection } from './collection'
import type { IndexStore, RangeBound } from './index-store'
import { isPlainObject, typeClass } from './values'

export interface Plan {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK'
  indexName?: string
  keyPattern?: Document
}

export interface Candidates {
  ids?: Iterable<string>
  plan: Plan
}

type Cond =
  | { kind: 'eq'; values: unknown[] }
  | {
      kind: 'range'
      lower?: RangeBound
      upper?: RangeBound
      cls: NonNullable<ReturnType<typeof typeClass>>
    }

function usableEquality(v: unknown): boolean {
  if (v instanceof RegExp || v instanceof BSONRegExp) return false
  if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) return false
  return true
}

function conditionsOf(filter: Document, out: Map<string, Cond[]>): void {
  for (const [field, v] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) conditionsOf(sub, out)
      continue
    }
    if (field.startsWith('$')) continue
    const list = out.get(field) ?? []
    out.set(field, list)
    if (!isPlainObject(v) || !Object.keys(v).some((k) => k.startsWith('$'))) {
      if (usableEquality(v)) list.push({ kind: 'eq', values: [v] })
      continue
    }
    const ops = v as Document
    if ('$eq' in ops && usableEquality(ops.$eq)) list.push({ kind: 'eq', values: [ops.$eq] })
    if (Array.isArray(ops.$in) && ops.$in.every(usableEquality)) {
      list.push({ kind: 'eq', values: ops.$in })
    }
    const lowOp = '$gt' in ops ? '$gt' : '$gte' in ops ? '$gte' : undefined
    const highOp = '$lt' in ops ? '$lt' : '$lte' in ops ? '$lte' : undefined
    const lowCls = lowOp ? typeClass(ops[lowOp]) : undefined
    const highCls = highOp ? typeClass(ops[highOp]) : undefined
    const cls = lowCls ?? highCls
    if (cls && (!lowOp || lowCls === cls) && (!highOp || highCls === cls)) {
      list.push({
        kind: 'range',
        cls,
        lower: lowOp ? { value: ops[lowOp], inclusive: lowOp === '$gte' } : undefined,
        upper: highOp ? { value: ops[highOp], inclusive: highOp === '$lte' } : undefined,
      })
    }
  }
}

function score(ix: IndexStore, cond: Cond): number {
  if (cond.kind === 'range') return 1
  return ix.isId ? 4 : ix.unique ? 3 : 2
}

export function plan(coll: Collection, filter: Document): Candidates {
  const conds = new Map<string, Cond[]>()
  conditionsOf(filter, conds)
  let best: { ix: IndexStore; cond: Cond; score: number } | undefined
  for (const ix of coll.indexes) {
    if (ix.special || ix.partial) continue
    for (const cond of conds.get(ix.fields[0]) ?? []) {
      // A sparse index has no entry for documents missing the field, which {f: null} must match.
      if (cond.kind === 'eq' && ix.sparse && cond.values.some((v) => v === null)) continue
      const s = score(ix, cond)
      if (!best || s > best.score) best = { ix, cond, score: s }
    }
  }
  if (!best) return { plan: { stage: 'COLLSCAN' } }
  const { ix, cond } = best
  const planInfo: Plan = {
    stage: ix.isId && cond.kind === 'eq' ? 'IDHACK' : 'IXSCAN',
    indexName: ix.name,
    keyPattern: ix.spec.key as Document,
  }
  if (cond.kind === 'range')
    return { ids: ix.range(cond.cls, cond.lower, cond.upper), plan: planInfo }
  if (cond.values.length === 1) return { ids: ix.lookup(cond.values[0]), plan: planInfo }
  const ids = new Set<string>()
  for (const v of cond.values) for (const id of ix.lookup(v)) ids.add(id)
  return { ids, plan: planInfo }
}
