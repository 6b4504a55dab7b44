import { ObjectId } from 'bson'
import { MongoCommandError } from '../../../../cloud/embedded-db/src/errors'
import {
  applyUpdate,
  buildUpsert,
  changed,
  upsertBase,
} from '../../../../cloud/embedded-db/src/engine/update'

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn()
  } catch (e) {
    return e instanceof MongoCommandError ? e.code : -1
  }
  return undefined
}

const doc = { _id: 1, s: 'x', n: 2, arr: [1, 2], sub: { a: 1 } }

describe('applyUpdate', () => {
  it('returns a new document and leaves the original untouched', () => {
    const after = applyUpdate(doc, { u: { $set: { 'sub.a': 5 }, $push: { arr: 3 } }, query: {} })
    expect(after).toEqual({ _id: 1, s: 'x', n: 2, arr: [1, 2, 3], sub: { a: 5 } })
    expect(doc.sub.a).toBe(1)
    expect(doc.arr).toEqual([1, 2])
  })

  it('maps mingo leniency to MongoDB error codes', () => {
    expect(codeOf(() => applyUpdate(doc, { u: { $inc: { s: 1 } }, query: {} }))).toBe(14)
    expect(codeOf(() => applyUpdate(doc, { u: { $mul: { n: 'a' } }, query: {} }))).toBe(14)
    expect(codeOf(() => applyUpdate(doc, { u: { $push: { n: 1 } }, query: {} }))).toBe(2)
    expect(codeOf(() => applyUpdate(doc, { u: { $addToSet: { s: 1 } }, query: {} }))).toBe(2)
    expect(codeOf(() => applyUpdate(doc, { u: { $pop: { s: 1 } }, query: {} }))).toBe(14)
    expect(codeOf(() => applyUpdate(doc, { u: { $set: { 's.deep': 1 } }, query: {} }))).toBe(28)
    expect(
      codeOf(() => applyUpdate(doc, { u: { $set: { a: 1 }, $unset: { a: '' } }, query: {} })),
    ).toBe(40)
    expect(codeOf(() => applyUpdate(doc, { u: { $unset: { _id: '' } }, query: {} }))).toBe(66)
    expect(codeOf(() => applyUpdate(doc, { u: { $nope: { a: 1 } }, query: {} }))).toBe(9)
  })

  it('replaces the whole document but keeps _id first', () => {
    expect(applyUpdate(doc, { u: { z: 1 }, query: {} })).toEqual({ _id: 1, z: 1 })
    expect(Object.keys(applyUpdate(doc, { u: { z: 1, _id: 1 }, query: {} }))).toEqual(['_id', 'z'])
    expect(codeOf(() => applyUpdate(doc, { u: { _id: 2 }, query: {} }))).toBe(66)
  })

  it('ignores $setOnInsert when updating an existing document', () => {
    expect(
      applyUpdate(doc, { u: { $setOnInsert: { fresh: true }, $inc: { n: 1 } }, query: {} }),
    ).toEqual({ ...doc, n: 3 })
  })

  it('applies positional and filtered positional updates', () => {
    const d = { _id: 1, a: [{ k: 1 }, { k: 2 }] }
    expect(applyUpdate(d, { u: { $set: { 'a.$.v': 1 } }, query: { 'a.k': 2 } }).a).toEqual([
      { k: 1 },
      { k: 2, v: 1 },
    ])
    expect(applyUpdate(d, { u: { $inc: { 'a.$[].k': 10 } }, query: {} }).a).toEqual([
      { k: 11 },
      { k: 12 },
    ])
    expect(
      applyUpdate(d, { u: { $set: { 'a.$[x].m': 0 } }, query: {}, arrayFilters: [{ 'x.k': 1 }] }).a,
    ).toEqual([{ k: 1, m: 0 }, { k: 2 }])
  })

  it('runs pipeline updates with aggregation expressions', () => {
    expect(applyUpdate(doc, { u: [{ $set: { m: { $multiply: ['$n', 10] } } }], query: {} }).m).toBe(
      20,
    )
  })

  it('detects whether anything changed', () => {
    expect(changed(doc, applyUpdate(doc, { u: { $set: { n: 2 } }, query: {} }))).toBe(false)
    expect(changed(doc, applyUpdate(doc, { u: { $set: { n: 3 } }, query: {} }))).toBe(true)
  })
})

describe('upserts', () => {
  it('copy equality fields from the query, including $eq and $and, but not other operators', () => {
    expect(
      upsertBase({
        a: 1,
        'b.c': 2,
        d: { $gt: 1 },
        e: { $eq: 5 },
        $and: [{ f: 'x' }],
        $or: [{ g: 1 }],
      }),
    ).toEqual({ a: 1, b: { c: 2 }, e: 5, f: 'x' })
  })

  it('apply $setOnInsert and take _id from the query', () => {
    expect(
      buildUpsert({ u: { $inc: { n: 1 }, $setOnInsert: { c: true } }, query: { _id: 'k' } }),
    ).toEqual({ _id: 'k', n: 1, c: true })
  })

  it('generate an ObjectId _id first when none is given', () => {
    const d = buildUpsert({ u: { $set: { a: 1 } }, query: { k: 2 } })
    expect(Object.keys(d)).toEqual(['_id', 'k', 'a'])
    expect(d._id).toBeInstanceOf(ObjectId)
  })

  it('use a replacement document with the query _id', () => {
    expect(buildUpsert({ u: { v: 1 }, query: { _id: 3, other: 1 } })).toEqual({ _id: 3, v: 1 })
  })

  it('still reject type errors against values taken from the query', () => {
    expect(codeOf(() => buildUpsert({ u: { $inc: { s: 1 } }, query: { s: 'x' } }))).toBe(14)
  })
})
