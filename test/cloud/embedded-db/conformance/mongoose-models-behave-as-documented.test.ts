/**
 * mongoose 9 behaviour over the wire (https://mongoosejs.com/docs/ : validation, unique indexes and
 * E11000, populate, timestamps, findOneAndUpdate upserts, countDocuments, aggregate,
 * Connection#transaction). Uses a private createConnection, never the global mongoose.
 */
import mongoose, { type Connection, type Model, Schema, Types } from 'mongoose'
import { connectTarget, rejectionOf, type Target } from './harness'

interface Resident {
  name: string
  email: string
  age?: number
  role: 'resident' | 'admin'
  createdAt?: Date
  updatedAt?: Date
}

interface Topic {
  title: string
  author: Types.ObjectId
  votes: number
}

interface Counter {
  name: string
  seq: number
  label: string
}

let target: Target
let connection: Connection
let Residents: Model<Resident>
let Topics: Model<Topic>
let Counters: Model<Counter>

beforeAll(async () => {
  target = await connectTarget('mongoose')
  connection = await target.mongooseConnection()
  Residents = connection.model<Resident>(
    'Resident',
    new Schema<Resident>(
      {
        name: { type: String, required: true, minlength: 2 },
        email: { type: String, required: true, unique: true },
        age: { type: Number, min: 0 },
        role: { type: String, enum: ['resident', 'admin'], default: 'resident' },
      },
      { timestamps: true },
    ),
  )
  Topics = connection.model<Topic>(
    'Topic',
    new Schema<Topic>({
      title: { type: String, required: true },
      author: { type: Schema.Types.ObjectId, ref: 'Resident', required: true },
      votes: { type: Number, default: 0 },
    }),
  )
  Counters = connection.model<Counter>(
    'Counter',
    new Schema<Counter>({
      name: { type: String, required: true, unique: true },
      seq: { type: Number, default: 0 },
      label: { type: String, default: '计数器' },
    }),
  )
  // Model.init() creates the collections and builds the unique indexes before any test writes.
  await Promise.all([Residents.init(), Topics.init(), Counters.init()])
})

afterAll(async () => {
  await target?.close()
})

beforeEach(async () => {
  await Promise.all([Residents.deleteMany({}), Topics.deleteMany({})])
})

describe('validation and unique indexes', () => {
  it('rejects an invalid document with a ValidationError per path and stores nothing', async () => {
    // An out-of-enum role is exactly what the typings forbid and validation must catch.
    const invalid = { name: 'a', age: -1, role: 'king' } as unknown as Resident
    const error = await rejectionOf(Residents.create(invalid))
    expect(error).toBeInstanceOf(mongoose.Error.ValidationError)
    const errors = (error as mongoose.Error.ValidationError).errors
    expect(errors.name?.kind).toBe('minlength')
    expect(errors.email?.kind).toBe('required')
    expect(errors.age?.kind).toBe('min')
    expect(errors.role?.kind).toBe('enum')
    expect(await Residents.countDocuments()).toBe(0)
  })

  it('lists the unique index that schema declared', async () => {
    const indexes = await Residents.listIndexes()
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { email: 1 }, unique: true })]),
    )
  })

  it('surfaces a duplicate email as a MongoServerError with code 11000 and keyValue', async () => {
    await Residents.create({ name: '张三', email: 'zs@example.cn' })
    const error = await rejectionOf(Residents.create({ name: '张三丰', email: 'zs@example.cn' }))
    expect(error.code).toBe(11000)
    expect(error.keyValue).toEqual({ email: 'zs@example.cn' })
    expect(await Residents.countDocuments()).toBe(1)
  })
})

describe('documents, timestamps and populate', () => {
  it('applies defaults and timestamps, and moves updatedAt on later saves', async () => {
    const created = await Residents.create({ name: '李四', email: 'ls@example.cn' })
    expect(created.role).toBe('resident')
    expect(created.createdAt).toBeInstanceOf(Date)
    const firstUpdate = created.updatedAt as Date
    await new Promise((resolve) => setTimeout(resolve, 5))
    created.age = 40
    await created.save()
    const stored = await Residents.findById(created._id).lean()
    expect(stored?.age).toBe(40)
    expect(stored?.createdAt?.getTime()).toBe(created.createdAt?.getTime())
    expect(stored?.updatedAt?.getTime()).toBeGreaterThan(firstUpdate.getTime())
  })

  it('populate replaces a reference with the referenced document', async () => {
    const author = await Residents.create({ name: '王五', email: 'ww@example.cn' })
    await Topics.create({ title: '小区停车', author: author._id })
    const topic = await Topics.findOne({ title: '小区停车' })
      .populate<{ author: Resident }>('author', 'name email -_id')
      .lean()
    expect(topic?.author).toEqual({ name: '王五', email: 'ww@example.cn' })
    expect(topic?.votes).toBe(0)
  })

  it('lean queries return plain objects with ObjectId ids, sorted and limited', async () => {
    await Residents.insertMany([
      { name: '甲一', email: '1@x.cn', age: 30 },
      { name: '乙二', email: '2@x.cn', age: 20 },
      { name: '丙三', email: '3@x.cn', age: 40 },
    ])
    const docs = await Residents.find({ age: { $gte: 25 } })
      .sort({ age: -1 })
      .limit(5)
      .lean()
    expect(docs.map((d) => d.name)).toEqual(['丙三', '甲一'])
    expect(docs[0]?._id).toBeInstanceOf(Types.ObjectId)
  })
})

