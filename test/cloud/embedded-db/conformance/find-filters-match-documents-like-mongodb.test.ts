/**
 * Query filter semantics, per https://www.mongodb.com/docs/v7.0/reference/operator/query/ and
 * "Query an Array" / "Query on Embedded/Nested Documents" / "Query for Null or Missing Fields".
 */
import type { Collection, Filter } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

interface Person {
  _id: number
  name: string
  age?: number | string | null
  tags?: string[] | string
  scores?: Array<{ subject: string; score: number }>
  address?: { city: string; zip?: string }
}

let target: Target
let people: Collection<Person>

beforeAll(async () => {
  target = await connectTarget('find_filters')
  people = target.db.collection<Person>('people')
  await people.insertMany([
    {
      _id: 1,
      name: 'ann',
      age: 30,
      tags: ['red', 'blue'],
      scores: [
        { subject: 'math', score: 90 },
        { subject: 'art', score: 60 },
      ],
      address: { city: 'Beijing', zip: '100000' },
    },
    {
      _id: 2,
      name: 'bob',
      age: 25,
      tags: ['green'],
      scores: [
        { subject: 'math', score: 55 },
        { subject: 'art', score: 95 },
      ],
      address: { city: 'Shanghai' },
    },
    { _id: 3, name: 'cat', age: null, tags: [], scores: [] },
    { _id: 4, name: 'dan', tags: 'red' },
    { _id: 5, name: 'eve', age: '30' },
  ])
})

afterAll(async () => {
  await target?.close()
})

async function ids(filter: Filter<Person>): Promise<number[]> {
  const docs = await people.find(filter).sort({ _id: 1 }).toArray()
  return docs.map((d) => d._id)
}

describe('equality, null and existence', () => {
  it('matches equal values only of a comparable type (30 does not match the string "30")', async () => {
    expect(await ids({ age: 30 })).toEqual([1])
    expect(await ids({ age: '30' })).toEqual([5])
  })

  it('{field: null} matches documents where the field is null or missing', async () => {
    expect(await ids({ age: null })).toEqual([3, 4])
  })

  it('$exists distinguishes a missing field from a null one', async () => {
    expect(await ids({ age: { $exists: false } })).toEqual([4])
    expect(await ids({ age: { $exists: true } })).toEqual([1, 2, 3, 5])
  })

  it('$ne and $nin also match documents that lack the field', async () => {
    expect(await ids({ age: { $ne: 30 } })).toEqual([2, 3, 4, 5])
    expect(await ids({ age: { $nin: [25, 30] } })).toEqual([3, 4, 5])
  })

  it('$in with null matches missing and null fields as well as listed values', async () => {
    expect(await ids({ age: { $in: [25, null] } })).toEqual([2, 3, 4])
  })

  it('an embedded document matches by equality only when it is exactly equal', async () => {
    expect(await ids({ address: { city: 'Shanghai' } })).toEqual([2])
    expect(await ids({ address: { city: 'Beijing' } })).toEqual([])
  })

  it('embedded document equality includes field order', async () => {
    expect(await ids({ address: { city: 'Beijing', zip: '100000' } })).toEqual([1])
    expect(await ids({ address: { zip: '100000', city: 'Beijing' } })).toEqual([])
  })
})

describe('comparison and logical operators', () => {
  it('range operators only compare values of the same type bracket', async () => {
    expect(await ids({ age: { $gt: 26 } })).toEqual([1])
    expect(await ids({ age: { $gte: 25, $lt: 30 } })).toEqual([2])
    expect(await ids({ age: { $gt: '2' } })).toEqual([5])
  })

  it('$or, $and and $nor combine clauses', async () => {
    expect(await ids({ $or: [{ age: 25 }, { name: 'eve' }] })).toEqual([2, 5])
    expect(await ids({ $and: [{ tags: 'red' }, { age: { $exists: true } }] })).toEqual([1])
    expect(await ids({ $nor: [{ age: 30 }, { age: null }] })).toEqual([2, 5])
  })

  it('$not inverts an operator expression and so also matches missing fields', async () => {
    expect(await ids({ age: { $not: { $gt: 26 } } })).toEqual([2, 3, 4, 5])
  })

  it('$not with a regular expression also matches documents without the field', async () => {
    expect(await ids({ name: { $not: /^[abc]/ } })).toEqual([4, 5])
    expect(await ids({ 'address.city': { $not: /^B/ } })).toEqual([2, 3, 4, 5])
  })

  it('an empty $in or $all matches nothing and an empty $nin matches everything', async () => {
    expect(await ids({ tags: { $in: [] } })).toEqual([])
    expect(await ids({ tags: { $all: [] } })).toEqual([])
    expect(await ids({ tags: { $nin: [] } })).toEqual([1, 2, 3, 4, 5])
  })

  it('$regex matches strings, honouring the i option', async () => {
    expect(await ids({ name: /^[ab]/ })).toEqual([1, 2])
    expect(await ids({ name: { $regex: 'A', $options: 'i' } })).toEqual([1, 3, 4])
  })

  it('$expr evaluates aggregation expressions against each document', async () => {
    expect(await ids({ $expr: { $eq: ['$name', 'bob'] } })).toEqual([2])
  })

  it('$type selects by BSON type, with "number" covering every numeric type', async () => {
    expect(await ids({ age: { $type: 'string' } })).toEqual([5])
    expect(await ids({ age: { $type: 'null' } })).toEqual([3])
    // 'number' is a documented $type alias that the driver's typings do not list.
    expect(await ids({ age: { $type: 'number' } } as unknown as Filter<Person>)).toEqual([1, 2])
  })

  it('$type on an array field matches when any element has that type', async () => {
    expect(await ids({ tags: { $type: 'string' } })).toEqual([1, 2, 4])
  })
})

