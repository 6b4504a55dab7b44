/**
 * Finds that filter on a compound index's leading fields and sort on the following ones walk the
 * index in order and stop after the page (explain proves it), keyset cursors are bounded by the
 * index, cursors keep their snapshot across getMore, transactions see their own writes in order,
 * and equality on a whole unique key looks one document up.
 */
import type { Document } from 'mongodb'
import { startHarness, stopHarness, type Harness } from './harness'

let h: Harness
type Row = Document & { _id: number }
const topics = () => h.db.collection<Row>('topics')
const STATES = ['open', 'screening', 'closed', 'hidden']
const T0 = Date.UTC(2025, 0, 1)
const all: Row[] = []

beforeAll(async () => {
  h = await startHarness()
  const c = topics()
  await c.createIndex({ room: 1, state: 1, createdAt: -1, _id: -1 })
  await c.createIndex({ room: 1, createdAt: -1, _id: -1 })
  await c.createIndex({ room: 1, score: -1, _id: -1 })
  for (let i = 0; i < 3000; i++) {
    all.push({
      _id: i,
      room: i % 3,
      state: STATES[(i * 7) % 4],
      // Many ties on createdAt and score: _id breaks them.
      createdAt: new Date(T0 + ((i * 37) % 500) * 60_000),
      score: (i * 13) % 50,
    })
  }
  await c.insertMany(all)
})
afterAll(() => stopHarness(h))

/** (createdAt desc, _id desc) order, computed here. */
function newestFirst(docs: Document[]): Document[] {
  return [...docs].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b._id as number) - a._id,
  )
}

const visible = (d: Document): boolean => d.room === 1 && d.state !== 'hidden'

