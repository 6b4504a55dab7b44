/**
 * More aggregation stages and expressions an application commonly uses, per
 * https://www.mongodb.com/docs/v7.0/reference/operator/aggregation/ ($replaceRoot $unionWith $sortByCount
 * $out $addToSet $cond $ifNull $switch $dateToString with timezone; accumulators ignore missing
 * values and $avg of nothing is null).
 */
import type { Collection, Document } from 'mongodb'
import { connectTarget, type Doc, type Target } from './harness'

let target: Target
let events: Collection<Doc>

beforeAll(async () => {
  target = await connectTarget('aggregation_more')
  events = target.db.collection<Doc>('events')
  await events.insertMany([
    { _id: 1, kind: 'vote', user: 'u1', at: new Date('2024-01-01T16:30:00Z'), meta: { w: 1 } },
    { _id: 2, kind: 'vote', user: 'u2', at: new Date('2024-01-02T01:00:00Z'), meta: { w: 2 } },
    { _id: 3, kind: 'comment', user: 'u1', at: new Date('2024-01-02T03:00:00Z') },
    { _id: 4, kind: 'vote', user: 'u1', at: new Date('2024-01-03T12:00:00Z'), meta: { w: 3 } },
  ])
  await target.db.collection<Doc>('archive').insertMany([{ _id: 100, kind: 'vote', user: 'u9' }])
})

afterAll(async () => {
  await target?.close()
})

async function run(pipeline: Document[]): Promise<Document[]> {
  return events.aggregate(pipeline).toArray()
}

describe('grouping helpers', () => {
  it('$sortByCount counts each value and sorts by the count descending', async () => {
    expect(await run([{ $sortByCount: '$kind' }])).toEqual([
      { _id: 'vote', count: 3 },
      { _id: 'comment', count: 1 },
    ])
  })

  it('$addToSet collects distinct values and $sum/$avg ignore missing fields', async () => {
    const result = await run([
      {
        $group: {
          _id: '$user',
          kinds: { $addToSet: '$kind' },
          weight: { $sum: '$meta.w' },
          avg: { $avg: '$meta.w' },
        },
      },
      { $sort: { _id: 1 } },
      { $project: { kinds: { $sortArray: { input: '$kinds', sortBy: 1 } }, weight: 1, avg: 1 } },
    ])
    expect(result).toEqual([
      { _id: 'u1', kinds: ['comment', 'vote'], weight: 4, avg: 2 },
      { _id: 'u2', kinds: ['vote'], weight: 2, avg: 2 },
    ])
  })

  it('$avg over only missing values is null and $sum is 0', async () => {
    const result = await run([
      { $match: { kind: 'comment' } },
      { $group: { _id: null, avg: { $avg: '$meta.w' }, sum: { $sum: '$meta.w' } } },
    ])
    expect(result).toEqual([{ _id: null, avg: null, sum: 0 }])
  })

  it('groups by a computed compound key', async () => {
    const result = await run([
      {
        $group: {
          _id: { day: { $dayOfMonth: '$at' }, kind: '$kind' },
          n: { $sum: 1 },
        },
      },
      { $sort: { '_id.day': 1, '_id.kind': 1 } },
    ])
    expect(result).toEqual([
      { _id: { day: 1, kind: 'vote' }, n: 1 },
      { _id: { day: 2, kind: 'comment' }, n: 1 },
      { _id: { day: 2, kind: 'vote' }, n: 1 },
      { _id: { day: 3, kind: 'vote' }, n: 1 },
    ])
  })
})

