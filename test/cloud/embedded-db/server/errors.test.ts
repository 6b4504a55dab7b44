import { prepareInsert } from '../../../../cloud/embedded-db/src/commands/writes'
import { startHarness, stopHarness, failure, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await h.db
    .collection('d')
    .insertOne({ _id: 1 as never, s: 'text', n: 1, arr: [1], sub: { a: 1 } })
})
afterAll(() => stopHarness(h))

const c = () => h.db.collection('d')

describe('update strictness that mingo lacks', () => {
  it('rejects $inc and $mul on a non-number with TypeMismatch', async () => {
    expect((await failure(c().updateOne({ _id: 1 as never }, { $inc: { s: 1 } }))).code).toBe(14)
    expect((await failure(c().updateOne({ _id: 1 as never }, { $mul: { s: 2 } }))).code).toBe(14)
    expect(
      (await failure(c().updateOne({ _id: 1 as never }, { $inc: { n: 'x' as never } }))).code,
    ).toBe(14)
  })

  it('rejects $push and $addToSet onto a non-array with BadValue', async () => {
    expect(
      (await failure(c().updateOne({ _id: 1 as never }, { $push: { s: 1 } as never }))).code,
    ).toBe(2)
    expect(
      (await failure(c().updateOne({ _id: 1 as never }, { $addToSet: { n: 1 } as never }))).code,
    ).toBe(2)
  })

  it('rejects conflicting update paths with code 40', async () => {
    const err = await failure(
      c().updateOne({ _id: 1 as never }, { $set: { sub: {} }, $inc: { 'sub.a': 1 } }),
    )
    expect(err.code).toBe(40)
  })

  it('rejects changing _id with ImmutableField but allows setting the same value', async () => {
    expect(
      (await failure(c().updateOne({ _id: 1 as never }, { $set: { _id: 2 as never } }))).code,
    ).toBe(66)
    expect(
      (await failure(c().replaceOne({ _id: 1 as never }, { _id: 3 as never, x: 1 }))).code,
    ).toBe(66)
    expect(
      (await c().updateOne({ _id: 1 as never }, { $set: { _id: 1 as never } })).matchedCount,
    ).toBe(1)
  })

  it('rejects unknown update operators with FailedToParse', async () => {
    const res = await h.db.command({ update: 'd', updates: [{ q: {}, u: { $frob: { a: 1 } } }] })
    expect(res.ok).toBe(1)
    expect(res.writeErrors[0].code).toBe(9)
  })

  it('leaves the document unchanged after rejected updates', async () => {
    expect(await c().findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      s: 'text',
      n: 1,
      arr: [1],
      sub: { a: 1 },
    })
  })
})

describe('unsupported features fail loudly', () => {
  it('rejects $text without a text index (27) and with one (238)', async () => {
    expect(
      (
        await failure(
          c()
            .find({ $text: { $search: 'x' } })
            .toArray(),
        )
      ).code,
    ).toBe(27)
    await h.db.collection('t').createIndex({ body: 'text' })
    expect(
      (
        await failure(
          h.db
            .collection('t')
            .find({ $text: { $search: 'x' } })
            .toArray(),
        )
      ).code,
    ).toBe(238)
  })

  it('rejects geo operators, $where and JavaScript expressions', async () => {
    expect(
      (
        await failure(
          c()
            .find({ loc: { $near: [0, 0] } })
            .toArray(),
        )
      ).code,
    ).toBe(238)
    expect(
      (
        await failure(
          c()
            .find({ loc: { $geoWithin: { $center: [[0, 0], 1] } } })
            .toArray(),
        )
      ).code,
    ).toBe(238)
    expect((await failure(c().find({ $where: 'this.n > 0' }).toArray())).code).toBe(2)
    const fn = { $function: { body: 'function(){return 1}', args: [], lang: 'js' } }
    expect(
      (
        await failure(
          c()
            .aggregate([{ $project: { x: fn } }])
            .toArray(),
        )
      ).code,
    ).toBe(238)
  })

  it('rejects change streams like a standalone mongod', async () => {
    const err = await failure(
      h.db.command({ aggregate: 'd', pipeline: [{ $changeStream: {} }], cursor: {} }),
    )
    expect(err.code).toBe(40573)
  })

  it('rejects unknown pipeline stages and $merge', async () => {
    expect(
      (
        await failure(
          c()
            .aggregate([{ $frob: {} }])
            .toArray(),
        )
      ).code,
    ).toBe(40324)
    expect(
      (
        await failure(
          c()
            .aggregate([{ $merge: { into: 'x' } }])
            .toArray(),
        )
      ).code,
    ).toBe(238)
  })

  it('rejects authentication commands as unknown', async () => {
    expect(
      (
        await failure(
          h.db.command({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: Buffer.from('') }),
        )
      ).code,
    ).toBe(59)
  })

  it('rejects documents larger than 16 MB (the driver refuses to send them, so checked directly)', () => {
    const big = { blob: 'x'.repeat(17 * 1024 * 1024) }
    expect(() => prepareInsert(big)).toThrow(expect.objectContaining({ code: 10334 }))
    expect(prepareInsert({ a: 1 })._id).toBeDefined()
  })

  it('rejects capped collections instead of silently not capping', async () => {
    expect((await failure(h.db.createCollection('cap', { capped: true, size: 1000 }))).code).toBe(
      238,
    )
  })
})
