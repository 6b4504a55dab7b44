/**
 * Multi-document transactions, per https://www.mongodb.com/docs/v7.0/core/transactions/ : writes become
 * visible to others only on commit, an abort discards them, operations inside the transaction see its
 * own writes, outside reads do not see uncommitted data, and a second transaction writing the same
 * document fails with WriteConflict (112) labelled TransientTransactionError. Against real MongoDB this needs a replica
 * set. Collections are created before the transactions start.
 */
import type { Collection, MongoClient, MongoServerError } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let other: MongoClient
let accounts: Collection<Doc>
let ledger: Collection<Doc>
let otherAccounts: Collection<Doc>

beforeAll(async () => {
  target = await connectTarget('transactions')
  other = await target.newClient()
  await target.db.createCollection('accounts')
  await target.db.createCollection('ledger')
  accounts = target.db.collection<Doc>('accounts')
  ledger = target.db.collection<Doc>('ledger')
  otherAccounts = other.db(target.dbName).collection<Doc>('accounts')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  await accounts.deleteMany({})
  await ledger.deleteMany({})
  await accounts.insertMany([
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 0 },
  ])
})

it('withTransaction commits writes to several collections together', async () => {
  const session = target.client.startSession()
  try {
    await session.withTransaction(async () => {
      await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -30 } }, { session })
      await accounts.updateOne({ _id: 'b' }, { $inc: { balance: 30 } }, { session })
      await ledger.insertOne({ _id: 't1', amount: 30 }, { session })
    })
  } finally {
    await session.endSession()
  }
  expect(await otherAccounts.find().sort({ _id: 1 }).toArray()).toEqual([
    { _id: 'a', balance: 70 },
    { _id: 'b', balance: 30 },
  ])
  expect(await ledger.countDocuments()).toBe(1)
})

it('an aborted transaction leaves no trace of its inserts, updates or deletes', async () => {
  const session = target.client.startSession()
  try {
    session.startTransaction()
    await accounts.insertOne({ _id: 'c', balance: 5 }, { session })
    await accounts.updateOne({ _id: 'a' }, { $set: { balance: 0 } }, { session })
    await accounts.deleteOne({ _id: 'b' }, { session })
    await ledger.insertOne({ _id: 't2' }, { session })
    await session.abortTransaction()
  } finally {
    await session.endSession()
  }
  expect(await accounts.find().sort({ _id: 1 }).toArray()).toEqual([
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 0 },
  ])
  expect(await ledger.countDocuments()).toBe(0)
})

it('an error thrown inside withTransaction aborts it and is passed to the caller', async () => {
  const session = target.client.startSession()
  try {
    const error = await rejectionOf(
      session.withTransaction(async () => {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -100 } }, { session })
        throw new Error('余额不足')
      }),
    )
    expect(error.message).toBe('余额不足')
  } finally {
    await session.endSession()
  }
  expect((await accounts.findOne({ _id: 'a' }))?.balance).toBe(100)
})

it('reads inside a transaction see its own writes while other clients see the committed state', async () => {
  const session = target.client.startSession()
  try {
    session.startTransaction()
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session })
    await accounts.updateOne({ _id: 'a' }, { $set: { balance: 50 } }, { session })

    expect(await accounts.findOne({ _id: 'c' }, { session })).toEqual({ _id: 'c', balance: 1 })
    expect((await accounts.findOne({ _id: 'a' }, { session }))?.balance).toBe(50)
    expect(await accounts.countDocuments({}, { session })).toBe(3)

    expect(await otherAccounts.findOne({ _id: 'c' })).toBeNull()
    expect((await otherAccounts.findOne({ _id: 'a' }))?.balance).toBe(100)
    expect(await otherAccounts.countDocuments()).toBe(2)
    // A read on the same client but outside the session is just as isolated.
    expect(await accounts.findOne({ _id: 'c' })).toBeNull()

    await session.commitTransaction()
  } finally {
    await session.endSession()
  }
  expect(await otherAccounts.findOne({ _id: 'c' })).toEqual({ _id: 'c', balance: 1 })
  expect((await otherAccounts.findOne({ _id: 'a' }))?.balance).toBe(50)
})

it('aggregations and findOneAndUpdate inside a transaction see its own writes', async () => {
  const session = target.client.startSession()
  try {
    await session.withTransaction(async () => {
      await accounts.insertOne({ _id: 'c', balance: 7 }, { session })
      const total = await accounts
        .aggregate([{ $group: { _id: null, sum: { $sum: '$balance' } } }], { session })
        .toArray()
      expect(total).toEqual([{ _id: null, sum: 107 }])
      const after = await accounts.findOneAndUpdate(
        { _id: 'c' },
        { $inc: { balance: 1 } },
        { session, returnDocument: 'after' },
      )
      expect(after).toEqual({ _id: 'c', balance: 8 })
    })
  } finally {
    await session.endSession()
  }
  expect(await accounts.findOne({ _id: 'c' })).toEqual({ _id: 'c', balance: 8 })
})

it('a cursor opened inside a transaction streams its batches with getMore within it', async () => {
  const session = target.client.startSession()
  try {
    await session.withTransaction(async () => {
      await ledger.insertMany(
        Array.from({ length: 25 }, (_, i) => ({ _id: `e${String(i).padStart(2, '0')}`, n: i })),
        { session },
      )
      const seen: number[] = []
      for await (const doc of ledger.find({}, { session, batchSize: 4 }).sort({ n: 1 })) {
        seen.push(doc.n as number)
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i))
    })
  } finally {
    await session.endSession()
  }
  expect(await ledger.countDocuments()).toBe(25)
})

it('a duplicate key inside a transaction fails the write and an abort discards the earlier writes', async () => {
  const session = target.client.startSession()
  try {
    session.startTransaction()
    await accounts.insertOne({ _id: 'c', balance: 1 }, { session })
    const error = await rejectionOf(accounts.insertOne({ _id: 'a', balance: 1 }, { session }))
    expect(error.code).toBe(11000)
    await session.abortTransaction()
  } finally {
    await session.endSession()
  }
  expect(await accounts.countDocuments()).toBe(2)
})

it('a second transaction writing a document another open transaction wrote fails with a transient WriteConflict', async () => {
  const first = target.client.startSession()
  const second = other.startSession()
  try {
    first.startTransaction()
    second.startTransaction()
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: first })
    const error = await rejectionOf(
      otherAccounts.updateOne({ _id: 'a' }, { $inc: { balance: 1000 } }, { session: second }),
    )
    expect(error.code).toBe(112)
    expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true)
    await second.abortTransaction()
    await first.commitTransaction()
  } finally {
    await second.endSession()
    await first.endSession()
  }
  expect((await accounts.findOne({ _id: 'a' }))?.balance).toBe(101)
})

it('a committed transaction is visible to a new session started afterwards', async () => {
  const writer = target.client.startSession()
  try {
    writer.startTransaction()
    await ledger.insertMany([{ n: 1 }, { n: 2 }], { session: writer })
    await writer.commitTransaction()
  } finally {
    await writer.endSession()
  }
  const reader = other.startSession()
  try {
    const seen = await other
      .db(target.dbName)
      .collection('ledger')
      .countDocuments({}, { session: reader })
    expect(seen).toBe(2)
  } finally {
    await reader.endSession()
  }
})
