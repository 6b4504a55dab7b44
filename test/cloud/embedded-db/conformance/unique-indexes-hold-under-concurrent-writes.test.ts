/**
 * Unique constraints and single-document atomicity under concurrency, per
 * https://www.mongodb.com/docs/v7.0/core/write-operations-atomicity/ and the upsert notes in
 * .../method/db.collection.updateOne/ (with a unique index on the queried key at most one concurrent
 * upsert inserts; MongoDB may retry the others as updates, and any it does not retry fail with 11000).
 * Writes come from several independent MongoClient instances at once.
 */
import type { Collection, MongoClient } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

const CLIENTS = 5
const OPERATIONS = 50

let target: Target
let clients: MongoClient[]

beforeAll(async () => {
  target = await connectTarget('concurrency')
  clients = await Promise.all(Array.from({ length: CLIENTS }, () => target.newClient()))
})

afterAll(async () => {
  await target?.close()
})

/** The same collection as seen through each of the independent clients, round-robin. */
function views(name: string): Array<Collection<Doc>> {
  return Array.from({ length: OPERATIONS }, (_, i) =>
    (clients[i % CLIENTS] as MongoClient).db(target.dbName).collection<Doc>(name),
  )
}

function codesOf(results: Array<PromiseSettledResult<unknown>>): unknown[] {
  return results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason as { code?: unknown }).code)
}

it('parallel inserts of the same unique key store exactly one document and reject the rest with 11000', async () => {
  await target.db.collection('inserts').createIndex({ key: 1 }, { unique: true })
  const results = await Promise.allSettled(
    views('inserts').map((c, i) => c.insertOne({ key: 'same', writer: i })),
  )
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  expect(codesOf(results)).toEqual(Array.from({ length: OPERATIONS - 1 }, () => 11000))
  expect(await target.db.collection('inserts').countDocuments({ key: 'same' })).toBe(1)
})

it('parallel upserts of the same unique key leave one document that counts every successful upsert', async () => {
  await target.db.collection('upserts').createIndex({ key: 1 }, { unique: true })
  const results = await Promise.allSettled(
    views('upserts').map((c) => c.updateOne({ key: 'same' }, { $inc: { n: 1 } }, { upsert: true })),
  )
  const succeeded = results.filter((r) => r.status === 'fulfilled').length
  expect(succeeded).toBeGreaterThanOrEqual(1)
  expect(codesOf(results).every((code) => code === 11000)).toBe(true)
  const docs = await target.db.collection('upserts').find({ key: 'same' }).toArray()
  expect(docs).toHaveLength(1)
  expect(docs[0]?.n).toBe(succeeded)
  const inserted = results.filter(
    (r) => r.status === 'fulfilled' && (r.value as { upsertedCount: number }).upsertedCount === 1,
  )
  expect(inserted).toHaveLength(1)
})

it('parallel upserting findOneAndUpdate calls on a unique key leave one document', async () => {
  await target.db.collection('fam').createIndex({ key: 1 }, { unique: true })
  const results = await Promise.allSettled(
    views('fam').map((c) =>
      c.findOneAndUpdate(
        { key: 'same' },
        { $inc: { n: 1 } },
        { upsert: true, returnDocument: 'after' },
      ),
    ),
  )
  const succeeded = results.filter((r) => r.status === 'fulfilled').length
  expect(codesOf(results).every((code) => code === 11000)).toBe(true)
  const docs = await target.db.collection('fam').find({ key: 'same' }).toArray()
  expect(docs).toHaveLength(1)
  expect(docs[0]?.n).toBe(succeeded)
  const counters = results
    .flatMap((r) => (r.status === 'fulfilled' ? [r.value?.n as number] : []))
    .sort((a, b) => a - b)
  // Each successful call saw its own increment: the returned counters are 1..succeeded.
  expect(counters).toEqual(Array.from({ length: succeeded }, (_, i) => i + 1))
})

it('parallel $inc updates on one document are all applied', async () => {
  await target.db.collection<Doc>('counter').insertOne({ _id: 'c', n: 0 })
  await Promise.all(views('counter').map((c) => c.updateOne({ _id: 'c' }, { $inc: { n: 1 } })))
  expect((await target.db.collection<Doc>('counter').findOne({ _id: 'c' }))?.n).toBe(OPERATIONS)
})

it('parallel inserts of distinct keys all succeed', async () => {
  await target.db.collection('distinct').createIndex({ key: 1 }, { unique: true })
  await Promise.all(views('distinct').map((c, i) => c.insertOne({ key: `k${i}` })))
  expect(await target.db.collection('distinct').countDocuments()).toBe(OPERATIONS)
})
