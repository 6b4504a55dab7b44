/**
 * bulkWrite result shapes and ordered/unordered error handling, per
 * https://www.mongodb.com/docs/v7.0/reference/method/db.collection.bulkWrite/ , and unacknowledged
 * (w:0) writes, per https://www.mongodb.com/docs/v7.0/reference/write-concern/ .
 */
import { type Collection, MongoBulkWriteError } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('bulk')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  collectionCount += 1
  docs = target.db.collection<Doc>(`docs_${collectionCount}`)
  await docs.insertMany([
    { _id: 1, g: 'a', n: 1 },
    { _id: 2, g: 'a', n: 2 },
    { _id: 3, g: 'b', n: 3 },
  ])
})

it('reports the counts and ids of every kind of operation in one bulkWrite', async () => {
  const result = await docs.bulkWrite([
    { insertOne: { document: { _id: 10, g: 'c' } } },
    { updateOne: { filter: { _id: 1 }, update: { $set: { n: 100 } } } },
    { updateMany: { filter: { g: 'a' }, update: { $inc: { n: 1 } } } },
    { updateOne: { filter: { _id: 20 }, update: { $set: { g: 'new' } }, upsert: true } },
    { replaceOne: { filter: { _id: 3 }, replacement: { g: 'replaced' } } },
    { deleteOne: { filter: { _id: 2 } } },
  ])
  expect(result.insertedCount).toBe(1)
  expect(result.matchedCount).toBe(4)
  expect(result.modifiedCount).toBe(4)
  expect(result.upsertedCount).toBe(1)
  expect(result.upsertedIds).toEqual({ 3: 20 })
  expect(result.deletedCount).toBe(1)
  expect(await docs.find().sort({ _id: 1 }).toArray()).toEqual([
    { _id: 1, g: 'a', n: 101 },
    { _id: 3, g: 'replaced' },
    { _id: 10, g: 'c' },
    { _id: 20, g: 'new' },
  ])
})

it('an ordered bulkWrite stops at the first error and keeps what ran before it', async () => {
  const error = await rejectionOf(
    docs.bulkWrite([
      { updateOne: { filter: { _id: 1 }, update: { $set: { n: 50 } } } },
      { insertOne: { document: { _id: 2 } } },
      { deleteOne: { filter: { _id: 3 } } },
    ]),
  )
  expect(error).toBeInstanceOf(MongoBulkWriteError)
  expect(error.code).toBe(11000)
  expect((await docs.findOne({ _id: 1 }))?.n).toBe(50)
  expect(await docs.countDocuments({ _id: 3 })).toBe(1)
})

it('an unordered bulkWrite runs every operation and reports the failures', async () => {
  const error = await rejectionOf(
    docs.bulkWrite(
      [
        { insertOne: { document: { _id: 2 } } },
        { deleteOne: { filter: { _id: 3 } } },
        { insertOne: { document: { _id: 30 } } },
      ],
      { ordered: false },
    ),
  )
  const bulk = error as MongoBulkWriteError
  expect(bulk.deletedCount).toBe(1)
  expect(bulk.insertedCount).toBe(1)
  const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]
  expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[0, 11000]])
  expect((await docs.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 30])
})

it('an unacknowledged (w:0) insert reports acknowledged false and still stores the document', async () => {
  const result = await docs.insertOne({ _id: 40, quiet: true }, { writeConcern: { w: 0 } })
  expect(result.acknowledged).toBe(false)
  // Nothing confirms a w:0 write, so poll briefly (bounded) for it to land.
  let found = null
  for (let attempt = 0; attempt < 50 && !found; attempt += 1) {
    found = await docs.findOne({ _id: 40 })
    if (!found) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  expect(found).toEqual({ _id: 40, quiet: true })
})