describe('queries and aggregation', () => {
  it("findOneAndUpdate with upsert and returnDocument 'after' creates then increments a counter", async () => {
    const options = { upsert: true, returnDocument: 'after' as const }
    const first = await Counters.findOneAndUpdate(
      { name: 'topic-no' },
      { $inc: { seq: 1 } },
      options,
    )
    const second = await Counters.findOneAndUpdate(
      { name: 'topic-no' },
      { $inc: { seq: 1 } },
      options,
    )
    expect(first?.seq).toBe(1)
    expect(first?.label).toBe('计数器')
    expect(second?.seq).toBe(2)
    expect(second?._id.equals(first?._id)).toBe(true)
    expect(await Counters.countDocuments({ name: 'topic-no' })).toBe(1)
  })

  it('an upserting findOneAndUpdate sets createdAt once and moves updatedAt on later calls', async () => {
    const options = { upsert: true, returnDocument: 'after' as const }
    const first = await Residents.findOneAndUpdate(
      { email: 'up@example.cn' },
      { $set: { name: '郑十' } },
      options,
    )
    expect(first?.email).toBe('up@example.cn')
    expect(first?.role).toBe('resident')
    expect(first?.createdAt).toBeInstanceOf(Date)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = await Residents.findOneAndUpdate(
      { email: 'up@example.cn' },
      { $set: { name: '郑十一' } },
      options,
    )
    expect(second?.name).toBe('郑十一')
    expect(second?.createdAt?.getTime()).toBe(first?.createdAt?.getTime())
    expect(second?.updatedAt?.getTime()).toBeGreaterThan(first?.updatedAt?.getTime() ?? Infinity)
    expect(await Residents.countDocuments({ email: 'up@example.cn' })).toBe(1)
  })

  it('countDocuments and aggregate agree with the stored data', async () => {
    const author = await Residents.create({ name: '赵六', email: 'zl@example.cn' })
    await Topics.insertMany([
      { title: 'a', author: author._id, votes: 3 },
      { title: 'b', author: author._id, votes: 4 },
      { title: 'c', author: new Types.ObjectId(), votes: 10 },
    ])
    expect(await Topics.countDocuments({ author: author._id })).toBe(2)
    const totals = await Topics.aggregate<{ _id: Types.ObjectId; votes: number }>([
      { $match: { author: author._id } },
      { $group: { _id: '$author', votes: { $sum: '$votes' } } },
    ])
    expect(totals).toHaveLength(1)
    expect(totals[0]?.votes).toBe(7)
    expect(totals[0]?._id.equals(author._id)).toBe(true)
  })

  it('updateOne casts values through the schema', async () => {
    const created = await Residents.create({ name: '孙七', email: 'sq@example.cn' })
    await Residents.updateOne({ _id: created._id }, { $set: { age: '33' } })
    expect((await Residents.findById(created._id).lean())?.age).toBe(33)
  })
})

describe('Connection#transaction', () => {
  it('commits every write made inside the callback', async () => {
    await connection.transaction(async (session) => {
      const [author] = await Residents.create([{ name: '周八', email: 'zb@example.cn' }], {
        session,
      })
      await Topics.create([{ title: '加装电梯', author: author?._id }], { session })
    })
    expect(await Residents.countDocuments({ email: 'zb@example.cn' })).toBe(1)
    expect(await Topics.countDocuments({ title: '加装电梯' })).toBe(1)
  })

  it('rolls back every write when the callback throws', async () => {
    const error = await rejectionOf(
      connection.transaction(async (session) => {
        await Residents.create([{ name: '吴九', email: 'wj@example.cn' }], { session })
        await Topics.create([{ title: '垃圾分类', author: new Types.ObjectId() }], { session })
        throw new Error('回滚')
      }),
    )
    expect(error.message).toBe('回滚')
    expect(await Residents.countDocuments({ email: 'wj@example.cn' })).toBe(0)
    expect(await Topics.countDocuments({ title: '垃圾分类' })).toBe(0)
  })
})
