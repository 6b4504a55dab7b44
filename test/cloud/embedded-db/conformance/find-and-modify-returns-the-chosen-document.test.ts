/**
 * findOneAndUpdate / findOneAndReplace / findOneAndDelete, per
 * https://www.mongodb.com/docs/v7.0/reference/command/findAndModify/ and the driver's
 * returnDocument option (default 'before'); driver 7 returns the document itself unless
 * includeResultMetadata is set.
 */
import type { Collection } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('find_and_modify')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  collectionCount += 1
  docs = target.db.collection<Doc>(`docs_${collectionCount}`)
  await docs.insertMany([
    { _id: 1, g: 'a', n: 3, secret: 's1' },
    { _id: 2, g: 'a', n: 1, secret: 's2' },
    { _id: 3, g: 'b', n: 2, secret: 's3' },
  ])
})

describe('findOneAndUpdate', () => {
  it('returns the document as it was before the update by default', async () => {
    const before = await docs.findOneAndUpdate({ _id: 1 }, { $inc: { n: 10 } })
    expect(before).toEqual({ _id: 1, g: 'a', n: 3, secret: 's1' })
    expect((await docs.findOne({ _id: 1 }))?.n).toBe(13)
  })

  it("returns the updated document with returnDocument 'after'", async () => {
    const after = await docs.findOneAndUpdate(
      { _id: 1 },
      { $inc: { n: 10 } },
      { returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 1, g: 'a', n: 13, secret: 's1' })
  })

  it('picks the first document in sort order when several match', async () => {
    const after = await docs.findOneAndUpdate(
      { g: 'a' },
      { $set: { picked: true } },
      { sort: { n: 1 }, returnDocument: 'after' },
    )
    expect(after?._id).toBe(2)
    expect(await docs.countDocuments({ picked: true })).toBe(1)
  })

  it('applies the projection to the returned document', async () => {
    const after = await docs.findOneAndUpdate(
      { _id: 3 },
      { $set: { n: 20 } },
      { projection: { secret: 0 }, returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 3, g: 'b', n: 20 })
  })

  it('returns null when nothing matches and upsert is off', async () => {
    expect(await docs.findOneAndUpdate({ _id: 99 }, { $set: { n: 1 } })).toBeNull()
    expect(await docs.countDocuments()).toBe(3)
  })

  it("upserts and returns the new document with returnDocument 'after'", async () => {
    const after = await docs.findOneAndUpdate(
      { _id: 50, g: 'z' },
      { $set: { n: 5 }, $setOnInsert: { fresh: true } },
      { upsert: true, returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 50, g: 'z', n: 5, fresh: true })
  })

  it("returns null for an upsert that inserts when returnDocument is 'before'", async () => {
    const before = await docs.findOneAndUpdate({ _id: 51 }, { $set: { n: 5 } }, { upsert: true })
    expect(before).toBeNull()
    expect(await docs.findOne({ _id: 51 })).toEqual({ _id: 51, n: 5 })
  })

  it('reports whether an existing document was updated through includeResultMetadata', async () => {
    const result = await docs.findOneAndUpdate(
      { _id: 1 },
      { $set: { n: 4 } },
      { includeResultMetadata: true, returnDocument: 'after' },
    )
    expect(result.ok).toBe(1)
    expect(result.value).toEqual({ _id: 1, g: 'a', n: 4, secret: 's1' })
    expect(result.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true })
  })

  it('accepts an aggregation pipeline as the update', async () => {
    const after = await docs.findOneAndUpdate(
      { _id: 2 },
      [{ $set: { n: { $add: ['$n', 10] }, tag: { $concat: ['$g', '-x'] } } }],
      { returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 2, g: 'a', n: 11, secret: 's2', tag: 'a-x' })
  })

  it('accepts arrayFilters', async () => {
    await docs.insertOne({ _id: 9, arr: [1, 5, 9] })
    const after = await docs.findOneAndUpdate(
      { _id: 9 },
      { $set: { 'arr.$[big]': 0 } },
      { arrayFilters: [{ big: { $gt: 4 } }], returnDocument: 'after' },
    )
    expect(after?.arr).toEqual([1, 0, 0])
  })
})

describe('findOneAndReplace', () => {
  it('replaces the first document in sort order and returns the old one by default', async () => {
    const before = await docs.findOneAndReplace({ g: 'a' }, { g: 'c', n: 0 }, { sort: { n: -1 } })
    expect(before?._id).toBe(1)
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, g: 'c', n: 0 })
  })

  it("returns the replacement with returnDocument 'after' and upserts when asked", async () => {
    const after = await docs.findOneAndReplace(
      { _id: 60 },
      { g: 'new' },
      { upsert: true, returnDocument: 'after' },
    )
    expect(after).toEqual({ _id: 60, g: 'new' })
  })
})

describe('findOneAndDelete', () => {
  it('deletes the first document in sort order and returns it', async () => {
    const deleted = await docs.findOneAndDelete({ g: 'a' }, { sort: { n: 1 } })
    expect(deleted).toEqual({ _id: 2, g: 'a', n: 1, secret: 's2' })
    expect(await docs.countDocuments()).toBe(2)
  })

  it('applies the projection and returns null when nothing matches', async () => {
    expect(await docs.findOneAndDelete({ _id: 3 }, { projection: { n: 1 } })).toEqual({
      _id: 3,
      n: 2,
    })
    expect(await docs.findOneAndDelete({ _id: 3 })).toBeNull()
  })
})
