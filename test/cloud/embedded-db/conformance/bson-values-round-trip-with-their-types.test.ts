/**
 * BSON values keep their type and value through a write and a read, and compare as MongoDB documents
 * (https://www.mongodb.com/docs/v7.0/reference/bson-types/ : $type aliases "int", "long", "double",
 * "decimal"; numbers of different types compare by value; https://www.mongodb.com/docs/v7.0/reference/operator/update/inc/
 * for Decimal128 arithmetic).
 */
import {
  Binary,
  type Collection,
  Decimal128,
  Double,
  Int32,
  Long,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb'
import { connectTarget, type Doc, rejectionOf, type Target } from './harness'

let target: Target
let values: Collection<Doc>
let collectionCount = 0

beforeAll(async () => {
  target = await connectTarget('bson')
})

afterAll(async () => {
  await target?.close()
})

beforeEach(() => {
  collectionCount += 1
  values = target.db.collection<Doc>(`values_${collectionCount}`)
})

async function idsMatching(filter: Doc): Promise<unknown[]> {
  return (await values.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id)
}

describe('dates and ObjectIds', () => {
  it('round-trips dates to the millisecond, before and after 1970, and compares them', async () => {
    const leap = new Date('2024-02-29T12:34:56.789Z')
    const old = new Date('1949-10-01T02:00:00.001Z')
    await values.insertMany([
      { _id: 1, at: leap },
      { _id: 2, at: old },
    ])
    expect((await values.findOne({ _id: 1 }))?.at).toEqual(leap)
    expect((await values.findOne({ _id: 2 }))?.at).toEqual(old)
    expect(await idsMatching({ at: { $lt: new Date(0) } })).toEqual([2])
    expect(await idsMatching({ at: leap })).toEqual([1])
  })

  it('matches ObjectIds by value, including separately constructed equal ones', async () => {
    const ref = new ObjectId()
    await values.insertMany([
      { _id: 1, ref },
      { _id: 2, ref: new ObjectId() },
    ])
    const stored = await values.findOne({ ref: new ObjectId(ref.toHexString()) })
    expect(stored?._id).toBe(1)
    expect(stored?.ref).toBeInstanceOf(ObjectId)
    expect((stored?.ref as ObjectId).equals(ref)).toBe(true)
    expect(await idsMatching({ ref: { $in: [ref] } })).toEqual([1])
    expect(await idsMatching({ ref: { $type: 'objectId' } })).toEqual([1, 2])
  })
})

describe('numbers', () => {
  it('keeps int, long, double and decimal types apart, as $type sees them', async () => {
    await values.insertMany([
      { _id: 'int', v: new Int32(1) },
      { _id: 'long', v: Long.fromNumber(1) },
      { _id: 'double', v: new Double(1) },
      { _id: 'decimal', v: Decimal128.fromString('1') },
    ])
    if (target.keepsNumberTypes) {
      expect(await idsMatching({ v: { $type: 'int' } })).toEqual(['int'])
      expect(await idsMatching({ v: { $type: 'long' } })).toEqual(['long'])
      expect(await idsMatching({ v: { $type: 'double' } })).toEqual(['double'])
    } else {
      for (const alias of ['int', 'long', 'double']) {
        expect((await rejectionOf(idsMatching({ v: { $type: alias } }))).code).toBe(238)
      }
    }
    expect(await idsMatching({ v: { $type: 'decimal' } })).toEqual(['decimal'])
    expect(await idsMatching({ v: { $type: 'number' } })).toEqual([
      'decimal',
      'double',
      'int',
      'long',
    ])
    // Numbers of different BSON types compare by value.
    expect(await idsMatching({ v: 1 })).toEqual(['decimal', 'double', 'int', 'long'])
  })

  it('returns the original wrappers when the driver is asked not to promote values', async () => {
    await values.insertOne({ _id: 1, i: new Int32(7), l: Long.fromNumber(7), d: new Double(7) })
    const raw = await values.findOne({ _id: 1 }, { promoteValues: false })
    if (target.keepsNumberTypes) {
      expect(raw?.i).toBeInstanceOf(Int32)
      expect(raw?.l).toBeInstanceOf(Long)
      expect(raw?.d).toBeInstanceOf(Double)
    }
    // Either way the values themselves are exact.
    for (const key of ['i', 'l', 'd']) expect(Number(raw?.[key])).toBe(7)
  })

  it('keeps 64-bit integers beyond 2^53 exact, in storage, comparison and $inc', async () => {
    const big = Long.fromString('9007199254740993')
    await values.insertOne({ _id: 1, v: big })
    const read = await values.findOne({ _id: 1 }, { promoteLongs: false })
    expect(String(read?.v)).toBe('9007199254740993')
    const asBigInt = await values.findOne({ _id: 1 }, { useBigInt64: true })
    expect(asBigInt?.v).toBe(9007199254740993n)
    expect(await idsMatching({ v: { $gt: 9007199254740992 } })).toEqual([1])
    await values.updateOne({ _id: 1 }, { $inc: { v: Long.fromNumber(1) } })
    const incremented = await values.findOne({ _id: 1 }, { promoteLongs: false })
    expect(String(incremented?.v)).toBe('9007199254740994')
  })

  it('$inc keeps an int an int and turns it into a double when adding a fraction', async () => {
    await values.insertMany([
      { _id: 1, v: new Int32(1) },
      { _id: 2, v: new Int32(1) },
    ])
    await values.updateOne({ _id: 1 }, { $inc: { v: new Int32(2) } })
    await values.updateOne({ _id: 2 }, { $inc: { v: 0.5 } })
    if (target.keepsNumberTypes) {
      expect(await idsMatching({ v: { $type: 'int' } })).toEqual([1])
      expect(await idsMatching({ v: { $type: 'double' } })).toEqual([2])
    }
    expect((await values.findOne({ _id: 1 }))?.v).toBe(3)
    expect((await values.findOne({ _id: 2 }))?.v).toBe(1.5)
  })

  it('keeps Decimal128 digits and scale, compares it numerically and adds exactly', async () => {
    await values.insertMany([
      { _id: 1, price: Decimal128.fromString('1.10') },
      { _id: 2, price: Decimal128.fromString('12345678901234567890.123456789') },
      { _id: 3, price: Decimal128.fromString('2.0') },
    ])
    expect(String((await values.findOne({ _id: 1 }))?.price)).toBe('1.10')
    expect(String((await values.findOne({ _id: 2 }))?.price)).toBe('12345678901234567890.123456789')
    expect(await idsMatching({ price: { $gt: Decimal128.fromString('1.05') } })).toEqual([1, 2, 3])
    expect(await idsMatching({ price: 2 })).toEqual([3])
    await values.updateOne({ _id: 1 }, { $inc: { price: Decimal128.fromString('0.10') } })
    const updated = (await values.findOne({ _id: 1 }))?.price
    expect(updated).toBeInstanceOf(Decimal128)
    expect(String(updated)).toBe('1.20')
  })
})

describe('other types and document structure', () => {
  it('round-trips binary data, UUIDs, timestamps, regular expressions, booleans and null', async () => {
    const uuid = new UUID()
    const bin = new Binary(Buffer.from([0, 1, 2, 255]))
    const ts = new Timestamp({ t: 1_700_000_000, i: 3 })
    await values.insertOne({ _id: 1, uuid, bin, ts, re: /商量+/i, yes: true, nothing: null })
    const doc = await values.findOne({ _id: 1 })
    expect((doc?.uuid as Binary).sub_type).toBe(4)
    expect(Buffer.from((doc?.uuid as Binary).buffer)).toEqual(Buffer.from(uuid.buffer))
    expect(Buffer.from((doc?.bin as Binary).buffer)).toEqual(Buffer.from([0, 1, 2, 255]))
    expect((doc?.ts as Timestamp).equals(ts)).toBe(true)
    expect(doc?.re).toEqual(/商量+/i)
    expect(doc?.yes).toBe(true)
    expect(doc?.nothing).toBeNull()
    expect(await idsMatching({ uuid })).toEqual([1])
    expect(await idsMatching({ bin })).toEqual([1])
  })

  it('preserves Chinese text, emoji and non-ASCII field names', async () => {
    await values.insertOne({
      _id: 1,
      议题: '有事好商量 · 码上议 🏘️',
      nested: { 标签: ['社区', '停车'] },
    })
    expect(await values.findOne({ _id: 1 })).toEqual({
      _id: 1,
      议题: '有事好商量 · 码上议 🏘️',
      nested: { 标签: ['社区', '停车'] },
    })
    expect(await idsMatching({ 'nested.标签': '停车' })).toEqual([1])
  })

  it('preserves field order in embedded documents and mixed-type arrays', async () => {
    await values.insertOne({
      _id: 1,
      e: { z: 1, a: 2, m: 3 },
      arr: [3, 'x', { b: 1, a: 2 }, [1], null],
    })
    const doc = await values.findOne({ _id: 1 })
    expect(Object.keys(doc?.e ?? {})).toEqual(['z', 'a', 'm'])
    expect(doc?.arr).toEqual([3, 'x', { b: 1, a: 2 }, [1], null])
    expect(Object.keys((doc?.arr as unknown[])[2] as object)).toEqual(['b', 'a'])
  })

  it('round-trips a document of about one megabyte', async () => {
    const text = '议'.repeat(300_000)
    await values.insertOne({ _id: 1, text })
    expect((await values.findOne({ _id: 1 }))?.text).toBe(text)
  })
})
