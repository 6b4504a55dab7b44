/**
 * Cursor batching and lifetime, per https://www.mongodb.com/docs/v7.0/tutorial/iterate-a-cursor/
 * ("find() and aggregate() operations have an initial batch size of 101 documents by default"),
 * .../command/getMore/ and .../command/killCursors/. Batches are observed through the driver's
 * public command-monitoring events.
 */
import type {
  Collection,
  CommandStartedEvent,
  CommandSucceededEvent,
  Document,
  MongoClient,
} from 'mongodb'
import { connectTarget, rejectionOf, type Target } from './harness'

const TOTAL = 3000

let target: Target
let monitored: MongoClient
let started: CommandStartedEvent[] = []
let succeeded: CommandSucceededEvent[] = []
let numbers: Collection<{ _id: number; n: number }>

beforeAll(async () => {
  target = await connectTarget('cursors')
  monitored = await target.newClient({ monitorCommands: true })
  monitored.on('commandStarted', (event) => started.push(event))
  monitored.on('commandSucceeded', (event) => succeeded.push(event))
  numbers = monitored.db(target.dbName).collection('numbers')
  await numbers.insertMany(Array.from({ length: TOTAL }, (_, i) => ({ _id: i, n: TOTAL - i })))
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  started = []
  succeeded = []
})

/** Sizes of every batch the server returned, first batch first. */
function batchSizes(): number[] {
  return succeeded
    .filter(
      (e) =>
        e.commandName === 'find' || e.commandName === 'getMore' || e.commandName === 'aggregate',
    )
    .map((e) => {
      const cursor = (e.reply as Document).cursor as Document
      return ((cursor.firstBatch ?? cursor.nextBatch) as unknown[]).length
    })
}

describe('batches and getMore', () => {
  it('returns 101 documents in the first batch by default and the rest through getMore', async () => {
    const all = await numbers.find().toArray()
    expect(all).toHaveLength(TOTAL)
    const sizes = batchSizes()
    expect(sizes[0]).toBe(101)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(TOTAL)
    expect(started.filter((e) => e.commandName === 'getMore').length).toBeGreaterThan(0)
  })

  it('honours batchSize for the first batch and every getMore, in sort order', async () => {
    const seen: number[] = []
    for await (const doc of numbers.find({}, { batchSize: 100 }).sort({ n: 1 })) seen.push(doc.n)
    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1))
    const sizes = batchSizes()
    expect(sizes[0]).toBe(100)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100)
    expect(started.filter((e) => e.commandName === 'getMore').length).toBeGreaterThanOrEqual(29)
  })

  it('stops at the limit even when it spans several batches', async () => {
    const docs = await numbers.find({}, { batchSize: 100, limit: 250 }).sort({ _id: 1 }).toArray()
    expect(docs.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i))
  })

  it('streams an aggregation result through getMore too', async () => {
    const docs = await numbers
      .aggregate([{ $match: { n: { $gt: 1000 } } }, { $project: { n: 1 } }], { batchSize: 300 })
      .toArray()
    expect(docs).toHaveLength(TOTAL - 1000)
    const sizes = batchSizes()
    expect(sizes[0]).toBe(300)
    expect(sizes.length).toBeGreaterThanOrEqual(7)
  })

  it('reports cursor id 0 once a cursor is exhausted', async () => {
    const cursor = numbers.find({ _id: { $lt: 5 } })
    expect(await cursor.toArray()).toHaveLength(5)
    expect(cursor.id?.isZero()).toBe(true)
    const reply = succeeded.find((e) => e.commandName === 'find')?.reply as Document
    expect(String((reply.cursor as Document).id)).toBe('0')
  })
})

describe('closing cursors', () => {
  it('closing a cursor early kills it on the server, after which getMore fails with CursorNotFound', async () => {
    const cursor = numbers.find({}, { batchSize: 50 })
    for (let i = 0; i < 10; i += 1) await cursor.next()
    const id = cursor.id
    expect(id?.isZero()).toBe(false)
    await cursor.close()

    const kill = succeeded.find((e) => e.commandName === 'killCursors')
    expect(kill).toBeDefined()
    const killed = ((kill?.reply as Document).cursorsKilled as unknown[]).map(String)
    expect(killed).toEqual([String(id)])

    const error = await rejectionOf(
      target.db.command({ getMore: id, collection: 'numbers', batchSize: 10 }),
    )
    expect(error.code).toBe(43)
    expect(error.codeName).toBe('CursorNotFound')
  })

  it('a getMore for a cursor id that never existed fails with CursorNotFound (43)', async () => {
    const cursor = numbers.find({}, { batchSize: 2 })
    await cursor.next()
    const bogus = cursor.id?.add(987654)
    await cursor.close()
    const error = await rejectionOf(target.db.command({ getMore: bogus, collection: 'numbers' }))
    expect(error.code).toBe(43)
  })

  it('rewinding a cursor runs the query again from the start', async () => {
    const cursor = numbers.find({ _id: { $lt: 3 } }).sort({ _id: 1 })
    expect((await cursor.toArray()).map((d) => d._id)).toEqual([0, 1, 2])
    cursor.rewind()
    expect((await cursor.toArray()).map((d) => d._id)).toEqual([0, 1, 2])
  })
})
