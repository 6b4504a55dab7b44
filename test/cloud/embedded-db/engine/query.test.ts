import { Decimal128, Long, MaxKey, MinKey, ObjectId, type Document } from 'bson'
import { compareBson, sortDocuments } from '../../../../cloud/embedded-db/src/engine/bson-order'
import { compileMatcher, runFind } from '../../../../cloud/embedded-db/src/engine/query'
import { applyUpdate } from '../../../../cloud/embedded-db/src/engine/update'

const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id)

describe('query operators the engine evaluates itself', () => {
  const docs = [
    { _id: 1, v: 5 },
    { _id: 2, v: 'x' },
    { _id: 3, v: [1, 9] },
    { _id: 4 },
    { _id: 5, v: null },
    { _id: 6, v: new Long(1, 0) },
    { _id: 7, v: Decimal128.fromString('5.0') },
  ]

  it('brackets range operators by type and lets any array element match', () => {
    expect(ids(runFind(docs, { filter: { v: { $gt: 4 } } }))).toEqual([1, 3, 7])
    expect(ids(runFind(docs, { filter: { v: { $gte: 'a' } } }))).toEqual([2])
    expect(ids(runFind(docs, { filter: { v: { $gte: null } } }))).toEqual([4, 5])
  })

  it('compares numbers of every BSON type by value for equality', () => {
    expect(ids(runFind(docs, { filter: { v: 5 } }))).toEqual([1, 7])
    expect(ids(runFind(docs, { filter: { v: { $eq: 1 } } }))).toEqual([3, 6])
  })

  it('matches $type by BSON type, including array elements and ObjectIds', () => {
    const d = [
      { _id: 1, o: new ObjectId(), t: ['a', 1] },
      { _id: 2, o: 'str', t: 2 },
    ]
    expect(ids(runFind(d, { filter: { o: { $type: 'objectId' } } }))).toEqual([1])
    expect(ids(runFind(d, { filter: { t: { $type: 'string' } } }))).toEqual([1])
    expect(ids(runFind(d, { filter: { t: { $type: ['number', 'string'] } } }))).toEqual([1, 2])
  })

  it('refuses $type int, long and double, whose distinction it does not keep', () => {
    for (const alias of ['int', 'long', 'double', 1, 16, 18]) {
      expect(() => runFind([{ _id: 1, v: 1 }], { filter: { v: { $type: alias } } })).toThrow(
        expect.objectContaining({ code: 238 }),
      )
    }
  })

  it('folds case for a strength-2 collation only when asked', () => {
    const d = [{ _id: 1, n: 'Ann' }]
    expect(compileMatcher({ n: 'ann' })(d[0])).toBe(false)
    expect(
      compileMatcher({ n: 'ann' }, undefined, undefined, { locale: 'en', strength: 2 })(d[0]),
    ).toBe(true)
  })
})

describe('BSON order', () => {
  it('orders types like MongoDB, strings by code point and arrays by their smallest element', () => {
    const vals = [
      true,
      'b',
      2,
      null,
      new MaxKey(),
      { a: 1 },
      [7],
      new MinKey(),
      new Date(0),
      '😀',
      '～',
    ]
    const label = (v: unknown): unknown =>
      v === null ? 'null' : typeof v === 'object' ? (v as object).constructor.name : v
    const sorted = sortDocuments(
      vals.map((v, i) => ({ _id: i, v })),
      { v: 1 },
    ).map((d) => label(d.v))
    expect(sorted).toEqual([
      'MinKey',
      'null',
      2,
      'Array',
      'b',
      '～',
      '😀',
      'Object',
      true,
      'Date',
      'MaxKey',
    ])
  })

  it('compares Longs beyond 2^53 exactly with numbers', () => {
    expect(compareBson(Long.fromString('9007199254740993'), 9007199254740992)).toBeGreaterThan(0)
  })
})

describe('exact numeric updates', () => {
  it('adds Decimal128 values exactly, keeping the scale', () => {
    const after = applyUpdate(
      { _id: 1, p: Decimal128.fromString('1.10') },
      { u: { $inc: { p: Decimal128.fromString('0.10') } }, query: {} },
    )
    expect(after.p).toBeInstanceOf(Decimal128)
    expect(String(after.p)).toBe('1.20')
  })

  it('increments Longs beyond 2^53 exactly', () => {
    const after = applyUpdate(
      { _id: 1, n: Long.fromString('9007199254740993') },
      { u: { $inc: { n: 1 } }, query: {} },
    )
    expect(String(after.n)).toBe('9007199254740994')
  })
})
