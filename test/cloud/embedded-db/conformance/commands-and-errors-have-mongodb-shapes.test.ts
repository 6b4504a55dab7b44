/**
 * Command replies and error shapes, per https://www.mongodb.com/docs/v7.0/reference/error-codes/
 * (CommandNotFound 59, NamespaceExists 48, BadValue 2) and the command reference pages. For
 * features MongoDB only supports under conditions this suite does not set up ($text without a text
 * index, $near without a geo index, an unknown pipeline stage) the tests only assert that the call is
 * rejected, as real MongoDB rejects it too.
 */
import { MongoServerError } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target

beforeAll(async () => {
  target = await connectTarget('errors')
  await target.db.collection<Doc>('docs').insertMany([
    { _id: 1, text: '商量 议事' },
    { _id: 2, text: 'hello world' },
  ])
})

afterAll(async () => {
  await target?.close()
})

describe('handshake and admin commands', () => {
  it('ping answers ok', async () => {
    expect(await target.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 })
  })

  it('hello reports a writable primary that the driver can use', async () => {
    const hello = await target.client.db('admin').command({ hello: 1 })
    expect(hello.isWritablePrimary).toBe(true)
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9)
    expect(typeof hello.maxBsonObjectSize).toBe('number')
    expect(hello.ok).toBe(1)
  })

  it('buildInfo reports a version string', async () => {
    const info = await target.client.db('admin').command({ buildInfo: 1 })
    expect(info.version).toMatch(/^\d+\.\d+/)
  })

  it('listCollections and listDatabases include what this test created', async () => {
    const names = (await target.db.listCollections().toArray()).map((c) => c.name)
    expect(names).toContain('docs')
    const dbs = await target.client.db('admin').admin().listDatabases()
    expect(dbs.databases.map((d) => d.name)).toContain(target.dbName)
  })
})

describe('common command options are accepted', () => {
  it('find accepts comment, maxTimeMS, allowDiskUse, let and a read concern', async () => {
    const docs = await target.db
      .collection<Doc>('docs')
      .find(
        { $expr: { $eq: ['$_id', '$$wanted'] } },
        {
          comment: '议题查询',
          maxTimeMS: 5_000,
          allowDiskUse: true,
          let: { wanted: 2 },
          readConcern: { level: 'local' },
        },
      )
      .toArray()
    expect(docs.map((d) => d._id)).toEqual([2])
  })

  it('writes accept an explicit acknowledged write concern', async () => {
    const scratch = target.db.collection<Doc>('write_concern')
    const result = await scratch.insertOne({ _id: 1 }, { writeConcern: { w: 1, j: true } })
    expect(result.acknowledged).toBe(true)
    const updated = await scratch.updateOne(
      { _id: 1 },
      { $set: { a: 1 } },
      { writeConcern: { w: 'majority', wtimeoutMS: 5_000 } },
    )
    expect(updated.modifiedCount).toBe(1)
  })

  it('explain on a find returns a query planner section', async () => {
    const plan = await target.db.collection<Doc>('docs').find({ _id: 1 }).explain()
    expect(plan.queryPlanner).toBeDefined()
  })
})

describe('command errors', () => {
  it('an unknown command fails with CommandNotFound (59)', async () => {
    const error = await rejectionOf(target.db.command({ frobnicateEverything: 1 }))
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error.code).toBe(59)
    expect(error.codeName).toBe('CommandNotFound')
  })

  it('creating a collection that already exists fails with NamespaceExists (48)', async () => {
    await target.db.createCollection('made_once')
    const error = await rejectionOf(target.db.createCollection('made_once'))
    expect(error.code).toBe(48)
    expect(error.codeName).toBe('NamespaceExists')
  })

  it('an unknown query operator fails with BadValue (2)', async () => {
    const docs = target.db.collection('docs')
    expect((await rejectionOf(docs.find({ text: { $frob: 1 } }).toArray())).code).toBe(2)
    expect((await rejectionOf(docs.find({ $frob: 1 }).toArray())).code).toBe(2)
  })

  it('an array as _id is refused', async () => {
    // The driver's typings forbid an array _id; the server must refuse it as well.
    const arrayId = { _id: [1, 2] } as unknown as Doc
    await rejectionOf(target.db.collection<Doc>('docs').insertOne(arrayId))
  })
})

describe('unsupported-here features are rejected, not silently ignored', () => {
  it('$text without a text index is rejected', async () => {
    await rejectionOf(
      target.db
        .collection('docs')
        .find({ $text: { $search: 'hello' } })
        .toArray(),
    )
  })

  it('$near without a geospatial index is rejected', async () => {
    await rejectionOf(
      target.db
        .collection('docs')
        .find({ loc: { $near: { $geometry: { type: 'Point', coordinates: [0, 0] } } } })
        .toArray(),
    )
  })

  it('an unknown aggregation stage is rejected', async () => {
    await rejectionOf(
      target.db
        .collection('docs')
        .aggregate([{ $frobnicate: {} }])
        .toArray(),
    )
  })

  it('an unknown aggregation expression operator is rejected', async () => {
    await rejectionOf(
      target.db
        .collection('docs')
        .aggregate([{ $project: { x: { $frobnicate: '$text' } } }])
        .toArray(),
    )
  })
})

describe('reads of missing namespaces', () => {
  it('finding in a collection that does not exist returns no documents rather than an error', async () => {
    expect(await target.db.collection('never_created').find({ a: 1 }).toArray()).toEqual([])
    expect(await target.db.collection('never_created').findOne({})).toBeNull()
  })

  it('updates and deletes on a missing collection match nothing', async () => {
    const missing = target.db.collection('never_created_2')
    expect((await missing.updateOne({ a: 1 }, { $set: { b: 1 } })).matchedCount).toBe(0)
    expect((await missing.deleteMany({})).deletedCount).toBe(0)
  })
})
