/**
 * Upsert insert rules, per https://www.mongodb.com/docs/v7.0/reference/method/db.collection.updateOne/#upsert
 * ("the update creates a base document from the equality clauses in the <query> parameter, and then
 * applies the expressions from the <update> parameter"; a replacement document is inserted as given,
 * with _id taken from the query when the query has an _id equality) and .../update/setOnInsert/.
 */
import { type Collection, type Document, ObjectId } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('upserts')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  collectionCount += 1
  docs = target.db.collection(`docs_${collectionCount}`)
})

async function only(): Promise<Document> {
  const all = await docs.find().toArray()
  expect(all).toHaveLength(1)
  return all[0] as Document
}

describe('upserts with update operators', () => {
  it('seeds the new document with the query equality fields only, then applies the update', async () => {
    const result = await docs.updateOne(
      { a: 1, b: { $gt: 5 } },
      { $set: { c: 1 } },
      { upsert: true },
    )
    expect(result.upsertedCount).toBe(1)
    expect(result.upsertedId).toBeInstanceOf(ObjectId)
    expect(await only()).toEqual({ _id: result.upsertedId, a: 1, c: 1 })
  })

  it('takes _id from an _id equality in the query', async () => {
    const result = await docs.updateOne({ _id: 'abc' }, { $inc: { n: 1 } }, { upsert: true })
    expect(result.upsertedId).toBe('abc')
    expect(await only()).toEqual({ _id: 'abc', n: 1 })
  })

  it('turns dotted equality paths into embedded documents', async () => {
    await docs.updateOne({ 'a.b': 1, 'a.c': 2 }, { $set: { d: 3 } }, { upsert: true })
    const { _id, ...rest } = await only()
    expect(rest).toEqual({ a: { b: 1, c: 2 }, d: 3 })
    expect(_id).toBeInstanceOf(ObjectId)
  })

  it('uses equality clauses inside $and and $eq', async () => {
    await docs.updateOne(
      { $and: [{ x: 1 }, { y: { $eq: 2 } }] },
      { $set: { z: 3 } },
      { upsert: true },
    )
    const { _id, ...rest } = await only()
    expect(rest).toEqual({ x: 1, y: 2, z: 3 })
  })

  it('applies operators on top of the seeded query values', async () => {
    await docs.updateOne({ n: 5, s: 'a' }, { $inc: { n: 1 }, $set: { s: 'b' } }, { upsert: true })
    const { _id, ...rest } = await only()
    expect(rest).toEqual({ n: 6, s: 'b' })
  })

  it('applies $setOnInsert only when the upsert inserts', async () => {
    const first = await docs.updateOne(
      { k: 'x' },
      { $set: { n: 1 }, $setOnInsert: { created: 'first' } },
      { upsert: true },
    )
    expect(first.upsertedCount).toBe(1)
    const second = await docs.updateOne(
      { k: 'x' },
      { $set: { n: 2 }, $setOnInsert: { created: 'second' } },
      { upsert: true },
    )
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 })
    expect(second.upsertedId).toBeNull()
    const { _id, ...rest } = await only()
    expect(rest).toEqual({ k: 'x', n: 2, created: 'first' })
  })

  it('$setOnInsert may choose the _id of the inserted document', async () => {
    const result = await docs.updateOne(
      { k: 'y' },
      { $setOnInsert: { _id: 'chosen' }, $set: { n: 1 } },
      { upsert: true },
    )
    expect(result.upsertedId).toBe('chosen')
    expect(await only()).toEqual({ _id: 'chosen', k: 'y', n: 1 })
  })

  it('updateMany with upsert inserts exactly one document when nothing matches', async () => {
    const result = await docs.updateMany({ tag: 't' }, { $set: { seen: true } }, { upsert: true })
    expect(result.upsertedCount).toBe(1)
    expect(result.matchedCount).toBe(0)
    const { _id, ...rest } = await only()
    expect(rest).toEqual({ tag: 't', seen: true })
  })

  it('does not insert when a document matches', async () => {
    await docs.insertOne({ _id: 1, k: 'x' })
    const result = await docs.updateOne({ k: 'x' }, { $set: { n: 1 } }, { upsert: true })
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 })
    expect(await only()).toEqual({ _id: 1, k: 'x', n: 1 })
  })
})

describe('upserts with replacement documents', () => {
  it('inserts the replacement as given, without the query fields', async () => {
    const result = await docs.replaceOne({ q: 1 }, { r: 2 }, { upsert: true })
    expect(result.upsertedCount).toBe(1)
    expect(await only()).toEqual({ _id: result.upsertedId, r: 2 })
  })

  it('takes _id from the query when the replacement has none', async () => {
    const result = await docs.replaceOne({ _id: 7 }, { r: 2 }, { upsert: true })
    expect(result.upsertedId).toBe(7)
    expect(await only()).toEqual({ _id: 7, r: 2 })
  })

  it('replaces the matched document instead of inserting when one matches', async () => {
    await docs.insertOne({ _id: 1, q: 1, old: true })
    const result = await docs.replaceOne({ q: 1 }, { q: 1, fresh: true }, { upsert: true })
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 })
    expect(await only()).toEqual({ _id: 1, q: 1, fresh: true })
  })
})
