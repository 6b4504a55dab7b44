/**
 * Aggregation stages, per https://www.mongodb.com/docs/v7.0/reference/operator/aggregation-pipeline/
 * ($match $group $sort $project $unwind $lookup $facet $count $addFields $bucket $limit $skip).
 */
import type { Collection, Document } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let orders: Collection<Doc>
let products: Collection<Doc>

beforeAll(async () => {
  target = await connectTarget('aggregation')
  orders = target.db.collection<Doc>('orders')
  products = target.db.collection<Doc>('products')
  await orders.insertMany([
    { _id: 1, customer: 'ann', sku: 'p1', qty: 2, tags: ['gift', 'rush'] },
    { _id: 2, customer: 'bob', sku: 'p2', qty: 1, tags: [] },
    { _id: 3, customer: 'ann', sku: 'p2', qty: 5, tags: ['rush'] },
    { _id: 4, customer: 'cat', sku: 'p9', qty: 7 },
  ])
  await products.insertMany([
    { _id: 'p1', sku: 'p1', price: 10 },
    { _id: 'p2', sku: 'p2', price: 3 },
  ])
})

afterAll(async () => {
  await target?.close()
})

async function run(pipeline: Document[]): Promise<Document[]> {
  return orders.aggregate(pipeline).toArray()
}

describe('$match, $group, $sort and $project', () => {
  it('groups with accumulators and sorts the groups', async () => {
    const result = await run([
      { $match: { qty: { $gte: 1 } } },
      { $sort: { _id: 1 } },
      {
        $group: {
          _id: '$customer',
          total: { $sum: '$qty' },
          orders: { $sum: 1 },
          avg: { $avg: '$qty' },
          skus: { $push: '$sku' },
          biggest: { $max: '$qty' },
        },
      },
      { $sort: { total: -1, _id: 1 } },
    ])
    expect(result).toEqual([
      { _id: 'ann', total: 7, orders: 2, avg: 3.5, skus: ['p1', 'p2'], biggest: 5 },
      { _id: 'cat', total: 7, orders: 1, avg: 7, skus: ['p9'], biggest: 7 },
      { _id: 'bob', total: 1, orders: 1, avg: 1, skus: ['p2'], biggest: 1 },
    ])
  })

  it('groups everything into one document with a null _id', async () => {
    expect(await run([{ $group: { _id: null, n: { $sum: 1 }, qty: { $sum: '$qty' } } }])).toEqual([
      { _id: null, n: 4, qty: 15 },
    ])
  })

  it('$first and $last follow the order of the preceding $sort', async () => {
    const result = await run([
      { $sort: { qty: 1 } },
      { $group: { _id: '$customer', first: { $first: '$qty' }, last: { $last: '$qty' } } },
      { $match: { _id: 'ann' } },
    ])
    expect(result).toEqual([{ _id: 'ann', first: 2, last: 5 }])
  })

  it('$project computes fields and drops others, $skip and $limit page the result', async () => {
    const result = await run([
      { $sort: { _id: 1 } },
      { $skip: 1 },
      { $limit: 2 },
      { $project: { _id: 0, customer: 1, double: { $multiply: ['$qty', 2] } } },
    ])
    expect(result).toEqual([
      { customer: 'bob', double: 2 },
      { customer: 'ann', double: 10 },
    ])
  })

  it('$addFields keeps existing fields and adds computed ones', async () => {
    const result = await run([
      { $match: { _id: 2 } },
      { $addFields: { big: { $gt: ['$qty', 3] }, tagCount: { $size: '$tags' } } },
    ])
    expect(result).toEqual([
      { _id: 2, customer: 'bob', sku: 'p2', qty: 1, tags: [], big: false, tagCount: 0 },
    ])
  })

  it('$count returns a single document with the number of inputs', async () => {
    expect(await run([{ $match: { customer: 'ann' } }, { $count: 'n' }])).toEqual([{ n: 2 }])
  })

  it('$count over no documents returns no document at all', async () => {
    expect(await run([{ $match: { customer: 'nobody' } }, { $count: 'n' }])).toEqual([])
  })
})

