/**
 * Collection management, per https://www.mongodb.com/docs/v7.0/reference/command/create/,
 * .../command/renameCollection/ (renaming onto an existing collection without dropTarget fails with
 * NamespaceExists 48) and .../core/schema-validation/ (invalid writes fail with DocumentValidationFailure
 * 121; bypassDocumentValidation skips the check).
 */
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target

beforeAll(async () => {
  target = await connectTarget('collections')
})

afterAll(async () => {
  await target?.close()
})

async function collectionNames(): Promise<string[]> {
  return (await target.db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .sort()
}

describe('create, list and drop', () => {
  it('lists a created collection with its type and removes it on drop', async () => {
    await target.db.createCollection('made')
    const [info] = await target.db.listCollections({ name: 'made' }).toArray()
    expect(info).toMatchObject({ name: 'made', type: 'collection' })
    expect(await target.db.collection('made').drop()).toBe(true)
    expect(await collectionNames()).not.toContain('made')
  })

  it('a first insert creates the collection implicitly', async () => {
    await target.db.collection('implicit').insertOne({ a: 1 })
    expect(await collectionNames()).toContain('implicit')
  })

  it('dropDatabase removes every collection of that database only', async () => {
    const scratch = target.client.db(`${target.dbName}_x`)
    await scratch.collection('one').insertOne({ a: 1 })
    await scratch.collection('two').insertOne({ a: 1 })
    await target.db.collection('survivor').insertOne({ a: 1 })
    await scratch.dropDatabase()
    expect(await scratch.listCollections().toArray()).toEqual([])
    expect(await collectionNames()).toContain('survivor')
  })
})

describe('renameCollection', () => {
  it('moves the documents and indexes to the new name', async () => {
    const from = target.db.collection<Doc>('rename_from')
    await from.insertMany([{ _id: 1 }, { _id: 2 }])
    await from.createIndex({ k: 1 })
    await target.db.renameCollection('rename_from', 'rename_to')
    const names = await collectionNames()
    expect(names).toContain('rename_to')
    expect(names).not.toContain('rename_from')
    expect(await target.db.collection('rename_to').countDocuments()).toBe(2)
    const indexes = (await target.db.collection('rename_to').listIndexes().toArray()).map(
      (i) => i.name,
    )
    expect(indexes).toEqual(['_id_', 'k_1'])
  })

  it('refuses to overwrite an existing collection unless dropTarget is set', async () => {
    await target.db.collection('r_src').insertOne({ from: 'src' })
    await target.db.collection('r_dst').insertOne({ from: 'dst' })
    const error = await rejectionOf(target.db.renameCollection('r_src', 'r_dst'))
    expect(error.code).toBe(48)
    await target.db.renameCollection('r_src', 'r_dst', { dropTarget: true })
    const docs = await target.db
      .collection('r_dst')
      .find({}, { projection: { _id: 0 } })
      .toArray()
    expect(docs).toEqual([{ from: 'src' }])
  })
})

describe('schema validation', () => {
  beforeAll(async () => {
    await target.db.createCollection('validated', {
      validator: { name: { $type: 'string' }, age: { $gte: 0 } },
    })
  })

  it('rejects an insert that fails the validator with DocumentValidationFailure (121)', async () => {
    const validated = target.db.collection<Doc>('validated')
    await validated.insertOne({ _id: 1, name: '居民', age: 30 })
    const error = await rejectionOf(validated.insertOne({ _id: 2, name: 42, age: 30 }))
    expect(error.code).toBe(121)
    expect(await validated.countDocuments({ _id: 2 })).toBe(0)
  })

  it('rejects an update that would make a document invalid', async () => {
    const validated = target.db.collection<Doc>('validated')
    await validated.insertOne({ _id: 3, name: '居民', age: 1 })
    const error = await rejectionOf(validated.updateOne({ _id: 3 }, { $set: { age: -5 } }))
    expect(error.code).toBe(121)
    expect((await validated.findOne({ _id: 3 }))?.age).toBe(1)
  })

  it('lets a write through with bypassDocumentValidation', async () => {
    const validated = target.db.collection<Doc>('validated')
    await validated.insertOne({ _id: 4, name: 7 }, { bypassDocumentValidation: true })
    expect(await validated.countDocuments({ _id: 4 })).toBe(1)
  })
})
