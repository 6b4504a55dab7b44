/**
 * Field update operators, per https://www.mongodb.com/docs/v7.0/reference/operator/update-field/
 * ($set $unset $inc $mul $min $max $rename $currentDate $setOnInsert) and .../update/bit/.
 */
import { type Collection, type Document, Timestamp, type UpdateFilter } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('update_fields')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  collectionCount += 1
  docs = target.db.collection(`docs_${collectionCount}`)
})

/** Inserts `initial` (with _id 1), applies `update` and returns the modified count and stored document. */
async function apply(
  initial: Document,
  update: Document,
): Promise<{ modified: number; doc: Document | null }> {
  await docs.insertOne({ _id: 1, ...initial })
  const result = await docs.updateOne({ _id: 1 }, update as UpdateFilter<Doc>)
  expect(result.matchedCount).toBe(1)
  return { modified: result.modifiedCount, doc: await docs.findOne({ _id: 1 }) }
}

describe('$set and $unset', () => {
  it('$set creates missing embedded documents along a dotted path', async () => {
    expect((await apply({}, { $set: { 'a.b.c': 1 } })).doc).toEqual({ _id: 1, a: { b: { c: 1 } } })
  })

  it('$set replaces an embedded document as a whole', async () => {
    const { doc } = await apply({ a: { x: 1, y: 2 } }, { $set: { a: { z: 3 } } })
    expect(doc).toEqual({ _id: 1, a: { z: 3 } })
  })

  it('$set on an array index replaces that element', async () => {
    expect((await apply({ arr: [1, 2, 3] }, { $set: { 'arr.1': 'x' } })).doc?.arr).toEqual([
      1,
      'x',
      3,
    ])
  })

  it('$set past the end of an array pads the gap with nulls', async () => {
    const { doc } = await apply({ arr: [1] }, { $set: { 'arr.3': 9 } })
    expect(doc?.arr).toEqual([1, null, null, 9])
  })

  it('appends new fields after existing ones, adding several new fields in lexicographic order', async () => {
    const { doc } = await apply({ m: 1 }, { $set: { z: 1, a: 1, m: 2 } })
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'm', 'a', 'z'])
    expect(doc).toEqual({ _id: 1, m: 2, a: 1, z: 1 })
  })

  it('$unset removes fields and ignores fields that do not exist', async () => {
    const { doc } = await apply(
      { a: 1, b: { c: 1, d: 2 } },
      { $unset: { a: '', 'b.c': '', nope: '' } },
    )
    expect(doc).toEqual({ _id: 1, b: { d: 2 } })
  })

  it('$unset of only missing fields leaves the document unmodified', async () => {
    expect((await apply({ a: 1 }, { $unset: { nope: '' } })).modified).toBe(0)
  })

  it('$unset of an array element sets it to null instead of removing it', async () => {
    expect((await apply({ arr: [1, 2, 3] }, { $unset: { 'arr.0': '' } })).doc?.arr).toEqual([
      null,
      2,
      3,
    ])
  })
})

describe('arithmetic and comparison operators', () => {
  it('$inc adds to existing numbers, accepts negatives and fractions, and creates missing fields', async () => {
    const { doc } = await apply(
      { a: 5, b: 1.5, c: { d: 1 } },
      { $inc: { a: -2, b: 0.25, 'c.d': 10, fresh: 3 } },
    )
    expect(doc).toEqual({ _id: 1, a: 3, b: 1.75, c: { d: 11 }, fresh: 3 })
  })

  it('$mul multiplies and creates a missing field as zero', async () => {
    const { doc } = await apply({ price: 10 }, { $mul: { price: 1.25, absent: 5 } })
    expect(doc).toEqual({ _id: 1, price: 12.5, absent: 0 })
  })

  it('$min only lowers and $max only raises a value', async () => {
    const lowered = await apply({ lo: 5, hi: 5 }, { $min: { lo: 3 }, $max: { hi: 8 } })
    expect(lowered.doc).toEqual({ _id: 1, lo: 3, hi: 8 })
    const result = await docs.updateOne({ _id: 1 }, { $min: { lo: 4 }, $max: { hi: 7 } })
    expect(result.modifiedCount).toBe(0)
  })

  it('$min and $max set a missing field and compare dates', async () => {
    const early = new Date('2024-01-01T00:00:00Z')
    const late = new Date('2025-01-01T00:00:00Z')
    const { doc } = await apply({ d: late }, { $min: { d: early }, $max: { fresh: 4 } })
    expect(doc).toEqual({ _id: 1, d: early, fresh: 4 })
  })

  it('$bit applies and, or and xor to integers', async () => {
    const { doc } = await apply(
      { a: 13, o: 13, x: 13 },
      { $bit: { a: { and: 10 }, o: { or: 5 }, x: { xor: 5 } } },
    )
    expect(doc).toEqual({ _id: 1, a: 8, o: 13, x: 8 })
  })
})

describe('$rename and $currentDate', () => {
  it('$rename moves a field, including into and out of embedded documents', async () => {
    const { doc } = await apply(
      { a: 1, n: { inner: 2 } },
      { $rename: { a: 'b', 'n.inner': 'top' } },
    )
    expect(doc).toEqual({ _id: 1, b: 1, n: {}, top: 2 })
  })

  it('$rename overwrites an existing target field and ignores a missing source', async () => {
    const { doc } = await apply({ a: 1, b: 2 }, { $rename: { a: 'b', missing: 'other' } })
    expect(doc).toEqual({ _id: 1, b: 1 })
  })

  it('$currentDate sets a Date by default and a Timestamp when asked', async () => {
    const before = Date.now()
    const { doc } = await apply(
      {},
      { $currentDate: { d: true, typed: { $type: 'date' }, ts: { $type: 'timestamp' } } },
    )
    const after = Date.now()
    expect(doc?.d).toBeInstanceOf(Date)
    expect(doc?.typed).toBeInstanceOf(Date)
    expect((doc?.d as Date).getTime()).toBeGreaterThanOrEqual(before - 5_000)
    expect((doc?.d as Date).getTime()).toBeLessThanOrEqual(after + 5_000)
    expect(doc?.ts).toBeInstanceOf(Timestamp)
  })
})

describe('combining operators', () => {
  it('applies several operators on different fields in one update', async () => {
    const { doc, modified } = await apply(
      { a: 1, b: 2, c: 3 },
      { $set: { a: 10 }, $inc: { b: 1 }, $unset: { c: '' } },
    )
    expect(modified).toBe(1)
    expect(doc).toEqual({ _id: 1, a: 10, b: 3 })
  })

  it('$setOnInsert has no effect on an update that matched an existing document', async () => {
    const { doc, modified } = await apply({ a: 1 }, { $setOnInsert: { b: 2 } })
    expect(modified).toBe(0)
    expect(doc).toEqual({ _id: 1, a: 1 })
  })

  it('updateMany applies the update to each matched document independently', async () => {
    await docs.insertMany([{ _id: 1, n: 1 }, { _id: 2, n: 5 }, { _id: 3 }])
    const result = await docs.updateMany({}, { $max: { n: 3 } })
    expect(result.matchedCount).toBe(3)
    expect(result.modifiedCount).toBe(2)
    expect((await docs.find().sort({ _id: 1 }).toArray()).map((d) => d.n)).toEqual([3, 5, 3])
  })
})
