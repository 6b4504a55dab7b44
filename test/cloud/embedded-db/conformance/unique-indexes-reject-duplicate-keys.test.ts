/**
 * Unique index enforcement on every write path, per https://www.mongodb.com/docs/v7.0/core/index-unique/
 * (a missing field is indexed as null, so only one document may lack it; sparse and partial unique
 * indexes only cover documents that have the field / match the filter; building a unique index over
 * duplicates fails) and the E11000 error shape with keyPattern and keyValue.
 */
import { type Collection, Decimal128, Double } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let users: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('unique')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  collectionCount += 1
  users = target.db.collection<Doc>(`users_${collectionCount}`)
  await users.createIndex({ email: 1 }, { unique: true })
  await users.insertOne({ _id: 1, email: 'a@x', name: 'ann' })
})

describe('a unique single-field index', () => {
  it('rejects a duplicate insert with E11000 naming the index, keyPattern and keyValue', async () => {
    const error = await rejectionOf(users.insertOne({ _id: 2, email: 'a@x' }))
    expect(error.name).toBe('MongoServerError')
    expect(error.code).toBe(11000)
    expect(error.message).toContain(
      `E11000 duplicate key error collection: ${target.dbName}.${users.collectionName} index: email_1 dup key:`,
    )
    expect(error.keyPattern).toEqual({ email: 1 })
    expect(error.keyValue).toEqual({ email: 'a@x' })
    expect(await users.countDocuments()).toBe(1)
  })

  it('treats a missing field as null, so only one document may lack it', async () => {
    await users.insertOne({ _id: 2 })
    const error = await rejectionOf(users.insertOne({ _id: 3, name: 'no email' }))
    expect(error.code).toBe(11000)
    expect(error.keyValue).toEqual({ email: null })
  })

  it('rejects an update that would duplicate a key and leaves the document unchanged', async () => {
    await users.insertOne({ _id: 2, email: 'b@x' })
    const error = await rejectionOf(users.updateOne({ _id: 2 }, { $set: { email: 'a@x' } }))
    expect(error.code).toBe(11000)
    expect(await users.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b@x' })
  })

  it('rejects a replacement that would duplicate a key', async () => {
    await users.insertOne({ _id: 2, email: 'b@x' })
    const error = await rejectionOf(users.replaceOne({ _id: 2 }, { email: 'a@x' }))
    expect(error.code).toBe(11000)
  })

  it('rejects an upsert whose new document would duplicate a key', async () => {
    const error = await rejectionOf(
      users.updateOne({ name: 'zed' }, { $set: { email: 'a@x' } }, { upsert: true }),
    )
    expect(error.code).toBe(11000)
    expect(await users.countDocuments()).toBe(1)
  })

  it('findOneAndUpdate fails with a DuplicateKey command error carrying keyPattern and keyValue', async () => {
    await users.insertOne({ _id: 2, email: 'b@x' })
    const error = await rejectionOf(
      users.findOneAndUpdate({ _id: 2 }, { $set: { email: 'a@x' } }, { returnDocument: 'after' }),
    )
    expect(error.code).toBe(11000)
    expect(error.codeName).toBe('DuplicateKey')
    expect(error.keyPattern).toEqual({ email: 1 })
    expect(error.keyValue).toEqual({ email: 'a@x' })
  })

  it('an upserting findOneAndUpdate that would duplicate a key fails and inserts nothing', async () => {
    const error = await rejectionOf(
      users.findOneAndUpdate({ name: 'zed' }, { $set: { email: 'a@x' } }, { upsert: true }),
    )
    expect(error.code).toBe(11000)
    expect(await users.countDocuments()).toBe(1)
  })

  it('allows the same key again once the holder is deleted or changes its key', async () => {
    await users.deleteOne({ _id: 1 })
    await users.insertOne({ _id: 2, email: 'a@x' })
    await users.updateOne({ _id: 2 }, { $set: { email: 'c@x' } })
    await users.insertOne({ _id: 3, email: 'a@x' })
    expect(await users.countDocuments()).toBe(2)
  })

  it('updateMany setting one key on several documents updates the first and rejects the second', async () => {
    await users.insertMany([
      { _id: 2, email: 'b@x', team: 't' },
      { _id: 3, email: 'c@x', team: 't' },
    ])
    const error = await rejectionOf(users.updateMany({ team: 't' }, { $set: { email: 'same@x' } }))
    expect(error.code).toBe(11000)
    expect(await users.countDocuments({ email: 'same@x' })).toBe(1)
  })

  it('an update that keeps a document its own key is not a duplicate', async () => {
    const result = await users.updateOne({ _id: 1 }, { $set: { email: 'a@x', name: 'ann 2' } })
    expect(result.modifiedCount).toBe(1)
  })
})

describe('compound, sparse and partial unique indexes', () => {
  it('a compound unique index only rejects the same combination of values', async () => {
    const members = target.db.collection<Doc>(`members_${collectionCount}`)
    await members.createIndex({ org: 1, email: 1 }, { unique: true })
    await members.insertMany([
      { org: 'o1', email: 'x' },
      { org: 'o2', email: 'x' },
      { org: 'o1', email: 'y' },
    ])
    const error = await rejectionOf(members.insertOne({ org: 'o1', email: 'x' }))
    expect(error.code).toBe(11000)
    expect(error.keyPattern).toEqual({ org: 1, email: 1 })
    expect(error.keyValue).toEqual({ org: 'o1', email: 'x' })
  })

  it('a sparse unique index allows many documents without the field but no duplicate values', async () => {
    const phones = target.db.collection<Doc>(`phones_${collectionCount}`)
    await phones.createIndex({ phone: 1 }, { unique: true, sparse: true })
    await phones.insertMany([{ name: 'a' }, { name: 'b' }, { phone: '1' }])
    expect((await rejectionOf(phones.insertOne({ phone: '1' }))).code).toBe(11000)
  })

  it('a partial unique index only constrains documents matching its filter', async () => {
    const handles = target.db.collection<Doc>(`handles_${collectionCount}`)
    await handles.createIndex(
      { handle: 1 },
      { unique: true, partialFilterExpression: { active: { $eq: true } } },
    )
    await handles.insertMany([
      { _id: 1, handle: 'h', active: false },
      { _id: 2, handle: 'h', active: false },
      { _id: 3, handle: 'h', active: true },
    ])
    expect((await rejectionOf(handles.insertOne({ _id: 4, handle: 'h', active: true }))).code).toBe(
      11000,
    )
    const error = await rejectionOf(handles.updateOne({ _id: 1 }, { $set: { active: true } }))
    expect(error.code).toBe(11000)
    expect(await handles.countDocuments({ active: true })).toBe(1)
  })
})

describe('unique indexes on arrays and embedded fields', () => {
  it('a unique index on an array field rejects a document sharing any element with another document', async () => {
    const tagged = target.db.collection<Doc>(`tagged_${collectionCount}`)
    await tagged.createIndex({ tags: 1 }, { unique: true })
    await tagged.insertOne({ _id: 1, tags: ['a', 'b'] })
    // The same value twice inside one document is not a duplicate.
    await tagged.insertOne({ _id: 2, tags: ['c', 'c'] })
    const error = await rejectionOf(tagged.insertOne({ _id: 3, tags: ['d', 'b'] }))
    expect(error.code).toBe(11000)
    expect(await tagged.countDocuments()).toBe(2)
  })

  it('a unique index on an embedded field compares that field across documents', async () => {
    const profiles = target.db.collection<Doc>(`profiles_${collectionCount}`)
    await profiles.createIndex({ 'contact.phone': 1 }, { unique: true })
    await profiles.insertOne({ _id: 1, contact: { phone: '138' } })
    const error = await rejectionOf(profiles.insertOne({ _id: 2, contact: { phone: '138' } }))
    expect(error.code).toBe(11000)
    expect(error.keyPattern).toEqual({ 'contact.phone': 1 })
    expect(error.keyValue).toEqual({ 'contact.phone': '138' })
  })

  it('a compound unique index treats a missing component as null', async () => {
    const pairs = target.db.collection<Doc>(`pairs_${collectionCount}`)
    await pairs.createIndex({ org: 1, code: 1 }, { unique: true })
    await pairs.insertOne({ org: 'o1' })
    const error = await rejectionOf(pairs.insertOne({ org: 'o1', code: null }))
    expect(error.code).toBe(11000)
    expect(error.keyValue).toEqual({ org: 'o1', code: null })
  })
})

describe('unique keys compare numbers by value', () => {
  it('an int, a double and a Decimal128 with the same value are the same key', async () => {
    const amounts = target.db.collection<Doc>(`amounts_${collectionCount}`)
    await amounts.createIndex({ v: 1 }, { unique: true })
    await amounts.insertOne({ _id: 1, v: 5 })
    expect((await rejectionOf(amounts.insertOne({ _id: 2, v: new Double(5) }))).code).toBe(11000)
    expect(
      (await rejectionOf(amounts.insertOne({ _id: 3, v: Decimal128.fromString('5.0') }))).code,
    ).toBe(11000)
    await amounts.insertOne({ _id: 4, v: '5' })
    expect(await amounts.countDocuments()).toBe(2)
  })
})

describe('building a unique index', () => {
  it('fails over existing duplicates with DuplicateKey and leaves no index behind', async () => {
    const dupes = target.db.collection<Doc>(`dupes_${collectionCount}`)
    await dupes.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }])
    const error = await rejectionOf(dupes.createIndex({ k: 1 }, { unique: true }))
    expect(error.code).toBe(11000)
    const names = (await dupes.listIndexes().toArray()).map((i) => i.name)
    expect(names).toEqual(['_id_'])
    await dupes.insertOne({ k: 2 })
    expect(await dupes.countDocuments({ k: 2 })).toBe(2)
  })

  it('an unordered insertMany keeps the unique documents and reports each duplicate', async () => {
    const error = await rejectionOf(
      users.insertMany([{ email: 'b@x' }, { email: 'a@x' }, { email: 'c@x' }, { email: 'b@x' }], {
        ordered: false,
      }),
    )
    expect(error.code).toBe(11000)
    expect(await users.countDocuments()).toBe(3)
  })
})
