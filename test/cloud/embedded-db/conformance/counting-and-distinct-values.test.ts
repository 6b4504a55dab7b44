/**
 * countDocuments (an aggregation underneath), estimatedDocumentCount (the count command) and
 * distinct, per https://www.mongodb.com/docs/v7.0/reference/method/db.collection.countDocuments/,
 * .../estimatedDocumentCount/ and .../command/distinct/ ("if the value of the specified field is an
 * array, distinct considers each element of the array as a separate value").
 */
import type { Collection } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let docs: Collection<Doc>

beforeAll(async () => {
  target = await connectTarget('counting')
  docs = target.db.collection<Doc>('docs')
  await docs.insertMany([
    { _id: 1, color: 'red', sizes: ['S', 'M'], dims: { w: 1 } },
    { _id: 2, color: 'blue', sizes: ['M', 'L'], dims: { w: 2 } },
    { _id: 3, color: 'red', sizes: 'XL', dims: { w: 1 } },
    { _id: 4, color: null },
    { _id: 5 },
  ])
})

afterAll(async () => {
  await target?.close()
})

describe('counting', () => {
  it('countDocuments counts everything, or only the documents matching a filter', async () => {
    expect(await docs.countDocuments()).toBe(5)
    expect(await docs.countDocuments({ color: 'red' })).toBe(2)
    expect(await docs.countDocuments({ color: null })).toBe(2)
    expect(await docs.countDocuments({ color: 'green' })).toBe(0)
  })

  it('countDocuments honours skip and limit', async () => {
    expect(await docs.countDocuments({}, { skip: 1, limit: 3 })).toBe(3)
    expect(await docs.countDocuments({}, { skip: 4 })).toBe(1)
  })

  it('estimatedDocumentCount reports the collection size', async () => {
    expect(await docs.estimatedDocumentCount()).toBe(5)
  })

  it('counting a collection that does not exist gives zero', async () => {
    const missing = target.db.collection('never_created')
    expect(await missing.countDocuments()).toBe(0)
    expect(await missing.estimatedDocumentCount()).toBe(0)
  })
})

describe('distinct', () => {
  it('returns each distinct value once, null included', async () => {
    const colors = await docs.distinct('color')
    expect([...colors].sort()).toEqual(['blue', 'red', null].sort())
    expect(colors).toHaveLength(3)
  })

  it('flattens array values into their elements', async () => {
    const sizes = (await docs.distinct('sizes')) as string[]
    expect([...sizes].sort()).toEqual(['L', 'M', 'S', 'XL'])
  })

  it('follows dotted paths and applies a query filter', async () => {
    expect(await docs.distinct('dims.w', { color: 'red' })).toEqual([1])
    expect(((await docs.distinct('dims.w')) as number[]).sort()).toEqual([1, 2])
  })

  it('returns an empty list for a collection that does not exist', async () => {
    expect(await target.db.collection('never_created').distinct('x')).toEqual([])
  })
})
