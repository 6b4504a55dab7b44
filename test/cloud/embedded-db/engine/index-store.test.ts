import { ObjectId } from 'bson'
import { Collection } from '../../../../cloud/embedded-db/src/engine/collection'
import { IndexStore } from '../../../../cloud/embedded-db/src/engine/index-store'
import type { Interval } from '../../../../cloud/embedded-db/src/engine/bounds'
import { rangesFor, walkIds } from '../../../../cloud/embedded-db/src/engine/index-walk'
import { plan } from '../../../../cloud/embedded-db/src/engine/planner'
import { keyOf } from '../../../../cloud/embedded-db/src/engine/values'
import { MongoCommandError } from '../../../../cloud/embedded-db/src/errors'

function rangeIds(coll: Collection, ix: IndexStore, iv: Interval): string[] {
  return [
    ...walkIds({ ix, tree: coll.ordered(ix), ranges: rangesFor(ix, [], iv), backward: false }),
  ]
}

function put(coll: Collection, doc: Record<string, unknown>): void {
  const id = keyOf(doc._id)
  coll.checkUnique(id, doc, !coll.docs.has(id))
  coll.put(id, doc)
}

describe('IndexStore', () => {
  it('indexes array elements and the array itself for multikey lookups', () => {
    const ix = new IndexStore({ key: { tags: 1 }, name: 'tags_1' })
    ix.add('d1', { tags: ['a', 'b'] })
    expect([...ix.lookup('a')]).toEqual(['d1'])
    expect([...ix.lookup(['a', 'b'])]).toEqual(['d1'])
    ix.remove('d1', { tags: ['a', 'b'] })
    expect([...ix.lookup('a')]).toEqual([])
  })

  it('answers type-bracketed range scans in key order', () => {
    const c = new Collection('d', 'r')
    const ix = c.addIndex({ key: { n: 1 }, name: 'n_1' })
    ;[5, 1, 9, 3, 'x'].forEach((n, i) => put(c, { _id: `d${i}`, n }))
    expect(
      rangeIds(c, ix, { rank: 3, lo: { v: 3, incl: true }, hi: { v: 9, incl: false } }),
    ).toEqual(['d3', 'd0'].map(keyOf))
    expect(rangeIds(c, ix, { rank: 3, lo: { v: 3, incl: false } })).toEqual(['d0', 'd2'].map(keyOf))
    expect(rangeIds(c, ix, { rank: 4 })).toEqual(['d4'].map(keyOf))
  })

  it('orders ObjectIds and dates correctly in ranges, on descending fields too', () => {
    const c = new Collection('d', 'dates')
    const at = c.addIndex({ key: { at: -1 }, name: 'at_-1' })
    put(c, { _id: 'old', at: new Date(1000) })
    put(c, { _id: 'new', at: new Date(5000) })
    expect(rangeIds(c, at, { rank: 10, hi: { v: new Date(2000), incl: true } })).toEqual([
      keyOf('old'),
    ])
    expect(rangeIds(c, at, { rank: 10 })).toEqual(['new', 'old'].map(keyOf))
    const o = c.addIndex({ key: { o: 1 }, name: 'o_1' })
    const a = new ObjectId('000000000000000000000001')
    const b = new ObjectId('000000000000000000000002')
    put(c, { _id: 'b', o: b })
    put(c, { _id: 'a', o: a })
    expect(rangeIds(c, o, { rank: 8, lo: { v: a, incl: false } })).toEqual([keyOf('b')])
  })
})

describe('Collection unique checks', () => {
  it('treats numerically equal values of different representations as duplicates', () => {
    const c = new Collection('d', 'c')
    c.addIndex({ key: { k: 1 }, name: 'k_1', unique: true })
    put(c, { _id: 1, k: 1 })
    expect(() => put(c, { _id: 2, k: 1.0 })).toThrow(MongoCommandError)
  })

  it('rejects the same _id on insert but allows updating a document in place', () => {
    const c = new Collection('d', 'c')
    put(c, { _id: 'x', v: 1 })
    expect(() => c.checkUnique(keyOf('x'), { _id: 'x' }, true)).toThrow(
      /E11000 duplicate key error collection: d.c index: _id_ dup key: \{ _id: "x" \}/,
    )
    expect(() => c.checkUnique(keyOf('x'), { _id: 'x', v: 2 }, false)).not.toThrow()
  })

  it('checks compound unique keys per array element', () => {
    const c = new Collection('d', 'c')
    c.addIndex({ key: { a: 1, b: 1 }, name: 'ab', unique: true })
    put(c, { _id: 1, a: 1, b: [1, 2] })
    put(c, { _id: 2, a: 1, b: [3] })
    expect(() => put(c, { _id: 3, a: 1, b: 2 })).toThrow(MongoCommandError)
  })
})

describe('planner', () => {
  const c = new Collection('d', 'p')
  c.addIndex({ key: { a: 1 }, name: 'a_1' })
  c.addIndex({ key: { s: 1 }, name: 's_1', sparse: true })
  c.addIndex({ key: { p: 1 }, name: 'p_1', partialFilterExpression: { p: { $exists: true } } })
  for (let i = 0; i < 20; i++) put(c, { _id: i, a: i % 4, s: i < 2 ? 'x' : undefined, p: i })

  it('prefers the _id index, then other indexes, for equality and $in', () => {
    expect(plan(c, { _id: 3, a: 1 }).plan.stage).toBe('IDHACK')
    expect([...(plan(c, { a: { $in: [1, 2] } }).ids ?? [])]).toHaveLength(10)
    expect(plan(c, { $and: [{ a: 2 }] }).plan.indexName).toBe('a_1')
  })

  it('never uses a sparse index for null equality nor a partial index at all', () => {
    expect(plan(c, { s: null }).plan.stage).toBe('COLLSCAN')
    expect(plan(c, { p: 4 }).plan.stage).toBe('COLLSCAN')
  })

  it('ignores regular expressions and operator objects it cannot serve', () => {
    expect(plan(c, { a: /1/ }).plan.stage).toBe('COLLSCAN')
    expect(plan(c, { a: { $ne: 1 } }).plan.stage).toBe('COLLSCAN')
  })
})

describe('IndexStore ordered entries at scale', () => {
  it('stay correct through random inserts, updates and deletes', () => {
    const c = new Collection('d', 'scale')
    const ix = c.addIndex({ key: { n: 1 }, name: 'n_1' })
    const live = new Map<string, number>()
    let seed = 7
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 12_000; i++) {
      const id = Math.floor(rand() * 6000)
      if (rand() < 0.8) {
        const n = Math.floor(rand() * 100_000)
        put(c, { _id: id, n })
        live.set(keyOf(id), n)
      } else if (c.del(keyOf(id))) live.delete(keyOf(id))
      // The ordered entries are built on first use, then maintained.
      if (i === 3000) rangeIds(c, ix, { rank: 3 })
    }
    const got = rangeIds(c, ix, {
      rank: 3,
      lo: { v: 20_000, incl: true },
      hi: { v: 40_000, incl: false },
    })
    const want = [...live].filter(([, n]) => n >= 20_000 && n < 40_000)
    expect(new Set(got)).toEqual(new Set(want.map(([id]) => id)))
    const ns = got.map((id) => live.get(id) as number)
    expect(ns).toEqual([...ns].sort((a, b) => a - b))
    expect(c.ordered(ix).size).toBe(live.size)
  })
})
