/**
 * Return shapes of the basic CRUD helpers, per the driver's CRUD spec and MongoDB's
 * insert/update/delete command docs (https://www.mongodb.com/docs/v7.0/reference/command/insert/,
 * .../command/update/, .../command/delete/).
 */
import { type Collection, MongoBulkWriteError, ObjectId } from 'mongodb'
import { connectTarget, rejectionOf, type Target } from './harness'

interface Item {
  _id?: ObjectId | number | string
  name?: string
  qty?: number
  tag?: string
}

let target: Target
let items: Collection<Item>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('crud')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  // A fresh collection per test keeps the cases independent of each other's writes.
  collectionCount += 1
  items = target.db.collection<Item>(`items_${collectionCount}`)
})

describe('insertOne and insertMany', () => {
  it('insertOne acknowledges and reports a generated ObjectId that the stored document carries', async () => {
    const result = await items.insertOne({ name: 'pen', qty: 1 })
    expect(result.acknowledged).toBe(true)
    expect(result.insertedId).toBeInstanceOf(ObjectId)
    const stored = await items.findOne({ _id: result.insertedId })
    expect(stored).toEqual({ _id: result.insertedId, name: 'pen', qty: 1 })
  })

  it('insertOne keeps a caller-chosen _id of any type', async () => {
    const result = await items.insertOne({ _id: 'custom-key', name: 'ink' })
    expect(result.insertedId).toBe('custom-key')
    expect(await items.findOne({ _id: 'custom-key' })).toEqual({ _id: 'custom-key', name: 'ink' })
  })

  it('stores _id as the first field even when the caller puts it last', async () => {
    await items.insertOne({ name: 'late', qty: 2, _id: 7 })
    const stored = await items.findOne({ _id: 7 })
    expect(Object.keys(stored ?? {})).toEqual(['_id', 'name', 'qty'])
  })

  it('insertMany reports the count and each inserted id by its position', async () => {
    const result = await items.insertMany([{ name: 'a' }, { _id: 2, name: 'b' }, { name: 'c' }])
    expect(result.acknowledged).toBe(true)
    expect(result.insertedCount).toBe(3)
    expect(Object.keys(result.insertedIds).sort()).toEqual(['0', '1', '2'])
    expect(result.insertedIds[1]).toBe(2)
    expect(result.insertedIds[0]).toBeInstanceOf(ObjectId)
    expect(await items.countDocuments()).toBe(3)
  })

  it('an ordered insertMany stops at the first duplicate and keeps the documents before it', async () => {
    const error = await rejectionOf(
      items.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }], { ordered: true }),
    )
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    const bulk = error as MongoBulkWriteError
    expect(bulk.code).toBe(11000)
    expect(bulk.insertedCount).toBe(2)
    const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[2, 11000]])
    const ids = (await items.find().sort({ _id: 1 }).toArray()).map((d) => d._id)
    expect(ids).toEqual([1, 2])
  })

  it('an unordered insertMany inserts every valid document and reports each failure by index', async () => {
    const error = await rejectionOf(
      items.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], {
        ordered: false,
      }),
    )
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    const bulk = error as MongoBulkWriteError
    expect(bulk.insertedCount).toBe(3)
    const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([
      [1, 11000],
      [3, 11000],
    ])
    const ids = (await items.find().sort({ _id: 1 }).toArray()).map((d) => d._id)
    expect(ids).toEqual([1, 2, 3])
  })

  it('inserting an existing _id with insertOne fails with E11000 on the _id_ index', async () => {
    await items.insertOne({ _id: 5, name: 'first' })
    const error = await rejectionOf(items.insertOne({ _id: 5, name: 'second' }))
    expect(error.code).toBe(11000)
    expect(error.message).toContain('E11000 duplicate key error')
    expect(error.message).toContain('index: _id_')
    expect(error.keyPattern).toEqual({ _id: 1 })
    expect(error.keyValue).toEqual({ _id: 5 })
    expect(await items.findOne({ _id: 5 })).toEqual({ _id: 5, name: 'first' })
  })
})

