/**
 * Array update operators and positional paths, per
 * https://www.mongodb.com/docs/v7.0/reference/operator/update-array/ ($push with $each/$sort/$slice/$position,
 * $addToSet, $pop, $pull, $pullAll, $, $[], $[<identifier>] with arrayFilters) and
 * .../tutorial/update-with-aggregation-pipeline/.
 */
import type { Collection, Document, UpdateFilter, UpdateOptions } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let docs: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('update_arrays')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  collectionCount += 1
  docs = target.db.collection(`docs_${collectionCount}`)
})

async function apply(
  initial: Document,
  update: Document | Document[],
  options: UpdateOptions & { filter?: Document } = {},
): Promise<{ modified: number; doc: Document | null }> {
  const { filter = {}, ...updateOptions } = options
  await docs.insertOne({ _id: 1, ...initial })
  const result = await docs.updateOne(
    { _id: 1, ...filter },
    update as UpdateFilter<Doc> | Document[],
    updateOptions,
  )
  expect(result.matchedCount).toBe(1)
  return { modified: result.modifiedCount, doc: await docs.findOne({ _id: 1 }) }
}

describe('$push', () => {
  it('appends one value, creating the array when the field is missing', async () => {
    expect((await apply({ a: [1] }, { $push: { a: 2, b: 'x' } })).doc).toEqual({
      _id: 1,
      a: [1, 2],
      b: ['x'],
    })
  })

  it('creates missing parent documents along a dotted path', async () => {
    const { doc } = await apply({}, { $push: { 'a.b.c': 1 }, $addToSet: { 'x.y': 'v' } })
    expect(doc).toEqual({ _id: 1, a: { b: { c: [1] } }, x: { y: ['v'] } })
  })

  it('appends an array value as a single element unless $each is used', async () => {
    const { doc } = await apply({ a: [1], b: [1] }, { $push: { a: [2, 3], b: { $each: [2, 3] } } })
    expect(doc?.a).toEqual([1, [2, 3]])
    expect(doc?.b).toEqual([1, 2, 3])
  })

  it('$position inserts the new elements at the given index', async () => {
    const { doc } = await apply({ a: [1, 2, 3] }, { $push: { a: { $each: [8, 9], $position: 1 } } })
    expect(doc?.a).toEqual([1, 8, 9, 2, 3])
  })

  it('$slice keeps only the last n elements when negative and the first n when positive', async () => {
    const { doc } = await apply(
      { a: [1, 2, 3], b: [1, 2, 3] },
      { $push: { a: { $each: [4, 5], $slice: -3 }, b: { $each: [4], $slice: 2 } } },
    )
    expect(doc?.a).toEqual([3, 4, 5])
    expect(doc?.b).toEqual([1, 2])
  })

  it('$sort orders documents by a field before $slice trims them', async () => {
    const { doc } = await apply(
      { quizzes: [{ score: 7 }, { score: 9 }] },
      {
        $push: {
          quizzes: { $each: [{ score: 8 }, { score: 10 }], $sort: { score: -1 }, $slice: 3 },
        },
      },
    )
    expect(doc?.quizzes).toEqual([{ score: 10 }, { score: 9 }, { score: 8 }])
  })

  it('$sort with an empty $each sorts the existing scalar elements', async () => {
    expect(
      (await apply({ a: [3, 1, 2] }, { $push: { a: { $each: [], $sort: 1 } } })).doc?.a,
    ).toEqual([1, 2, 3])
  })
})

describe('$addToSet, $pop, $pull and $pullAll', () => {
  it('$addToSet adds a value only if it is not already present', async () => {
    const { modified, doc } = await apply({ a: [1, 2] }, { $addToSet: { a: 2 } })
    expect(modified).toBe(0)
    expect(doc?.a).toEqual([1, 2])
    await docs.updateOne({ _id: 1 }, { $addToSet: { a: { $each: [2, 3, 3, 4] }, fresh: 'x' } })
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, a: [1, 2, 3, 4], fresh: ['x'] })
  })

  it('$addToSet compares embedded documents as whole values, field order included', async () => {
    const { doc } = await apply({ a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { y: 2, x: 1 } } })
    expect(doc?.a).toEqual([
      { x: 1, y: 2 },
      { y: 2, x: 1 },
    ])
  })

  it('$pop removes the last element with 1 and the first with -1', async () => {
    const { doc } = await apply({ a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1 } })
    expect(doc?.a).toEqual([1, 2])
    expect(doc?.b).toEqual([2, 3])
  })

  it('$pull removes every element equal to a value or matching a condition', async () => {
    const { doc } = await apply(
      { a: [1, 2, 1, 3], b: [5, 6, 7, 8] },
      { $pull: { a: 1, b: { $gte: 7 } } },
    )
    expect(doc?.a).toEqual([2, 3])
    expect(doc?.b).toEqual([5, 6])
  })

  it('$pull with a document condition removes the embedded documents that match it', async () => {
    const { doc } = await apply(
      {
        r: [
          { item: 'A', score: 5 },
          { item: 'B', score: 8 },
          { item: 'B', score: 4 },
        ],
      },
      { $pull: { r: { item: 'B', score: { $gt: 6 } } } },
    )
    expect(doc?.r).toEqual([
      { item: 'A', score: 5 },
      { item: 'B', score: 4 },
    ])
  })

  it('$pull and $pop on a missing field change nothing and raise no error', async () => {
    const { modified, doc } = await apply({ a: 1 }, { $pull: { none: 1 }, $pop: { other: 1 } })
    expect(modified).toBe(0)
    expect(doc).toEqual({ _id: 1, a: 1 })
  })

  it('$pullAll removes every listed value', async () => {
    expect((await apply({ a: [0, 2, 5, 5, 1, 0] }, { $pullAll: { a: [0, 5] } })).doc?.a).toEqual([
      2, 1,
    ])
  })
})

