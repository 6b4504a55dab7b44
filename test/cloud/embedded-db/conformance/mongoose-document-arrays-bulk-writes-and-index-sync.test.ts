/**
 * More mongoose 9 paths that reach the server differently: document arrays saved with $push/$set,
 * Model.exists / distinct / deleteOne / bulkWrite result shapes, and Model.syncIndexes (listIndexes +
 * dropIndexes + createIndexes). See https://mongoosejs.com/docs/api/model.html .
 */
import mongoose, { type Connection, type Model, Schema, type Types } from 'mongoose'
import { connectTarget, type Target } from './harness'

interface Opinion {
  author: string
  text: string
}

interface Proposal {
  title: string
  status: 'draft' | 'open' | 'closed'
  opinions: Types.DocumentArray<Opinion>
  supporters: string[]
}

let target: Target
let connection: Connection
let Proposals: Model<Proposal>

beforeAll(async () => {
  target = await connectTarget('mongoose_more')
  connection = await target.mongooseConnection()
  const schema = new Schema<Proposal>({
    title: { type: String, required: true },
    status: { type: String, enum: ['draft', 'open', 'closed'], default: 'draft', index: true },
    opinions: [new Schema<Opinion>({ author: String, text: String })],
    supporters: [String],
  })
  Proposals = connection.model<Proposal>('Proposal', schema)
  await Proposals.init()
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  await Proposals.deleteMany({})
})

it('saving pushed subdocuments and a modified array element stores both changes', async () => {
  const proposal = await Proposals.create({ title: '修缮凉亭' })
  proposal.opinions.push({ author: 'u1', text: '赞成' }, { author: 'u2', text: '反对' })
  await proposal.save()
  const loaded = await Proposals.findById(proposal._id)
  const second = loaded?.opinions[1]
  if (second) second.text = '有条件赞成'
  loaded?.supporters.push('u1')
  await loaded?.save()
  const stored = await Proposals.findById(proposal._id).lean()
  expect(stored?.opinions.map((o) => [o.author, o.text])).toEqual([
    ['u1', '赞成'],
    ['u2', '有条件赞成'],
  ])
  expect(stored?.supporters).toEqual(['u1'])
  expect(stored?.opinions[0]?._id).toBeDefined()
})

it('updateOne with $push and $pull on subdocument arrays changes only the targeted elements', async () => {
  const proposal = await Proposals.create({
    title: '增设充电桩',
    opinions: [
      { author: 'u1', text: 'a' },
      { author: 'u2', text: 'b' },
    ],
  })
  await Proposals.updateOne(
    { _id: proposal._id },
    { $push: { opinions: { author: 'u3', text: 'c' } }, $addToSet: { supporters: 'u9' } },
  )
  await Proposals.updateOne({ _id: proposal._id }, { $pull: { opinions: { author: 'u1' } } })
  const stored = await Proposals.findById(proposal._id).lean()
  expect(stored?.opinions.map((o) => o.author)).toEqual(['u2', 'u3'])
  expect(stored?.supporters).toEqual(['u9'])
})

it('a stale copy that edits an array element after another save reorganised the array gets a VersionError', async () => {
  const created = await Proposals.create({
    title: '调整路灯',
    opinions: [
      { author: 'u1', text: 'a' },
      { author: 'u2', text: 'b' },
    ],
  })
  const fresh = await Proposals.findById(created._id)
  const stale = await Proposals.findById(created._id)
  const first = fresh?.opinions[0]
  if (first) fresh?.opinions.pull(first._id)
  await fresh?.save()
  const staleSecond = stale?.opinions[1]
  if (staleSecond) staleSecond.text = 'edited'
  const error = await stale?.save().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(mongoose.Error.VersionError)
  const stored = await Proposals.findById(created._id).lean()
  expect(stored?.opinions.map((o) => o.text)).toEqual(['b'])
})

it('a query cursor streams many documents in batches', async () => {
  await Proposals.insertMany(
    Array.from({ length: 250 }, (_, i) => ({ title: `t${String(i).padStart(3, '0')}` })),
  )
  let count = 0
  let last = ''
  for await (const doc of Proposals.find().sort({ title: 1 }).cursor({ batchSize: 40 })) {
    expect(doc.title > last).toBe(true)
    last = doc.title
    count += 1
  }
  expect(count).toBe(250)
})

it('exists, distinct and deleteOne report what the server matched', async () => {
  await Proposals.create([
    { title: 'a', status: 'open' },
    { title: 'b', status: 'open' },
    { title: 'c', status: 'closed' },
  ])
  const found = await Proposals.exists({ status: 'closed' })
  expect(found?._id).toBeDefined()
  expect(await Proposals.exists({ status: 'draft' })).toBeNull()
  expect((await Proposals.distinct('status')).sort()).toEqual(['closed', 'open'])
  expect(await Proposals.deleteOne({ status: 'open' })).toMatchObject({ deletedCount: 1 })
  expect(await Proposals.countDocuments({ status: 'open' })).toBe(1)
})

it('bulkWrite reports inserted, matched, modified, upserted and deleted counts', async () => {
  await Proposals.create({ title: 'keep', status: 'open' })
  const result = await Proposals.bulkWrite([
    { insertOne: { document: { title: 'new' } } },
    { updateOne: { filter: { title: 'keep' }, update: { $set: { status: 'closed' } } } },
    { updateOne: { filter: { title: 'up' }, update: { $set: { status: 'open' } }, upsert: true } },
    { deleteOne: { filter: { title: 'new' } } },
  ])
  expect(result.insertedCount).toBe(1)
  expect(result.matchedCount).toBe(1)
  expect(result.modifiedCount).toBe(1)
  expect(result.upsertedCount).toBe(1)
  expect(result.deletedCount).toBe(1)
  expect(
    (await Proposals.find().sort({ title: 1 }).lean()).map((p) => [p.title, p.status]),
  ).toEqual([
    ['keep', 'closed'],
    ['up', 'open'],
  ])
})

it('syncIndexes drops indexes the schema no longer declares and keeps the declared ones', async () => {
  await Proposals.collection.createIndex({ title: 1 }, { name: 'stale_title' })
  const dropped = await Proposals.syncIndexes()
  expect(dropped).toEqual(['stale_title'])
  const names = (await Proposals.listIndexes()).map((i) => i.name).sort()
  expect(names).toEqual(['_id_', 'status_1'])
})
