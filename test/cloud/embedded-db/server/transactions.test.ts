import { MongoClient, type ClientSession } from 'mongodb'
import { DbServer } from '../../../../cloud/embedded-db/src/server'
import { MemoryPersistence } from '../../../../cloud/embedded-db/src/engine/memory-persistence'
import type { EffectBatch } from '../../../../cloud/embedded-db/src/persistence/types'
import { failure } from './harness'

/** Records every journalled batch so tests can see what a commit produced. */
class RecordingPersistence extends MemoryPersistence {
  readonly batches: EffectBatch[] = []
  override async append(batch: EffectBatch): Promise<void> {
    this.batches.push(batch)
  }
}

const persistence = new RecordingPersistence()
const server = new DbServer({ host: '127.0.0.1', port: 0, persistence, transactionLifetimeMs: 400 })
let client: MongoClient
let other: MongoClient

beforeAll(async () => {
  const { port } = await server.start()
  client = await new MongoClient(`mongodb://127.0.0.1:${port}`).connect()
  other = await new MongoClient(`mongodb://127.0.0.1:${port}`).connect()
  await client
    .db('t')
    .collection('acc')
    .insertMany([
      { _id: 'a' as never, bal: 10 },
      { _id: 'b' as never, bal: 0 },
    ])
})
afterAll(async () => {
  await client?.close()
  await other?.close()
  await server.close()
})

const acc = (c: MongoClient = client) => c.db('t').collection('acc')

async function inTxn(fn: (s: ClientSession) => Promise<void>): Promise<ClientSession> {
  const s = client.startSession()
  s.startTransaction()
  await fn(s)
  return s
}

