/**
 * Sort order (https://www.mongodb.com/docs/v7.0/reference/bson-type-comparison-order/), projection
 * (https://www.mongodb.com/docs/v7.0/tutorial/project-fields-from-query-results/, .../projection/slice/,
 * .../projection/elemMatch/, .../projection/positional/) and skip/limit.
 */
import { Binary, type Document, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target

beforeAll(async () => {
  target = await connectTarget('find_sort')
})

afterAll(async () => {
  await target?.close()
})

describe('sort', () => {
  const mixed: Doc[] = [
    { _id: 1, v: 'b' },
    { _id: 2, v: 10 },
    { _id: 3, v: null },
    { _id: 4 },
    { _id: 5, v: { a: 1 } },
    { _id: 6, v: true },
    { _id: 7, v: new Date(0) },
    { _id: 8, v: new ObjectId('000000000000000000000001') },
    { _id: 9, v: 2.5 },
    { _id: 10, v: 'a' },
    { _id: 11, v: new MinKey() },
    { _id: 12, v: new MaxKey() },
    { _id: 13, v: new Binary(Buffer.from([1, 2])) },
    { _id: 14, v: new Timestamp({ t: 1, i: 1 }) },
  ]

  beforeAll(async () => {
    await target.db.collection<Doc>('mixed').insertMany(mixed)
  })

  it('orders mixed types ascending by the BSON comparison order, missing equal to null', async () => {
    const docs = await target.db.collection<Doc>('mixed').find().sort({ v: 1, _id: 1 }).toArray()
    // MinKey, null/missing, numbers, strings, objects, BinData, ObjectId, bool, Date, Timestamp, MaxKey
    expect(docs.map((d) => d._id)).toEqual([11, 3, 4, 9, 2, 10, 1, 5, 13, 8, 6, 7, 14, 12])
  })

  it('reverses the type order for a descending sort', async () => {
    const docs = await target.db.collection<Doc>('mixed').find().sort({ v: -1, _id: 1 }).toArray()
    expect(docs.map((d) => d._id)).toEqual([12, 14, 7, 6, 8, 13, 5, 1, 10, 2, 9, 3, 4, 11])
  })

  it('sorts arrays by their smallest element ascending and largest element descending', async () => {
    const arrays = target.db.collection<Doc>('arrays')
    await arrays.insertMany([
      { _id: 'a', v: [5, 1] },
      { _id: 'b', v: 2 },
      { _id: 'c', v: [3] },
    ])
    const asc = await arrays.find().sort({ v: 1 }).toArray()
    expect(asc.map((d) => d._id)).toEqual(['a', 'b', 'c'])
    const desc = await arrays.find().sort({ v: -1 }).toArray()
    expect(desc.map((d) => d._id)).toEqual(['a', 'c', 'b'])
  })

  it('sorts by a field that the projection leaves out', async () => {
    const docs = await target.db
      .collection<Doc>('mixed')
      .find({ _id: { $in: [1, 2, 9, 10] } }, { projection: { _id: 1 } })
      .sort({ v: -1 })
      .toArray()
    expect(docs).toEqual([{ _id: 1 }, { _id: 10 }, { _id: 2 }, { _id: 9 }])
  })

  it('orders embedded documents pair by pair, field name before value, shorter first', async () => {
    const objects = target.db.collection<Doc>('objects')
    await objects.insertMany([
      { _id: 1, o: { a: 2 } },
      { _id: 2, o: { b: 0 } },
      { _id: 3, o: { a: 1, b: 1 } },
      { _id: 4, o: { a: 1 } },
    ])
    const docs = await objects.find().sort({ o: 1 }).toArray()
    expect(docs.map((d) => d._id)).toEqual([4, 3, 1, 2])
  })

  it('orders strings by their UTF-8 bytes, not by UTF-16 code units', async () => {
    const words = target.db.collection<Doc>('words')
    // UTF-8: 'Z' 5A < 'a' 61 < '中' E4.. < '～' EF.. < '😀' F0..; UTF-16 would put '😀' (D83D) before '～' (FF5E).
    await words.insertMany([
      { _id: 1, w: '😀' },
      { _id: 2, w: '～' },
      { _id: 3, w: '中' },
      { _id: 4, w: 'a' },
      { _id: 5, w: 'Z' },
    ])
    const docs = await words.find().sort({ w: 1 }).toArray()
    expect(docs.map((d) => d.w)).toEqual(['Z', 'a', '中', '～', '😀'])
    const above = await words.find({ w: { $gt: '～' } }).toArray()
    expect(above.map((d) => d.w)).toEqual(['😀'])
  })

  it('sorts by several keys and by dotted paths', async () => {
    const rows = target.db.collection<Doc>('rows')
    await rows.insertMany([
      { _id: 1, g: 'x', m: { n: 2 } },
      { _id: 2, g: 'y', m: { n: 1 } },
      { _id: 3, g: 'x', m: { n: 3 } },
      { _id: 4, g: 'y', m: { n: 5 } },
    ])
    const docs = await rows.find().sort({ g: -1, 'm.n': 1 }).toArray()
    expect(docs.map((d) => d._id)).toEqual([2, 4, 1, 3])
  })
})

describe('skip and limit', () => {
  beforeAll(async () => {
    await target.db
      .collection<Doc>('paged')
      .insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i, n: i })))
  })

  it('applies sort, then skip, then limit', async () => {
    const docs = await target.db
      .collection<Doc>('paged')
      .find()
      .sort({ n: -1 })
      .skip(3)
      .limit(4)
      .toArray()
    expect(docs.map((d) => d._id)).toEqual([6, 5, 4, 3])
  })

  it('a limit of 0 means no limit and a skip past the end returns nothing', async () => {
    expect(await target.db.collection<Doc>('paged').find().limit(0).toArray()).toHaveLength(10)
    expect(await target.db.collection<Doc>('paged').find().skip(50).toArray()).toEqual([])
  })
})