describe('positional updates', () => {
  it('$ updates the first array element matched by the query', async () => {
    const { doc } = await apply(
      { grades: [80, 85, 80] },
      { $set: { 'grades.$': 82 } },
      {
        filter: { grades: 80 },
      },
    )
    expect(doc?.grades).toEqual([82, 85, 80])
  })

  it('$ reaches a field inside the matched embedded document', async () => {
    const { doc } = await apply(
      {
        items: [
          { k: 'x', n: 1 },
          { k: 'y', n: 2 },
        ],
      },
      { $inc: { 'items.$.n': 10 } },
      { filter: { 'items.k': 'y' } },
    )
    expect(doc?.items).toEqual([
      { k: 'x', n: 1 },
      { k: 'y', n: 12 },
    ])
  })

  it('$[] updates every element of the array', async () => {
    expect((await apply({ g: [1, 2, 3] }, { $inc: { 'g.$[]': 10 } })).doc?.g).toEqual([11, 12, 13])
  })

  it('$[id] updates only the elements that satisfy its arrayFilters condition', async () => {
    const { doc } = await apply(
      { g: [98, 100, 102] },
      { $set: { 'g.$[big]': 100 } },
      {
        arrayFilters: [{ big: { $gte: 100 } }],
      },
    )
    expect(doc?.g).toEqual([98, 100, 100])
  })

  it('arrayFilters can select embedded documents by their fields', async () => {
    const { doc } = await apply(
      {
        items: [
          { k: 'x', n: 1 },
          { k: 'y', n: 2 },
          { k: 'x', n: 3 },
        ],
      },
      { $set: { 'items.$[it].n': 0 } },
      { arrayFilters: [{ 'it.k': 'x' }] },
    )
    expect(doc?.items).toEqual([
      { k: 'x', n: 0 },
      { k: 'y', n: 2 },
      { k: 'x', n: 0 },
    ])
  })

  it('$[] and $[id] combine to reach into nested arrays', async () => {
    const { doc } = await apply(
      { g: [{ q: [8, 9, 10] }, { q: [10, 7] }] },
      { $inc: { 'g.$[].q.$[high]': 2 } },
      { arrayFilters: [{ high: { $gte: 9 } }] },
    )
    expect(doc?.g).toEqual([{ q: [8, 11, 12] }, { q: [12, 7] }])
  })

  it('updateMany with $[] changes every element in every matched document', async () => {
    await docs.insertMany([
      { _id: 1, g: [1, 2] },
      { _id: 2, g: [3] },
    ])
    const result = await docs.updateMany({}, { $mul: { 'g.$[]': 2 } })
    expect(result.modifiedCount).toBe(2)
    expect((await docs.find().sort({ _id: 1 }).toArray()).map((d) => d.g)).toEqual([[2, 4], [6]])
  })
})

describe('aggregation pipeline updates', () => {
  it('computes new fields from existing ones with $set and removes fields with $unset', async () => {
    const { doc } = await apply({ a: 2, b: 3, c: 'drop me' }, [
      { $set: { total: { $add: ['$a', '$b'] }, label: { $concat: ['n=', { $toString: '$a' }] } } },
      { $unset: 'c' },
    ])
    expect(doc).toEqual({ _id: 1, a: 2, b: 3, total: 5, label: 'n=2' })
  })

  it('can read the field it replaces and use $$NOW', async () => {
    const { doc } = await apply({ n: 4 }, [
      { $set: { n: { $multiply: ['$n', '$n'] }, at: '$$NOW' } },
    ])
    expect(doc?.n).toBe(16)
    expect(doc?.at).toBeInstanceOf(Date)
  })
})