describe('sorted finds on compound indexes', () => {
  it('walk the index in sort order and examine only the page', async () => {
    const filter = { room: 1, state: { $in: ['open', 'screening', 'closed'] } }
    const sort = { createdAt: -1, _id: -1 } as const
    const c = topics()
    const page = await c.find(filter).sort(sort).limit(20).toArray()
    expect(page).toEqual(newestFirst(all.filter(visible)).slice(0, 20))
    const plan = await c.find(filter).sort(sort).limit(20).explain('executionStats')
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).not.toContain('"SORT"')
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toContain(
      'room_1_state_1_createdAt_-1__id_-1',
    )
    expect(plan.executionStats.totalDocsExamined).toBe(20)
  })

  it('walk backwards for the reverse order and honour skip', async () => {
    const c = topics()
    const page = await c
      .find({ room: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .skip(5)
      .limit(10)
      .toArray()
    const want = newestFirst(all.filter((d) => d.room === 1)).reverse()
    expect(page).toEqual(want.slice(5, 15))
    const plan = await c
      .find({ room: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .skip(5)
      .limit(10)
      .explain('executionStats')
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toContain('"backward"')
    expect(plan.executionStats.totalDocsExamined).toBe(15)
  })

  it('bound keyset cursors by the index and page through everything exactly once', async () => {
    const c = topics()
    const seen: Document[] = []
    let cursor: Document | undefined
    let maxExamined = 0
    for (let pageNo = 0; pageNo < 100; pageNo++) {
      const after = cursor
        ? {
            $or: [
              { createdAt: { $lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, _id: { $lt: cursor._id } },
            ],
          }
        : {}
      const filter = { room: 1, state: { $in: ['open', 'screening', 'closed'] }, ...after }
      const sort = { createdAt: -1, _id: -1 } as const
      const page = await c.find(filter).sort(sort).limit(50).toArray()
      const plan = await c.find(filter).sort(sort).limit(50).explain('executionStats')
      maxExamined = Math.max(maxExamined, plan.executionStats.totalDocsExamined)
      seen.push(...page)
      if (page.length < 50) break
      cursor = page[page.length - 1]
    }
    expect(seen).toEqual(newestFirst(all.filter(visible)))
    // Only the documents tied with the cursor's date are examined beyond the page.
    expect(maxExamined).toBeLessThan(60)
  })

  it('serve the hot order (score desc, _id desc) and residual filters on other fields', async () => {
    const c = topics()
    const page = await c
      .find({ room: 2, state: 'open' })
      .sort({ score: -1, _id: -1 })
      .limit(15)
      .toArray()
    const want = all
      .filter((d) => d.room === 2 && d.state === 'open')
      .sort((a, b) => b.score - a.score || b._id - a._id)
      .slice(0, 15)
    expect(page).toEqual(want)
  })

  it('keep the snapshot of the first batch across getMore', async () => {
    const c = topics()
    const cursor = c.find({ room: 0 }).sort({ createdAt: -1, _id: -1 }).batchSize(7)
    const first = await cursor.next()
    // Writes after the first batch: a new newest document and an update of one still to come.
    await c.insertOne({ _id: 100_000, room: 0, state: 'open', createdAt: new Date(T0 + 1e9) })
    const victim = newestFirst(all.filter((d) => d.room === 0))[100]
    await c.updateOne({ _id: victim._id }, { $set: { createdAt: new Date(0) } })
    const rest = await cursor.toArray()
    expect([first, ...rest]).toEqual(newestFirst(all.filter((d) => d.room === 0)))
    await c.deleteOne({ _id: 100_000 })
    await c.updateOne({ _id: victim._id }, { $set: { createdAt: victim.createdAt } })
  })

  it('show a transaction its own writes in sort order', async () => {
    const c = topics()
    const session = h.client.startSession()
    try {
      session.startTransaction()
      await c.insertOne(
        { _id: 200_000, room: 1, state: 'open', createdAt: new Date(T0 + 1e9) },
        { session },
      )
      await c.updateOne({ _id: 1 }, { $set: { createdAt: new Date(T0 + 2e9) } }, { session })
      const inside = await c
        .find({ room: 1 }, { session })
        .sort({ createdAt: -1, _id: -1 })
        .limit(3)
        .toArray()
      expect(inside.map((d) => d._id)).toEqual([
        1,
        200_000,
        newestFirst(all.filter((d) => d.room === 1 && d._id !== 1))[0]._id,
      ])
      const outside = await c.find({ room: 1 }).sort({ createdAt: -1, _id: -1 }).limit(1).toArray()
      expect(outside).toEqual(newestFirst(all.filter((d) => d.room === 1)).slice(0, 1))
    } finally {
      await session.abortTransaction()
      await session.endSession()
    }
  })

  it('serve $match + $sort + $limit pipelines from the index as well', async () => {
    const c = topics()
    const rows = await c
      .aggregate([
        { $match: { room: 1, state: { $in: ['open', 'screening', 'closed'] } } },
        { $sort: { createdAt: -1, _id: -1 } },
        { $limit: 12 },
        { $project: { _id: 1 } },
      ])
      .toArray()
    expect(rows).toEqual(
      newestFirst(all.filter(visible))
        .slice(0, 12)
        .map((d) => ({ _id: d._id })),
    )
  })
})

describe('equality on a whole unique key', () => {
  beforeAll(async () => {
    const s = h.db.collection('supports')
    await s.createIndex({ topicId: 1, userId: 1 }, { unique: true })
    await s.insertMany(Array.from({ length: 2000 }, (_, i) => ({ topicId: 1, userId: i })))
  })

  it('looks the one document up for find, update, upsert and delete', async () => {
    const s = h.db.collection('supports')
    const plan = await s.find({ topicId: 1, userId: 1234 }).explain('executionStats')
    expect(plan.queryPlanner.winningPlan.inputStage.indexName).toBe('topicId_1_userId_1')
    expect(plan.executionStats.totalDocsExamined).toBe(1)
    const update = await h.db.command({
      explain: {
        update: 'supports',
        updates: [{ q: { topicId: 1, userId: 5 }, u: { $set: { x: 1 } } }],
      },
      verbosity: 'executionStats',
    })
    expect(update.executionStats.totalDocsExamined).toBe(1)
    expect((await s.updateOne({ topicId: 1, userId: 5 }, { $set: { x: 1 } })).modifiedCount).toBe(1)
    const up = await s.updateOne(
      { topicId: 1, userId: 5000 },
      { $setOnInsert: { at: 1 } },
      { upsert: true },
    )
    expect(up.upsertedCount).toBe(1)
    const again = await s.updateOne(
      { topicId: 1, userId: 5000 },
      { $setOnInsert: { at: 2 } },
      { upsert: true },
    )
    expect(again.matchedCount).toBe(1)
    expect(await s.findOne({ topicId: 1, userId: 5000 }, { projection: { _id: 0 } })).toEqual({
      topicId: 1,
      userId: 5000,
      at: 1,
    })
    expect((await s.deleteOne({ topicId: 1, userId: { $in: [7, 5000] } })).deletedCount).toBe(1)
    expect(await s.countDocuments({ topicId: 1, userId: { $in: [7, 5000] } })).toBe(1)
    expect(await s.countDocuments({ topicId: 1 })).toBe(2000)
  })
})
