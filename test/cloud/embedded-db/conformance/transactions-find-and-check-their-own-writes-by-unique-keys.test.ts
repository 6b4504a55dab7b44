/**
 * Inside a transaction, its own uncommitted writes take part in unique-key lookups and unique
 * checks exactly like committed documents (https://www.mongodb.com/docs/v7.0/core/transactions/ —
 * operations in a transaction see its writes; unique indexes hold for them). Many upserts by a
 * unique compound key in one transaction, keys changed and freed within it, and deleted documents
 * must all be seen as they stand at that point of the transaction.
 */
import type { ClientSession, Collection } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let supports: Collection<Doc>

beforeAll(async () => {
  target = await connectTarget('txn_unique_keys')
  await target.db.createCollection('supports')
  supports = target.db.collection<Doc>('supports')
  await supports.createIndex({ topic: 1, user: 1 }, { unique: true })
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  await supports.deleteMany({})
  await supports.insertMany([
    { _id: 'c1', topic: 't', user: 1, n: 0 },
    { _id: 'c2', topic: 't', user: 2, n: 0 },
  ])
})

/** Thrown to abort a transaction on purpose once its checks ran. */
const ABORT = Object.assign(new Error('abort on purpose'), { expected: true })

function expectedAbort(error: { expected?: boolean }): void {
  if (!error.expected) throw error
}

async function inTransaction(work: (session: ClientSession) => Promise<void>) {
  const session = target.client.startSession()
  try {
    session.startTransaction()
    await work(session)
    await session.commitTransaction()
  } catch (error) {
    if (session.inTransaction()) await session.abortTransaction()
    throw error
  } finally {
    await session.endSession()
  }
}

it('upserts by a unique key match the documents the same transaction inserted moments before', async () => {
  await inTransaction(async (session) => {
    const users = Array.from({ length: 40 }, (_, i) => i + 1)
    const first = await supports.bulkWrite(
      users.map((user) => ({
        updateOne: {
          filter: { topic: 't', user },
          update: { $setOnInsert: { n: 1 } },
          upsert: true,
        },
      })),
      { session, ordered: true },
    )
    // users 1 and 2 were committed before: they match, the other 38 are inserted.
    expect(first.upsertedCount).toBe(38)
    expect(first.matchedCount).toBe(2)
    const second = await supports.bulkWrite(
      users.map((user) => ({
        updateOne: {
          filter: { topic: 't', user },
          update: { $inc: { n: 10 } },
          upsert: true,
        },
      })),
      { session, ordered: true },
    )
    expect(second.upsertedCount).toBe(0)
    expect(second.matchedCount).toBe(40)
    const one = await supports.findOne({ topic: 't', user: 17 }, { session })
    expect(one?.n).toBe(11)
  })
  expect(await supports.countDocuments({ topic: 't' })).toBe(40)
  expect(await supports.countDocuments({ topic: 't', n: { $gte: 10 } })).toBe(40)
})

it('refuses a second document with a key the transaction already gave to one of its own', async () => {
  await inTransaction(async (session) => {
    await supports.insertOne({ _id: 'a', topic: 't', user: 50 }, { session })
    const error = await rejectionOf(
      supports.insertOne({ _id: 'b', topic: 't', user: 50 }, { session }),
    )
    expect(error.code).toBe(11000)
    throw ABORT
  }).catch(expectedAbort)
  expect(await supports.countDocuments({ topic: 't' })).toBe(2)
})

it('frees a key for reuse once the transaction moved or deleted the document holding it', async () => {
  await inTransaction(async (session) => {
    await supports.insertOne({ _id: 'a', topic: 't', user: 60 }, { session })
    await supports.updateOne({ _id: 'a' }, { $set: { user: 61 } }, { session })
    // 60 is free again, 61 is taken by 'a'.
    await supports.insertOne({ _id: 'b', topic: 't', user: 60 }, { session })
    expect((await supports.findOne({ topic: 't', user: 61 }, { session }))?._id).toBe('a')
    expect((await supports.findOne({ topic: 't', user: 60 }, { session }))?._id).toBe('b')
    const taken = await rejectionOf(
      supports.insertOne({ _id: 'c', topic: 't', user: 61 }, { session }),
    )
    expect(taken.code).toBe(11000)
    throw ABORT
  }).catch(expectedAbort)
  // The aborted transaction left nothing behind.
  expect(await supports.countDocuments({ topic: 't' })).toBe(2)

  await inTransaction(async (session) => {
    await supports.insertOne({ _id: 'a', topic: 't', user: 70 }, { session })
    await supports.deleteOne({ _id: 'a' }, { session })
    expect(await supports.findOne({ topic: 't', user: 70 }, { session })).toBeNull()
    const upsert = await supports.updateOne(
      { topic: 't', user: 70 },
      { $setOnInsert: { n: 5 } },
      { session, upsert: true },
    )
    expect(upsert.upsertedCount).toBe(1)
    // A committed document deleted in the transaction frees its key too.
    await supports.deleteOne({ _id: 'c1' }, { session })
    expect(await supports.findOne({ topic: 't', user: 1 }, { session })).toBeNull()
    await supports.insertOne({ _id: 'd', topic: 't', user: 1 }, { session })
  })
  expect(await supports.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
    expect.objectContaining({ _id: 'c2', user: 2 }),
    expect.objectContaining({ _id: 'd', user: 1 }),
    expect.objectContaining({ topic: 't', user: 70, n: 5 }),
  ])
})

it('finds its own documents by _id among many it wrote', async () => {
  await inTransaction(async (session) => {
    await supports.insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: `m${i}`, topic: 'm', user: i })),
      { session },
    )
    await supports.updateOne({ _id: 'm12' }, { $set: { n: 3 } }, { session })
    await supports.updateMany(
      { topic: 'm', user: { $in: [4, 4, 5] } },
      { $set: { n: 7 } },
      { session },
    )
    expect(
      await supports
        .find({ topic: 'm', user: { $in: [5, 4, 5] } }, { session, sort: { user: 1 } })
        .toArray(),
    ).toEqual([
      { _id: 'm4', topic: 'm', user: 4, n: 7 },
      { _id: 'm5', topic: 'm', user: 5, n: 7 },
    ])
    expect(await supports.findOne({ _id: 'm12' }, { session })).toEqual({
      _id: 'm12',
      topic: 'm',
      user: 12,
      n: 3,
    })
    expect(
      await supports.countDocuments({ _id: { $in: ['m1', 'm29', 'm1', 'nope'] } }, { session }),
    ).toBe(2)
  })
})
