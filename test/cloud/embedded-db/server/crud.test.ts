import { Long } from 'mongodb'
import { startHarness, stopHarness, failure, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => stopHarness(h))

describe('CRUD through the mongodb driver', () => {
  it('inserts, finds with filter, sort, projection, skip and limit', async () => {
    const c = h.db.collection('people')
    await c.insertMany([
      { _id: 1 as never, name: 'ann', age: 30, city: 'sh' },
      { _id: 2 as never, name: 'bo', age: 25, city: 'bj' },
      { _id: 3 as never, name: 'cy', age: 35, city: 'sh' },
    ])
    const docs = await c
      .find({ city: 'sh' }, { projection: { name: 1 } })
      .sort({ age: -1 })
      .toArray()
    expect(docs).toEqual([
      { _id: 3, name: 'cy' },
      { _id: 1, name: 'ann' },
    ])
    const paged = await c.find({}).sort({ age: 1 }).skip(1).limit(1).toArray()
    expect(paged.map((d) => d.name)).toEqual(['ann'])
  })

  it('sorts by a field the projection removes', async () => {
    const docs = await h.db
      .collection('people')
      .find({}, { projection: { name: 1, _id: 0 } })
      .sort({ age: 1 })
      .toArray()
    expect(docs).toEqual([{ name: 'bo' }, { name: 'ann' }, { name: 'cy' }])
  })

  it('never changes stored documents through exclusion projections', async () => {
    const c = h.db.collection('projected')
    await c.insertOne({ _id: 1 as never, b: { c: 1, d: 2 }, items: [{ k: 'x', n: 1 }] })
    expect(await c.findOne({}, { projection: { 'b.d': 0, 'items.n': 0 } })).toEqual({
      _id: 1,
      b: { c: 1 },
      items: [{ k: 'x' }],
    })
    await c.aggregate([{ $project: { 'b.c': 0 } }]).toArray()
    expect(await c.findOne({})).toEqual({ _id: 1, b: { c: 1, d: 2 }, items: [{ k: 'x', n: 1 }] })
  })

  it('sorts mixed types in BSON order and arrays by their smallest or largest element', async () => {
    const c = h.db.collection('mixed')
    await c.insertMany([
      { _id: 1, v: 'a' },
      { _id: 2, v: 5 },
      { _id: 3 },
      { _id: 4, v: [9, 1] },
      { _id: 5, v: true },
    ] as never[])
    expect((await c.find().sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual([3, 4, 2, 1, 5])
    expect((await c.find().sort({ v: -1 }).toArray()).map((d) => d._id)).toEqual([5, 1, 4, 2, 3])
  })

  it('streams large results with getMore and int64 cursor ids', async () => {
    const c = h.db.collection('many')
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })))
    const first = await h.db.command({ find: 'many', batchSize: 100 }, { promoteLongs: false })
    expect(first.cursor.id).toBeInstanceOf(Long)
    expect(first.cursor.firstBatch).toHaveLength(100)
    const all = await c.find({}, { batchSize: 40 }).toArray()
    expect(all).toHaveLength(250)
    expect(new Set(all.map((d) => d.i)).size).toBe(250)
  })

  it('kills cursors and then reports them as not found', async () => {
    const first = await h.db.command({ find: 'many', batchSize: 10 })
    const id = first.cursor.id as Long
    const killed = await h.db.command({ killCursors: 'many', cursors: [id] })
    expect(killed.cursorsKilled).toHaveLength(1)
    const err = await failure(h.db.command({ getMore: id, collection: 'many' }))
    expect(err.code).toBe(43)
  })

  it('updates with operators, arrayFilters and positional paths', async () => {
    const c = h.db.collection('carts')
    await c.insertOne({
      _id: 'k' as never,
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
      ],
      tags: ['x'],
    })
    await c.updateOne({ _id: 'k' as never, 'items.sku': 'a' }, { $inc: { 'items.$.qty': 2 } })
    await c.updateOne(
      { _id: 'k' as never },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.qty': { $gt: 3 } }] },
    )
    await c.updateOne({ _id: 'k' as never }, { $addToSet: { tags: { $each: ['x', 'y'] } } })
    const doc = await c.findOne({ _id: 'k' as never })
    expect(doc).toEqual({
      _id: 'k',
      items: [
        { sku: 'a', qty: 3 },
        { sku: 'b', qty: 5, flag: true },
      ],
      tags: ['x', 'y'],
    })
  })

  it('reports matched and modified counts, and upserts with _id from the query', async () => {
    const c = h.db.collection('counters')
    const r1 = await c.updateOne(
      { _id: 'seq' as never },
      { $inc: { n: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    )
    expect(r1.upsertedId).toBe('seq')
    const r2 = await c.updateOne(
      { _id: 'seq' as never },
      { $inc: { n: 1 }, $setOnInsert: { created: false } },
      { upsert: true },
    )
    expect(r2.matchedCount).toBe(1)
    expect(r2.modifiedCount).toBe(1)
    const r3 = await c.updateOne({ _id: 'seq' as never }, { $set: { n: 2 } })
    expect(r3.modifiedCount).toBe(0)
    expect(await c.findOne({ _id: 'seq' as never })).toEqual({ _id: 'seq', n: 2, created: true })
  })

  it('replaces documents and runs pipeline updates', async () => {
    const c = h.db.collection('repl')
    await c.insertOne({ _id: 1 as never, a: 1, b: 2 })
    await c.replaceOne({ _id: 1 as never }, { c: 3 })
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, c: 3 })
    await c.updateOne({ _id: 1 as never }, [{ $set: { d: { $add: ['$c', 1] } } }])
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, c: 3, d: 4 })
  })

  it('updates many and deletes one or many', async () => {
    const c = h.db.collection('bulk')
    await c.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }])
    expect((await c.updateMany({ g: 1 }, { $set: { seen: true } })).modifiedCount).toBe(2)
    expect((await c.deleteOne({ g: 1 })).deletedCount).toBe(1)
    expect((await c.deleteMany({})).deletedCount).toBe(2)
  })

  it('finds and modifies with sort, new, fields, remove and upsert', async () => {
    const c = h.db.collection('jobs')
    await c.insertMany([
      { p: 1, s: 'new' },
      { p: 5, s: 'new' },
    ])
    const top = await c.findOneAndUpdate(
      { s: 'new' },
      { $set: { s: 'taken' } },
      { sort: { p: -1 }, returnDocument: 'after', projection: { _id: 0 } },
    )
    expect(top).toEqual({ p: 5, s: 'taken' })
    const removed = await c.findOneAndDelete({ p: 1 })
    expect(removed?.s).toBe('new')
    const up = await c.findOneAndUpdate(
      { p: 9 },
      { $set: { s: 'x' } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(up).toMatchObject({ p: 9, s: 'x' })
  })

  it('counts and lists distinct values', async () => {
    const c = h.db.collection('tagged')
    await c.insertMany([{ t: ['a', 'b'] }, { t: ['b', 'c'] }, { t: 'd' }])
    expect(await c.estimatedDocumentCount()).toBe(3)
    expect(await c.countDocuments({ t: 'b' })).toBe(2)
    expect((await c.distinct('t')).sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('aggregates with $lookup across collections and $out', async () => {
    await h.db.collection('authors').insertMany([{ _id: 'a1' as never, name: 'Li' }])
    await h.db.collection('books').insertMany([
      { title: 'T1', author: 'a1' },
      { title: 'T2', author: 'a1' },
    ])
    const rows = await h.db
      .collection('books')
      .aggregate([
        { $lookup: { from: 'authors', localField: 'author', foreignField: '_id', as: 'who' } },
        { $project: { _id: 0, title: 1, name: { $first: '$who.name' } } },
        { $sort: { title: 1 } },
      ])
      .toArray()
    expect(rows).toEqual([
      { title: 'T1', name: 'Li' },
      { title: 'T2', name: 'Li' },
    ])
    await h.db
      .collection('books')
      .aggregate([{ $group: { _id: '$author', n: { $sum: 1 } } }, { $out: 'book_counts' }])
      .toArray()
    expect(await h.db.collection('book_counts').find().toArray()).toEqual([{ _id: 'a1', n: 2 }])
  })

  it('sends no reply to unacknowledged (w:0) writes yet applies them', async () => {
    const c = h.db.collection('fire')
    await c.insertOne({ x: 1 }, { writeConcern: { w: 0 } })
    let n = 0
    for (let i = 0; i < 50 && n === 0; i++) {
      n = await c.countDocuments()
      if (n === 0) await new Promise((r) => setTimeout(r, 10))
    }
    expect(n).toBe(1)
  })

  it('creates, lists and drops collections with MongoDB error codes', async () => {
    await h.db.createCollection('made')
    const again = await failure(h.db.command({ create: 'made' }))
    expect(again.code).toBe(48)
    const names = (await h.db.listCollections({}, { nameOnly: true }).toArray()).map((x) => x.name)
    expect(names).toContain('made')
    expect(await h.db.collection('made').drop()).toBe(true)
    const missing = await failure(h.db.command({ drop: 'made' }))
    expect(missing.code).toBe(26)
  })
})
