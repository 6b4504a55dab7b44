import mongoose, { Schema, type Connection } from 'mongoose'
import { startEmbeddedServer, type EmbeddedServer } from '../../../../cloud/embedded-db/src/index'

let server: EmbeddedServer
let conn: Connection

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true, minlength: 2 },
    score: { type: Number, default: 0 },
  },
  { timestamps: true },
)
const postSchema = new Schema({
  title: String,
  author: { type: Schema.Types.ObjectId, ref: 'User' },
})
const counterSchema = new Schema({ _id: String, seq: Number })

beforeAll(async () => {
  server = await startEmbeddedServer({ port: 0 })
  conn = await mongoose
    .createConnection(server.uri, { dbName: 'mg', serverSelectionTimeoutMS: 5000 })
    .asPromise()
  conn.model('User', userSchema)
  conn.model('Post', postSchema)
  conn.model('Counter', counterSchema)
  await Promise.all(Object.values(conn.models).map((m) => m.init()))
})
afterAll(async () => {
  await conn?.close()
  await server?.close()
})

const User = () => conn.model('User')
const Post = () => conn.model('Post')
const Counter = () => conn.model('Counter')

describe('mongoose against the embedded server', () => {
  it('creates the declared indexes and lists them', async () => {
    const names = (await User().listIndexes()).map((i: { name: string }) => i.name)
    expect(names).toEqual(['_id_', 'email_1'])
  })

  it('saves documents with timestamps and rejects invalid ones before writing', async () => {
    const u = await User().create({ email: 'ann@x', name: 'Ann' })
    expect(u.get('createdAt')).toBeInstanceOf(Date)
    await expect(User().create({ email: 'b@x', name: 'B' })).rejects.toThrow(
      /minimum allowed length/,
    )
  })

  it('surfaces duplicate keys as MongoServerError 11000 with keyValue', async () => {
    const err = await User()
      .create({ email: 'ann@x', name: 'Again' })
      .catch((e: { code?: number; keyValue?: unknown }) => e)
    expect(err).toMatchObject({ code: 11000, keyValue: { email: 'ann@x' } })
  })

  it('populates references', async () => {
    const ann = await User().findOne({ email: 'ann@x' }).orFail()
    await Post().create({ title: 'hello', author: ann._id })
    const post = await Post()
      .findOne({ title: 'hello' })
      .populate('author')
      .lean<{ author: { name: string } }>()
    expect(post?.author.name).toBe('Ann')
  })

  it('upserts counters with findOneAndUpdate', async () => {
    const next = () =>
      Counter()
        .findOneAndUpdate(
          { _id: 'ticket' },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<{ seq: number }>()
    expect((await next())?.seq).toBe(1)
    expect((await next())?.seq).toBe(2)
  })

  it('counts documents and aggregates', async () => {
    await User().create([
      { email: 'c@x', name: 'Cy', score: 3 },
      { email: 'd@x', name: 'Di', score: 4 },
    ])
    expect(await User().countDocuments({ score: { $gt: 0 } })).toBe(2)
    const [row] = await User().aggregate([{ $group: { _id: null, total: { $sum: '$score' } } }])
    expect(row.total).toBe(7)
  })

  it('commits connection.transaction work atomically', async () => {
    await conn.transaction(async (session) => {
      await User().updateOne({ email: 'c@x' }, { $inc: { score: -1 } }, { session })
      await User().updateOne({ email: 'd@x' }, { $inc: { score: 1 } }, { session })
    })
    const scores = await User()
      .find({ email: { $in: ['c@x', 'd@x'] } })
      .sort({ email: 1 })
      .lean<{ score: number }[]>()
    expect(scores.map((s) => s.score)).toEqual([2, 5])
  })

  it('rolls back connection.transaction work when the callback throws', async () => {
    await expect(
      conn.transaction(async (session) => {
        await User().create([{ email: 'e@x', name: 'Eve' }], { session })
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await User().countDocuments({ email: 'e@x' })).toBe(0)
  })

  it('retries connection.transaction after a WriteConflict', async () => {
    const other = await mongoose.createConnection(server.uri, { dbName: 'mg' }).asPromise()
    try {
      let attempts = 0
      await conn.transaction(async (session) => {
        attempts++
        const doc = await User().findOne({ email: 'c@x' }).session(session).orFail()
        if (attempts === 1) {
          // Another client changes the document after this transaction read it.
          await other.collection('users').updateOne({ email: 'c@x' }, { $set: { name: 'Cyrus' } })
        }
        doc.set('score', 10)
        await doc.save({ session })
      })
      expect(attempts).toBe(2)
      const doc = await User().findOne({ email: 'c@x' }).lean<{ name: string; score: number }>()
      expect(doc).toMatchObject({ name: 'Cyrus', score: 10 })
    } finally {
      await other.close()
    }
  })
})
