import { MongoClient } from 'mongodb'
import { startHarness, stopHarness, failure, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ ttlIntervalMs: 50 })
})
afterAll(() => stopHarness(h))

describe('unique indexes', () => {
  it('reports insert duplicates as writeErrors with keyPattern and keyValue', async () => {
    const c = h.db.collection('users')
    await c.createIndex({ org: 1, email: 1 }, { unique: true })
    await c.insertOne({ org: 'a', email: 'ann@x' })
    const err = await failure(c.insertOne({ org: 'a', email: 'ann@x' }))
    expect(err.code).toBe(11000)
    expect(err.keyPattern).toEqual({ org: 1, email: 1 })
    expect(err.keyValue).toEqual({ org: 'a', email: 'ann@x' })
    expect(err.errmsg).toBe(
      'E11000 duplicate key error collection: test.users index: org_1_email_1 dup key: { org: "a", email: "ann@x" }',
    )
    await c.insertOne({ org: 'b', email: 'ann@x' })
  })

  it('enforces uniqueness on update, upsert and findAndModify', async () => {
    const c = h.db.collection('users')
    await c.insertOne({ org: 'a', email: 'bob@x' })
    expect(
      (await failure(c.updateOne({ email: 'bob@x' }, { $set: { email: 'ann@x' } }))).code,
    ).toBe(11000)
    expect(
      (
        await failure(
          c.updateOne({ org: 'a', email: 'ann@x', z: 1 }, { $set: { y: 1 } }, { upsert: true }),
        )
      ).code,
    ).toBe(11000)
    const fam = await failure(c.findOneAndUpdate({ email: 'bob@x' }, { $set: { email: 'ann@x' } }))
    expect(fam).toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyValue: { org: 'a', email: 'ann@x' },
    })
  })

  it('lets sparse unique indexes hold many documents without the field', async () => {
    const c = h.db.collection('sparse')
    await c.createIndex({ nick: 1 }, { unique: true, sparse: true })
    await c.insertMany([{ a: 1 }, { a: 2 }, { nick: 'n' }])
    expect((await failure(c.insertOne({ nick: 'n' }))).code).toBe(11000)
  })

  it('treats a missing field as null in non-sparse unique indexes', async () => {
    const c = h.db.collection('nulls')
    await c.createIndex({ k: 1 }, { unique: true })
    await c.insertOne({ a: 1 })
    expect((await failure(c.insertOne({ a: 2 }))).code).toBe(11000)
  })

  it('applies partial unique indexes only to matching documents', async () => {
    const c = h.db.collection('partial')
    await c.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } })
    await c.insertMany([
      { email: 'x', active: false },
      { email: 'x', active: false },
      { email: 'x', active: true },
    ])
    expect((await failure(c.insertOne({ email: 'x', active: true }))).code).toBe(11000)
  })

  it('refuses to build a unique index over existing duplicates', async () => {
    const c = h.db.collection('dups')
    await c.insertMany([{ k: 1 }, { k: 1 }])
    const err = await failure(c.createIndex({ k: 1 }, { unique: true }))
    expect(err.code).toBe(11000)
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('holds under many concurrent clients racing for the same key', async () => {
    const c = h.db.collection('race')
    await c.createIndex({ k: 1 }, { unique: true })
    const clients = await Promise.all(
      Array.from({ length: 4 }, () => new MongoClient(h.server.uri).connect()),
    )
    try {
      const attempts = clients.flatMap((cl) =>
        Array.from({ length: 10 }, (_, i) =>
          cl
            .db('test')
            .collection('race')
            .insertOne({ k: i % 3, by: i }),
        ),
      )
      const results = await Promise.allSettled(attempts)
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
      expect(await c.countDocuments()).toBe(3)
    } finally {
      await Promise.all(clients.map((cl) => cl.close()))
    }
  })
})

describe('index catalog', () => {
  it('creates, lists and drops indexes with conflict codes', async () => {
    const c = h.db.collection('ix')
    await c.createIndex({ a: 1 }, { name: 'a_idx' })
    expect((await failure(c.createIndex({ b: 1 }, { name: 'a_idx' }))).code).toBe(86)
    expect((await failure(c.createIndex({ a: 1 }, { name: 'other' }))).code).toBe(85)
    expect(await c.createIndex({ a: 1 }, { name: 'a_idx' })).toBe('a_idx')
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'a_idx'])
    await c.dropIndex('a_idx')
    expect((await failure(c.dropIndex('a_idx'))).code).toBe(27)
    expect((await failure(c.dropIndex('_id_'))).code).toBe(72)
  })
})

describe('query planning', () => {
  beforeAll(async () => {
    const c = h.db.collection('planned')
    await c.insertMany(Array.from({ length: 500 }, (_, i) => ({ n: i, s: `k${i % 50}` })))
    await c.createIndex({ n: 1 })
    await c.createIndex({ s: 1 })
  })

  it('uses an index for equality and examines only matching documents', async () => {
    const plan = await h.db.collection('planned').find({ s: 'k7' }).explain('executionStats')
    expect(plan.queryPlanner.winningPlan.inputStage.indexName).toBe('s_1')
    expect(plan.executionStats.totalDocsExamined).toBe(10)
    expect(plan.executionStats.nReturned).toBe(10)
  })

  it('uses an index for ranges', async () => {
    const plan = await h.db
      .collection('planned')
      .find({ n: { $gte: 100, $lt: 110 } })
      .explain('executionStats')
    expect(plan.queryPlanner.winningPlan.inputStage.indexName).toBe('n_1')
    expect(plan.executionStats.totalDocsExamined).toBe(10)
    const docs = await h.db
      .collection('planned')
      .find({ n: { $gt: 495 } })
      .toArray()
    expect(docs.map((d) => d.n).sort()).toEqual([496, 497, 498, 499])
  })

  it('falls back to a collection scan without a usable index', async () => {
    const plan = await h.db.collection('planned').find({ other: 1 }).explain('executionStats')
    expect(plan.queryPlanner.winningPlan.stage).toBe('COLLSCAN')
    expect(plan.executionStats.totalDocsExamined).toBe(500)
  })

  it('keeps index results right after updates and deletes', async () => {
    const c = h.db.collection('planned')
    await c.updateOne({ n: 5 }, { $set: { s: 'moved' } })
    await c.deleteOne({ n: 7 })
    expect(await c.countDocuments({ s: 'moved' })).toBe(1)
    expect(await c.countDocuments({ s: 'k5' })).toBe(9)
    expect(await c.countDocuments({ n: { $lte: 10 } })).toBe(10)
  })
})

describe('TTL indexes', () => {
  it('removes expired documents on the periodic sweep', async () => {
    const c = h.db.collection('sessions')
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 })
    await c.insertMany([
      { at: new Date(Date.now() - 10_000) },
      { at: new Date(Date.now() + 60_000) },
      { at: 'not a date' },
    ])
    let left = 3
    for (let i = 0; i < 100 && left !== 2; i++) {
      await new Promise((r) => setTimeout(r, 20))
      left = await c.countDocuments()
    }
    expect(left).toBe(2)
  })
})