describe('arrays and dotted paths', () => {
  it('a scalar condition on an array field matches if any element matches', async () => {
    expect(await ids({ tags: 'red' })).toEqual([1, 4])
  })

  it('an array value matches the whole array exactly, order included', async () => {
    expect(await ids({ tags: ['red', 'blue'] })).toEqual([1])
    expect(await ids({ tags: ['blue', 'red'] })).toEqual([])
  })

  it('$all, $size and a numeric index path query array contents', async () => {
    expect(await ids({ tags: { $all: ['blue', 'red'] } })).toEqual([1])
    expect(await ids({ tags: { $size: 0 } })).toEqual([3])
    expect(await ids({ 'tags.0': 'red' })).toEqual([1])
  })

  it('$exists on an array index path finds arrays with at least that many elements', async () => {
    expect(await ids({ 'tags.1': { $exists: true } })).toEqual([1])
    expect(await ids({ 'tags.0': { $exists: true } })).toEqual([1, 2])
  })

  it('a dotted path reaches into embedded documents', async () => {
    expect(await ids({ 'address.city': 'Beijing' })).toEqual([1])
    expect(await ids({ 'address.zip': { $exists: true } })).toEqual([1])
  })

  it('a dotted path reaches into every element of an array of documents', async () => {
    expect(await ids({ 'scores.subject': 'art' })).toEqual([1, 2])
    expect(await ids({ 'scores.score': { $gt: 90 } })).toEqual([2])
    expect(await ids({ 'scores.1.score': 95 })).toEqual([2])
  })

  it('separate conditions on array elements may be satisfied by different elements', async () => {
    expect(await ids({ 'scores.subject': 'math', 'scores.score': { $gte: 90 } })).toEqual([1, 2])
  })

  it('$elemMatch requires a single element to satisfy every condition', async () => {
    expect(await ids({ scores: { $elemMatch: { subject: 'math', score: { $gte: 90 } } } })).toEqual(
      [1],
    )
  })

  it('a range on an array field is satisfied by any element, $elemMatch by one element', async () => {
    expect(await ids({ tags: { $gt: 'g' } })).toEqual([1, 2, 4])
    expect(await ids({ 'scores.score': { $gt: 60, $lt: 90 } })).toEqual([1, 2])
    expect(await ids({ scores: { $elemMatch: { score: { $gt: 60, $lt: 90 } } } })).toEqual([])
  })

  it('$in accepts regular expressions next to plain values', async () => {
    expect(await ids({ name: { $in: [/^a/, 'bob'] } })).toEqual([1, 2])
  })

  it('$mod matches numbers by remainder and ignores other types', async () => {
    expect(await ids({ age: { $mod: [5, 0] } })).toEqual([1, 2])
  })

  it('$in over an array field matches if any element is listed', async () => {
    expect(await ids({ tags: { $in: ['green', 'blue'] } })).toEqual([1, 2])
  })
})

describe('collation', () => {
  it('a strength-2 collation matches strings case-insensitively', async () => {
    const docs = await people
      .find({ name: 'ANN' }, { collation: { locale: 'en', strength: 2 } })
      .toArray()
    expect(docs.map((d) => d._id)).toEqual([1])
    expect(await ids({ name: 'ANN' })).toEqual([])
  })

  it('counts, updates and deletes honour a collation too', async () => {
    const towns = target.db.collection<Doc>('towns')
    await towns.insertMany([
      { _id: 1, name: 'Anting' },
      { _id: 2, name: 'ANTING' },
      { _id: 3, name: 'Jiading' },
    ])
    const collation = { locale: 'en', strength: 2 }
    expect(await towns.countDocuments({ name: 'anting' }, { collation })).toBe(2)
    expect(
      (await towns.updateMany({ name: 'anting' }, { $set: { hit: true } }, { collation }))
        .modifiedCount,
    ).toBe(2)
    expect((await towns.deleteMany({ name: 'JIADING' }, { collation })).deletedCount).toBe(1)
    expect(await towns.countDocuments({ name: 'anting' })).toBe(0)
  })
})