describe('updateOne and updateMany', () => {
  beforeEach(async () => {
    await items.insertMany([
      { _id: 1, tag: 'x', qty: 1 },
      { _id: 2, tag: 'x', qty: 2 },
      { _id: 3, tag: 'y', qty: 3 },
    ])
  })

  it('updateOne reports one match and one modification when it changes a document', async () => {
    const result = await items.updateOne({ tag: 'x' }, { $set: { qty: 10 } })
    expect(result).toEqual({
      acknowledged: true,
      matchedCount: 1,
      modifiedCount: 1,
      upsertedCount: 0,
      upsertedId: null,
    })
  })

  it('a $set to the current value counts as matched but not modified', async () => {
    const result = await items.updateOne({ _id: 3 }, { $set: { qty: 3 } })
    expect(result.matchedCount).toBe(1)
    expect(result.modifiedCount).toBe(0)
  })

  it('updateMany changes every matching document and reports the counts', async () => {
    const result = await items.updateMany({ tag: 'x' }, { $inc: { qty: 100 } })
    expect(result.matchedCount).toBe(2)
    expect(result.modifiedCount).toBe(2)
    const qtys = (await items.find().sort({ _id: 1 }).toArray()).map((d) => d.qty)
    expect(qtys).toEqual([101, 102, 3])
  })

  it('an update that matches nothing reports zero counts and no upserted id', async () => {
    const result = await items.updateMany({ tag: 'none' }, { $set: { qty: 0 } })
    expect(result.matchedCount).toBe(0)
    expect(result.modifiedCount).toBe(0)
    expect(result.upsertedCount).toBe(0)
    expect(result.upsertedId).toBeNull()
  })

  it('an upserting updateOne reports the new id and counts no match', async () => {
    const result = await items.updateOne({ _id: 9 }, { $set: { tag: 'z' } }, { upsert: true })
    expect(result).toEqual({
      acknowledged: true,
      matchedCount: 0,
      modifiedCount: 0,
      upsertedCount: 1,
      upsertedId: 9,
    })
    expect(await items.findOne({ _id: 9 })).toEqual({ _id: 9, tag: 'z' })
  })
})

describe('replaceOne', () => {
  it('replaces the whole document but keeps its _id', async () => {
    await items.insertOne({ _id: 1, name: 'old', qty: 5, tag: 't' })
    const result = await items.replaceOne({ _id: 1 }, { name: 'new' })
    expect(result.matchedCount).toBe(1)
    expect(result.modifiedCount).toBe(1)
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'new' })
  })

  it('refuses a replacement that would change _id with ImmutableField (66)', async () => {
    await items.insertOne({ _id: 1, name: 'old' })
    // The driver types replacements without _id; MongoDB itself must refuse the change.
    const replacement = { _id: 2, name: 'new' } as Item
    const error = await rejectionOf(items.replaceOne({ _id: 1 }, replacement))
    expect(error.code).toBe(66)
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'old' })
  })
})

describe('deleteOne and deleteMany', () => {
  beforeEach(async () => {
    await items.insertMany([
      { _id: 1, tag: 'x' },
      { _id: 2, tag: 'x' },
      { _id: 3, tag: 'y' },
    ])
  })

  it('deleteOne removes a single matching document even when several match', async () => {
    const result = await items.deleteOne({ tag: 'x' })
    expect(result).toEqual({ acknowledged: true, deletedCount: 1 })
    expect(await items.countDocuments({ tag: 'x' })).toBe(1)
  })

  it('deleteMany removes every matching document and reports how many', async () => {
    const result = await items.deleteMany({ tag: 'x' })
    expect(result).toEqual({ acknowledged: true, deletedCount: 2 })
    expect(await items.find().toArray()).toEqual([{ _id: 3, tag: 'y' }])
  })

  it('deleting with a filter that matches nothing reports zero', async () => {
    expect(await items.deleteMany({ tag: 'none' })).toEqual({ acknowledged: true, deletedCount: 0 })
  })

  it('deleteMany with an empty filter empties the collection', async () => {
    expect((await items.deleteMany({})).deletedCount).toBe(3)
    expect(await items.countDocuments()).toBe(0)
  })
})