describe('transactions', () => {
  it('hide their writes from others until commit, then publish them as one batch', async () => {
    const s = await inTxn(async (s) => {
      await acc().updateOne({ _id: 'a' as never }, { $inc: { bal: -5 } }, { session: s })
      await acc().updateOne({ _id: 'b' as never }, { $inc: { bal: 5 } }, { session: s })
      await acc().insertOne({ _id: 'c' as never, bal: 1 }, { session: s })
      expect((await acc().findOne({ _id: 'a' as never }, { session: s }))?.bal).toBe(5)
    })
    expect((await acc(other).findOne({ _id: 'a' as never }))?.bal).toBe(10)
    expect(await acc(other).countDocuments({ _id: 'c' as never })).toBe(0)
    const before = persistence.batches.length
    await s.commitTransaction()
    await s.endSession()
    expect(persistence.batches.length).toBe(before + 1)
    expect(persistence.batches[before].map((e) => e.op)).toEqual(['put', 'put', 'put'])
    expect((await acc(other).find().sort({ _id: 1 }).toArray()).map((d) => d.bal)).toEqual([
      5, 5, 1,
    ])
  })

  it('discard their writes on abort', async () => {
    const s = await inTxn(async (s) => {
      await acc().deleteOne({ _id: 'c' as never }, { session: s })
      await acc().insertOne({ _id: 'd' as never }, { session: s })
    })
    await s.abortTransaction()
    await s.endSession()
    expect((await acc().find().toArray()).map((d) => d._id)).toEqual(['a', 'b', 'c'])
  })

  it('make a second transaction writing the same document fail with a transient WriteConflict', async () => {
    const s1 = await inTxn((s) =>
      acc()
        .updateOne({ _id: 'a' as never }, { $set: { x: 1 } }, { session: s })
        .then(() => undefined),
    )
    const s2 = other.startSession()
    s2.startTransaction()
    const err = await failure(
      acc(other).updateOne({ _id: 'a' as never }, { $set: { x: 2 } }, { session: s2 }),
    )
    expect(err.code).toBe(112)
    expect(
      (err as unknown as { hasErrorLabel(l: string): boolean }).hasErrorLabel(
        'TransientTransactionError',
      ),
    ).toBe(true)
    await s2.abortTransaction().catch(() => undefined)
    await s2.endSession()
    await s1.commitTransaction()
    await s1.endSession()
  })

  it('fail with WriteConflict when a document changed after the transaction started', async () => {
    const s = await inTxn(async (s) => {
      await acc().findOne({ _id: 'b' as never }, { session: s })
    })
    await acc(other).updateOne({ _id: 'b' as never }, { $inc: { bal: 1 } })
    const err = await failure(
      acc().updateOne({ _id: 'b' as never }, { $inc: { bal: 1 } }, { session: s }),
    )
    expect(err.code).toBe(112)
    const commit = await failure(s.commitTransaction())
    expect(commit.code).toBe(251)
    await s.endSession()
  })

  it('make a plain write to a document held by a transaction wait for the commit', async () => {
    const s = await inTxn((s) =>
      acc()
        .updateOne({ _id: 'c' as never }, { $set: { v: 'txn' } }, { session: s })
        .then(() => undefined),
    )
    let done = false
    const outside = acc(other)
      .updateOne({ _id: 'c' as never }, { $set: { v: 'outside' } })
      .then(() => (done = true))
    await new Promise((r) => setTimeout(r, 50))
    expect(done).toBe(false)
    await s.commitTransaction()
    await outside
    await s.endSession()
    expect((await acc().findOne({ _id: 'c' as never }))?.v).toBe('outside')
  })

  it('enforce unique keys between a transaction and its own writes', async () => {
    await acc().createIndex({ code: 1 }, { unique: true, sparse: true })
    const s = await inTxn((s) =>
      acc()
        .insertOne({ _id: 'e' as never, code: 'k' }, { session: s })
        .then(() => undefined),
    )
    const err = await failure(acc().insertOne({ _id: 'f' as never, code: 'k' }, { session: s }))
    expect(err.code).toBe(11000)
    expect((await failure(s.commitTransaction())).code).toBe(251)
    await s.endSession()
    expect(await acc().countDocuments({ code: 'k' })).toBe(0)
  })

  it('abort abandoned transactions after their lifetime', async () => {
    const s = await inTxn((s) =>
      acc()
        .insertOne({ _id: 'late' as never }, { session: s })
        .then(() => undefined),
    )
    await new Promise((r) => setTimeout(r, 600))
    const err = await failure(s.commitTransaction())
    expect(err.code).toBe(251)
    await s.endSession()
    expect(await acc().countDocuments({ _id: 'late' as never })).toBe(0)
  })

  it('reject commands that cannot run in a transaction', async () => {
    const s = await inTxn(async () => undefined)
    const err = await failure(client.db('t').command({ count: 'acc' }, { session: s }))
    expect(err.code).toBe(263)
    await s.abortTransaction().catch(() => undefined)
    await s.endSession()
  })

  it('retry transparently through withTransaction after a conflict', async () => {
    const blocker = await inTxn((s) =>
      acc()
        .updateOne({ _id: 'a' as never }, { $set: { y: 1 } }, { session: s })
        .then(() => undefined),
    )
    let attempts = 0
    const s = other.startSession()
    const running = s.withTransaction(async () => {
      attempts++
      if (attempts === 2) await blocker.commitTransaction()
      await acc(other).updateOne({ _id: 'a' as never }, { $inc: { bal: 100 } }, { session: s })
    })
    await running
    await s.endSession()
    await blocker.endSession()
    expect(attempts).toBe(2)
    expect((await acc().findOne({ _id: 'a' as never }))?.bal).toBe(105)
  })
})

describe('transaction snapshots', () => {
  it('read documents as they were when the transaction started', async () => {
    const coll = client.db('t').collection('snap')
    await coll.insertMany([
      { _id: 1 as never, v: 'old' },
      { _id: 2 as never, v: 'gone-later' },
    ])
    const s = client.startSession()
    s.startTransaction()
    expect(await coll.countDocuments({}, { session: s })).toBe(2)
    const outside = other.db('t').collection('snap')
    await outside.updateOne({ _id: 1 as never }, { $set: { v: 'new' } })
    await outside.deleteOne({ _id: 2 as never })
    await outside.insertOne({ _id: 3 as never, v: 'born-later' })
    const seen = await coll.find({}, { session: s }).sort({ _id: 1 }).toArray()
    expect(seen).toEqual([
      { _id: 1, v: 'old' },
      { _id: 2, v: 'gone-later' },
    ])
    expect(await coll.findOne({ v: 'old' }, { session: s })).toEqual({ _id: 1, v: 'old' })
    await s.commitTransaction()
    await s.endSession()
    expect((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d.v)).toEqual([
      'new',
      'born-later',
    ])
  })
})