describe('projection', () => {
  const doc = {
    _id: 1,
    a: 1,
    b: { c: 1, d: 2 },
    arr: [1, 2, 3, 4, 5],
    items: [
      { k: 'x', n: 1 },
      { k: 'y', n: 2 },
      { k: 'x', n: 3 },
    ],
  }

  beforeAll(async () => {
    await target.db.collection<Doc>('projected').insertOne(doc)
  })

  async function project(projection: Document, filter: Document = {}): Promise<Document | null> {
    return target.db.collection<Doc>('projected').findOne(filter, { projection })
  }

  it('an inclusion projection returns the listed fields plus _id', async () => {
    expect(await project({ a: 1 })).toEqual({ _id: 1, a: 1 })
  })

  it('projecting only _id returns just the _id', async () => {
    expect(await project({ _id: 1 })).toEqual({ _id: 1 })
  })

  it('_id can be excluded from an inclusion projection', async () => {
    expect(await project({ a: 1, _id: 0 })).toEqual({ a: 1 })
  })

  it('an exclusion projection returns every other field', async () => {
    expect(await project({ a: 0, arr: 0, items: 0 })).toEqual({ _id: 1, b: { c: 1, d: 2 } })
  })

  it('dotted paths include or exclude fields inside embedded documents', async () => {
    expect(await project({ 'b.c': 1 })).toEqual({ _id: 1, b: { c: 1 } })
    expect(await project({ 'b.d': 0, arr: 0, items: 0 })).toEqual({ _id: 1, a: 1, b: { c: 1 } })
  })

  it('a dotted inclusion path through an array of documents keeps that field of each element', async () => {
    expect(await project({ 'items.n': 1, _id: 0 })).toEqual({
      items: [{ n: 1 }, { n: 2 }, { n: 3 }],
    })
  })

  it('mixing inclusion and exclusion of ordinary fields is rejected', async () => {
    await rejectionOf(project({ a: 1, b: 0 }))
  })

  it('$slice returns the first, last or a range of array elements and keeps other fields', async () => {
    expect(await project({ arr: { $slice: 2 } })).toEqual({ ...doc, arr: [1, 2] })
    expect((await project({ arr: { $slice: -2 } }))?.arr).toEqual([4, 5])
    expect((await project({ arr: { $slice: [1, 2] } }))?.arr).toEqual([2, 3])
  })

  it('$elemMatch projection returns only the first matching element', async () => {
    expect(await project({ items: { $elemMatch: { k: 'x' } } })).toEqual({
      _id: 1,
      items: [{ k: 'x', n: 1 }],
    })
  })

  it('the positional $ projection returns the first element matched by the query', async () => {
    expect(await project({ 'items.$': 1 }, { 'items.k': 'y' })).toEqual({
      _id: 1,
      items: [{ k: 'y', n: 2 }],
    })
  })
})