describe('$unwind', () => {
  it('emits one document per array element and drops empty or missing arrays', async () => {
    const result = await run([
      { $unwind: '$tags' },
      { $project: { tags: 1 } },
      { $sort: { _id: 1, tags: 1 } },
    ])
    expect(result).toEqual([
      { _id: 1, tags: 'gift' },
      { _id: 1, tags: 'rush' },
      { _id: 3, tags: 'rush' },
    ])
  })

  it('keeps empty and missing arrays with preserveNullAndEmptyArrays and reports the index', async () => {
    const result = await run([
      { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } },
      { $project: { tags: 1, i: 1 } },
      { $sort: { _id: 1, i: 1 } },
    ])
    expect(result).toEqual([
      { _id: 1, tags: 'gift', i: 0 },
      { _id: 1, tags: 'rush', i: 1 },
      { _id: 2, i: null },
      { _id: 3, tags: 'rush', i: 0 },
      { _id: 4, i: null },
    ])
  })
})

describe('$lookup across collections', () => {
  it('joins matching documents from another collection into an array, empty when none match', async () => {
    const result = await run([
      { $lookup: { from: 'products', localField: 'sku', foreignField: 'sku', as: 'product' } },
      { $project: { sku: 1, product: 1 } },
      { $sort: { _id: 1 } },
    ])
    expect(result).toEqual([
      { _id: 1, sku: 'p1', product: [{ _id: 'p1', sku: 'p1', price: 10 }] },
      { _id: 2, sku: 'p2', product: [{ _id: 'p2', sku: 'p2', price: 3 }] },
      { _id: 3, sku: 'p2', product: [{ _id: 'p2', sku: 'p2', price: 3 }] },
      { _id: 4, sku: 'p9', product: [] },
    ])
  })

  it('matches each element when the local field is an array', async () => {
    const carts = target.db.collection<Doc>('carts')
    await carts.insertOne({ _id: 'cart', skus: ['p2', 'p1', 'p7'] })
    const result = await carts
      .aggregate([
        { $lookup: { from: 'products', localField: 'skus', foreignField: 'sku', as: 'items' } },
        { $project: { ids: '$items._id' } },
      ])
      .toArray()
    expect(result).toHaveLength(1)
    expect([...(result[0]?.ids as string[])].sort()).toEqual(['p1', 'p2'])
  })

  it('supports the let/pipeline form', async () => {
    const result = await run([
      { $match: { _id: 3 } },
      {
        $lookup: {
          from: 'products',
          let: { wanted: '$sku' },
          pipeline: [
            { $match: { $expr: { $eq: ['$sku', '$$wanted'] } } },
            { $project: { _id: 0, price: 1 } },
          ],
          as: 'prices',
        },
      },
      { $project: { prices: 1 } },
    ])
    expect(result).toEqual([{ _id: 3, prices: [{ price: 3 }] }])
  })
})

describe('$facet and $bucket', () => {
  it('$facet runs several sub-pipelines over the same input', async () => {
    const result = await run([
      {
        $facet: {
          count: [{ $count: 'n' }],
          top: [{ $sort: { qty: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
        },
      },
    ])
    expect(result).toEqual([{ count: [{ n: 4 }], top: [{ _id: 4 }] }])
  })

  it('$bucket groups by boundaries, with a default bucket for values outside them', async () => {
    const result = await run([
      { $sort: { _id: 1 } },
      {
        $bucket: {
          groupBy: '$qty',
          boundaries: [0, 2, 6],
          default: 'other',
          output: { n: { $sum: 1 }, ids: { $push: '$_id' } },
        },
      },
    ])
    expect(result).toEqual([
      { _id: 0, n: 1, ids: [2] },
      { _id: 2, n: 2, ids: [1, 3] },
      { _id: 'other', n: 1, ids: [4] },
    ])
  })
})

describe('options', () => {
  it('accepts allowDiskUse without changing the result', async () => {
    const result = await orders
      .aggregate([{ $group: { _id: null, n: { $sum: 1 } } }], { allowDiskUse: true })
      .toArray()
    expect(result).toEqual([{ _id: null, n: 4 }])
  })

  it('an aggregation over a collection that does not exist returns no documents', async () => {
    expect(
      await target.db
        .collection('never_created')
        .aggregate([{ $match: {} }])
        .toArray(),
    ).toEqual([])
  })
})
