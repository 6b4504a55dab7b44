/**
 * Index management shapes, per https://www.mongodb.com/docs/v7.0/reference/command/createIndexes/,
 * .../command/listIndexes/ and .../command/dropIndexes/ (default names are <field>_<direction>
 * joined by underscores; dropping a missing index fails with IndexNotFound 27; listIndexes on a
 * missing collection fails with NamespaceNotFound 26).
 */
import { connectTarget, rejectionOf, type Target } from './harness'

let target: Target

beforeAll(async () => {
  target = await connectTarget('indexes')
})

afterAll(async () => {
  await target?.close()
})

describe('createIndex and createIndexes', () => {
  it('names indexes after their keys and directions', async () => {
    const things = target.db.collection('things')
    expect(await things.createIndex({ email: 1 })).toBe('email_1')
    expect(await things.createIndex({ a: 1, b: -1 })).toBe('a_1_b_-1')
    expect(await things.createIndex({ 'x.y': 1 })).toBe('x.y_1')
  })

  it('uses a caller-provided name and returns every name from createIndexes', async () => {
    const named = target.db.collection('named')
    expect(await named.createIndex({ k: 1 }, { name: 'by_k' })).toBe('by_k')
    expect(
      await named.createIndexes([{ key: { p: 1 } }, { key: { q: -1 }, name: 'q_desc' }]),
    ).toEqual(['p_1', 'q_desc'])
  })

  it('creating an identical index again succeeds and adds nothing', async () => {
    const again = target.db.collection('again')
    await again.createIndex({ k: 1 })
    expect(await again.createIndex({ k: 1 })).toBe('k_1')
    expect(await again.listIndexes().toArray()).toHaveLength(2)
  })

  it('reusing an index name for different keys is rejected', async () => {
    const clash = target.db.collection('clash')
    await clash.createIndex({ k: 1 }, { name: 'shared' })
    await rejectionOf(clash.createIndex({ other: 1 }, { name: 'shared' }))
  })

  it('creating an index creates the collection', async () => {
    await target.db.collection('implicit').createIndex({ k: 1 })
    const names = (await target.db.listCollections({}, { nameOnly: true }).toArray()).map(
      (c) => c.name,
    )
    expect(names).toContain('implicit')
  })
})

describe('listIndexes', () => {
  it('lists the _id index first and each index with its options', async () => {
    const listed = target.db.collection('listed')
    await listed.createIndex({ a: 1 })
    await listed.createIndex({ u: 1 }, { unique: true })
    await listed.createIndex({ s: 1 }, { sparse: true })
    await listed.createIndex(
      { p: 1 },
      { unique: true, partialFilterExpression: { active: { $eq: true } } },
    )
    const indexes = await listed.listIndexes().toArray()
    expect(indexes[0]).toEqual({ v: 2, key: { _id: 1 }, name: '_id_' })
    expect(indexes.slice(1).sort((x, y) => String(x.name).localeCompare(String(y.name)))).toEqual([
      { v: 2, key: { a: 1 }, name: 'a_1' },
      {
        v: 2,
        key: { p: 1 },
        name: 'p_1',
        unique: true,
        partialFilterExpression: { active: { $eq: true } },
      },
      { v: 2, key: { s: 1 }, name: 's_1', sparse: true },
      { v: 2, key: { u: 1 }, name: 'u_1', unique: true },
    ])
  })

  it('lists a TTL index with its expireAfterSeconds', async () => {
    const sessions = target.db.collection('sessions')
    expect(await sessions.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 })).toBe(
      'createdAt_1',
    )
    const ttl = (await sessions.listIndexes().toArray()).find((i) => i.name === 'createdAt_1')
    expect(ttl).toEqual({
      v: 2,
      key: { createdAt: 1 },
      name: 'createdAt_1',
      expireAfterSeconds: 3600,
    })
  })

  it('lists a text index under its internal _fts/_ftsx key with per-field weights', async () => {
    const bios = target.db.collection('bios')
    expect(await bios.createIndex({ bio: 'text' })).toBe('bio_text')
    const text = (await bios.listIndexes().toArray()).find((i) => i.name === 'bio_text')
    expect(text).toMatchObject({ key: { _fts: 'text', _ftsx: 1 }, weights: { bio: 1 } })
  })

  it('a find hinted at an index that does not exist is rejected', async () => {
    const hinted = target.db.collection('hinted')
    await hinted.insertOne({ a: 1 })
    await rejectionOf(hinted.find({ a: 1 }, { hint: 'no_such_index' }).toArray())
    await hinted.createIndex({ a: 1 })
    expect(await hinted.find({ a: 1 }, { hint: 'a_1' }).toArray()).toHaveLength(1)
  })

  it('listing the indexes of a collection that does not exist fails with NamespaceNotFound (26)', async () => {
    const error = await rejectionOf(target.db.collection('nowhere').listIndexes().toArray())
    expect(error.code).toBe(26)
  })
})

describe('dropIndex and dropIndexes', () => {
  it('drops an index by name or by key pattern', async () => {
    const dropping = target.db.collection('dropping')
    await dropping.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }])
    await dropping.dropIndex('a_1')
    // The dropIndexes command also accepts the key pattern instead of the name.
    await target.db.command({ dropIndexes: 'dropping', index: { b: 1 } })
    const names = (await dropping.listIndexes().toArray()).map((i) => i.name)
    expect(names).toEqual(['_id_', 'c_1'])
  })

  it('dropping an index that does not exist fails with IndexNotFound (27)', async () => {
    const dropping = target.db.collection('dropping_missing')
    await dropping.insertOne({ a: 1 })
    const error = await rejectionOf(dropping.dropIndex('nope_1'))
    expect(error.code).toBe(27)
    expect(error.codeName).toBe('IndexNotFound')
  })

  it('the _id index cannot be dropped', async () => {
    const keep = target.db.collection('keep_id')
    await keep.insertOne({ a: 1 })
    await rejectionOf(keep.dropIndex('_id_'))
    expect((await keep.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('dropIndexes removes every index except _id_', async () => {
    const all = target.db.collection('drop_all')
    await all.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }])
    await all.dropIndexes()
    expect((await all.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_'])
  })

  it('a dropped unique index no longer rejects duplicates', async () => {
    const relaxed = target.db.collection('relaxed')
    await relaxed.createIndex({ k: 1 }, { unique: true })
    await relaxed.insertOne({ k: 1 })
    await rejectionOf(relaxed.insertOne({ k: 1 }))
    await relaxed.dropIndex('k_1')
    await relaxed.insertOne({ k: 1 })
    expect(await relaxed.countDocuments({ k: 1 })).toBe(2)
  })
})