describe('expressions', () => {
  it('$cond, $ifNull and $switch choose values per document', async () => {
    const result = await run([
      { $sort: { _id: 1 } },
      {
        $project: {
          heavy: { $cond: [{ $gte: ['$meta.w', 2] }, 'yes', 'no'] },
          w: { $ifNull: ['$meta.w', 0] },
          label: {
            $switch: {
              branches: [{ case: { $eq: ['$kind', 'vote'] }, then: '投票' }],
              default: '评论',
            },
          },
        },
      },
    ])
    expect(result).toEqual([
      { _id: 1, heavy: 'no', w: 1, label: '投票' },
      { _id: 2, heavy: 'yes', w: 2, label: '投票' },
      { _id: 3, heavy: 'no', w: 0, label: '评论' },
      { _id: 4, heavy: 'yes', w: 3, label: '投票' },
    ])
  })

  it('$dateToString formats in the requested time zone', async () => {
    const result = await run([
      { $match: { _id: 1 } },
      {
        $project: {
          utc: { $dateToString: { format: '%Y-%m-%d %H:%M', date: '$at' } },
          beijing: {
            $dateToString: { format: '%Y-%m-%d %H:%M', date: '$at', timezone: 'Asia/Shanghai' },
          },
        },
      },
    ])
    expect(result).toEqual([{ _id: 1, utc: '2024-01-01 16:30', beijing: '2024-01-02 00:30' }])
  })
})

describe('reshaping and combining', () => {
  it('$replaceRoot promotes an embedded document to the top level', async () => {
    const result = await run([
      { $match: { meta: { $exists: true } } },
      { $sort: { _id: 1 } },
      { $replaceRoot: { newRoot: '$meta' } },
    ])
    expect(result).toEqual([{ w: 1 }, { w: 2 }, { w: 3 }])
  })

  it('$sample returns the requested number of documents from the collection', async () => {
    const sampled = await run([{ $sample: { size: 3 } }])
    expect(sampled).toHaveLength(3)
    // MongoDB documents that $sample may repeat a document, so only membership is asserted.
    expect(sampled.every((d) => [1, 2, 3, 4].includes(d._id as number))).toBe(true)
  })

  it('$unionWith appends the documents of another collection', async () => {
    const result = await run([
      { $match: { user: 'u2' } },
      { $unionWith: { coll: 'archive' } },
      { $project: { user: 1 } },
    ])
    expect(result).toEqual([
      { _id: 2, user: 'u2' },
      { _id: 100, user: 'u9' },
    ])
  })
})

describe('reads never change stored documents', () => {
  it('reshaping stages leave the collection exactly as it was', async () => {
    const before = await events.find().sort({ _id: 1 }).toArray()
    await run([{ $project: { 'meta.w': 0, kind: 0 } }])
    await run([{ $project: { meta: 1 } }, { $unset: 'meta.w' }])
    await run([{ $addFields: { 'meta.w': 0, extra: 1 } }, { $unwind: '$kind' }])
    await run([{ $match: { meta: { $exists: true } } }, { $replaceRoot: { newRoot: '$meta' } }])
    await run([{ $sort: { _id: -1 } }, { $set: { user: 'changed' } }, { $limit: 2 }])
    expect(await events.find().sort({ _id: 1 }).toArray()).toEqual(before)
  })

  it('projected finds leave the collection exactly as it was', async () => {
    const before = await events.find().sort({ _id: 1 }).toArray()
    await events.find({}, { projection: { 'meta.w': 0, at: 0 } }).toArray()
    await events.find({}, { projection: { meta: 1 } }).toArray()
    await events.findOne({ _id: 1 }, { projection: { kind: 0 } })
    expect(await events.find().sort({ _id: 1 }).toArray()).toEqual(before)
  })
})

// $merge is left out: the embedded server rejects it by design (NotImplemented), and real MongoDB does not.
describe('output stages', () => {
  it('$out replaces the target collection with the pipeline result', async () => {
    const out = target.db.collection<Doc>('daily_out')
    await out.insertOne({ _id: 'stale' })
    const returned = await run([
      { $group: { _id: '$user', n: { $sum: 1 } } },
      { $out: 'daily_out' },
    ])
    expect(returned).toEqual([])
    expect(await out.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'u1', n: 3 },
      { _id: 'u2', n: 1 },
    ])
  })
})
