/**
 * Invalid updates fail with MongoDB's error codes (https://www.mongodb.com/docs/v7.0/reference/error-codes/)
 * and leave the document untouched. Codes asserted here are the ones MongoDB's own update-node tests
 * pin: TypeMismatch 14, BadValue 2, FailedToParse 9, ConflictingUpdateOperators 40, ImmutableField 66.
 */
import type { Collection, Document, UpdateFilter, UpdateOptions } from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('update_errors')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  collectionCount += 1
  docs = target.db.collection(`docs_${collectionCount}`)
})

/** Applies an update that must fail; returns the error code and checks the document did not change. */
async function failingUpdate(
  initial: Document,
  update: Document,
  options: UpdateOptions = {},
): Promise<number | undefined> {
  const original = { _id: 1, ...initial }
  await docs.insertOne(original)
  const error = await rejectionOf(docs.updateOne({ _id: 1 }, update as UpdateFilter<Doc>, options))
  expect(await docs.findOne({ _id: 1 })).toEqual(original)
  return error.code
}

describe('type errors', () => {
  it('$inc on a string field fails with TypeMismatch (14)', async () => {
    expect(await failingUpdate({ a: 'text' }, { $inc: { a: 1 } })).toBe(14)
  })

  it('$mul on a string field fails with TypeMismatch (14)', async () => {
    expect(await failingUpdate({ a: 'text' }, { $mul: { a: 2 } })).toBe(14)
  })

  it('$push onto a non-array field fails with BadValue (2)', async () => {
    expect(await failingUpdate({ a: 5 }, { $push: { a: 1 } })).toBe(2)
  })

  it('$addToSet onto a non-array field fails with BadValue (2)', async () => {
    expect(await failingUpdate({ a: 'x' }, { $addToSet: { a: 1 } })).toBe(2)
  })

  it('$pop on a non-array field fails with TypeMismatch (14)', async () => {
    expect(await failingUpdate({ a: 5 }, { $pop: { a: 1 } })).toBe(14)
  })

  it('$set through a scalar cannot create a field inside it (PathNotViable 28)', async () => {
    expect(await failingUpdate({ a: 5 }, { $set: { 'a.b': 1 } })).toBe(28)
  })
})

describe('conflicting and immutable paths', () => {
  it('two operators on the same field fail with ConflictingUpdateOperators (40)', async () => {
    expect(await failingUpdate({ a: 1 }, { $set: { a: 2 }, $inc: { a: 1 } })).toBe(40)
  })

  it('updating a field and a path inside it fails with ConflictingUpdateOperators (40)', async () => {
    expect(await failingUpdate({ a: { b: 1 } }, { $set: { a: { b: 2 }, 'a.b': 3 } })).toBe(40)
  })

  it('changing _id with $set fails with ImmutableField (66)', async () => {
    expect(await failingUpdate({ a: 1 }, { $set: { _id: 2 } })).toBe(66)
  })

  it('changing _id with $inc fails with ImmutableField (66)', async () => {
    expect(await failingUpdate({ a: 1 }, { $inc: { _id: 1 } })).toBe(66)
  })
})

describe('positional and arrayFilters errors', () => {
  it('$ without a matching array condition in the query fails with BadValue (2)', async () => {
    expect(await failingUpdate({ a: [1, 2] }, { $set: { 'a.$': 5 } })).toBe(2)
  })

  it('an $[id] path without a matching arrayFilters entry fails with BadValue (2)', async () => {
    expect(await failingUpdate({ a: [1, 2] }, { $set: { 'a.$[i]': 5 } })).toBe(2)
  })

  it('an arrayFilters entry that no path uses fails with FailedToParse (9)', async () => {
    const code = await failingUpdate(
      { a: [1, 2] },
      { $set: { 'a.$[i]': 5 } },
      {
        arrayFilters: [{ i: 1 }, { j: 2 }],
      },
    )
    expect(code).toBe(9)
  })
})

describe('operator errors', () => {
  it('an unknown update operator is rejected with FailedToParse (9)', async () => {
    expect(await failingUpdate({ a: 1 }, { $frobnicate: { a: 1 } })).toBe(9)
  })

  it('updateMany rejects when one matched document cannot take the update and leaves it unchanged', async () => {
    await docs.insertMany([
      { _id: 1, a: 1 },
      { _id: 2, a: 'text' },
    ])
    await rejectionOf(docs.updateMany({}, { $inc: { a: 1 } }))
    expect(await docs.findOne({ _id: 2 })).toEqual({ _id: 2, a: 'text' })
  })
})
