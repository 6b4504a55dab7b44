import { Decimal128, Long, MaxKey, MinKey, ObjectId, type Document } from 'bson'
import { randomBytes } from 'node:crypto'
import { Query as MingoQuery } from 'mingo'
import {
  compareBson,
  compareObjectIds,
  sortDocuments,
} from '../../../../cloud/embedded-db/src/engine/bson-order'
import {
  compileMatcher,
  runFind,
  topLevelProjection,
} from '../../../../cloud/embedded-db/src/engine/query'
import { clone, idFirst } from '../../../../cloud/embedded-db/src/engine/values'
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

  it('orders ObjectIds by their bytes', () => {
    for (let i = 0; i < 2000; i++) {
      const a = new ObjectId(randomBytes(12))
      const b = i % 5 === 0 ? new ObjectId(a.toHexString()) : new ObjectId(randomBytes(12))
      expect(Math.sign(compareObjectIds(a, b))).toBe(Math.sign(Buffer.compare(a.id, b.id)))
    }
  })
})

describe('$in and $nin', () => {
  const docs = [
    { _id: 1, v: 'a' },
    { _id: 2, v: ['b', 'x'] },
    { _id: 3, v: null },
    { _id: 4 },
    { _id: 5, v: [['a']] },
    { _id: 6, v: 'apple' },
    { _id: 7, v: { k: 1 } },
    { _id: 8, v: [null, 'c'] },
    { _id: 9, v: new Date(5) },
  ]
  const lists: unknown[][] = [
    ['a', 'b'],
    [null],
    ['z'],
    [/^ap/, 'c'],
    [['a']],
    [{ k: 1 }],
    [new Date(5)],
    [],
  ]

  it('match what the operators of mingo itself match', () => {
    for (const list of lists) {
      for (const op of ['$in', '$nin']) {
        const filter = { v: { [op]: list } }
        const mine = runFind(docs, { filter }).map((d) => d._id)
        const theirs = new MingoQuery(filter)
          .find(docs)
          .all()
          .map((d) => (d as { _id: number })._id)
        expect({ filter, ids: mine }).toEqual({ filter, ids: theirs })
      }
    }
  })
})

describe('projections of whole top-level fields', () => {
  it('give what the projection of mingo gives, field order included', () => {
    let seed = 3
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const FIELDS = ['a', 'b', 'Z', '0', '10', 'tags', 'sub', 'n']
    const VALUES = [1, 'x', null, [1, [2]], { k: [1, { m: 2 }] }, new Date(3), new ObjectId(), []]
    let checked = 0
    for (let i = 0; i < 600; i++) {
      const doc: Record<string, unknown> = { _id: i }
      for (const f of FIELDS) if (rand() < 0.7) doc[f] = VALUES[Math.floor(rand() * VALUES.length)]
      const on = rand() < 0.5
      const projection: Record<string, unknown> = {}
      for (const f of FIELDS) if (rand() < 0.3) projection[f] = on ? (rand() < 0.5 ? 1 : true) : 0
      const id = rand()
      if (id < 0.3) projection._id = 0
      else if (id < 0.45) projection._id = on ? 1 : false
      const fast = topLevelProjection(projection)
      if (!fast) continue
      checked++
      const mine = fast(doc)
      const theirs = idFirst(new MingoQuery({}).find([clone(doc)], projection).all()[0] as Document)
      expect({ projection, keys: Object.keys(mine) }).toEqual({
        projection,
        keys: Object.keys(theirs),
      })
      expect(mine).toEqual(theirs)
    }
    expect(checked).toBeGreaterThan(300)
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
