/**
 * Cases where an index scan could miss documents a collection scan finds: a collation folding
 * case, numbers stored as Long or Decimal128, strings beyond the BMP (code point order), a range
 * met by different elements of an array, and null on a sparse compound index. Each find must
 * return the same documents with and without the index.
 */
import { Decimal128, Long, type Document } from 'mongodb'
import { startHarness, stopHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => stopHarness(h))

/** Runs the find on an unindexed copy and on an indexed one; both must agree and equal `want`. */
async function sameWithIndex(
  name: string,
  docs: Document[],
  index: Document,
  find: (c: ReturnType<Harness['db']['collection']>) => Promise<Document[]>,
  want: unknown[],
  indexOptions: Document = {},
): Promise<void> {
  const plain = h.db.collection(`${name}_plain`)
  const indexed = h.db.collection(`${name}_indexed`)
  await plain.insertMany(docs.map((d) => ({ ...d })))
  await indexed.createIndex(index, indexOptions)
  await indexed.insertMany(docs.map((d) => ({ ...d })))
  const ids = (rows: Document[]) => rows.map((d) => d._id).sort()
  expect(ids(await find(indexed))).toEqual(want)
  expect(ids(await find(plain))).toEqual(want)
}

describe('indexed finds', () => {
  it('honour a case-folding collation on an indexed string', async () => {
    await sameWithIndex(
      'folded',
      [
        { _id: 1, n: 'Ann' },
        { _id: 2, n: 'ann' },
        { _id: 3, n: 'Bob' },
      ],
      { n: 1 },
      (c) =>
        c
          .find({ n: { $in: ['ann', 'bob'] } })
          .collation({ locale: 'en', strength: 2 })
          .toArray(),
      [1, 2, 3],
    )
  })

  it('find Long and Decimal128 values in numeric ranges', async () => {
    await sameWithIndex(
      'numbers',
      [
        { _id: 1, v: 3 },
        { _id: 2, v: Decimal128.fromString('5.5') },
        { _id: 3, v: Long.fromString('9007199254740993') },
        { _id: 4, v: 'x' },
      ],
      { v: 1 },
      (c) => c.find({ v: { $gt: 4 } }).toArray(),
      [2, 3],
    )
  })

  it('order strings by code point in ranges', async () => {
    await sameWithIndex(
      'codepoints',
      [
        { _id: 1, s: '～' },
        { _id: 2, s: '😀' },
        { _id: 3, s: 'a' },
      ],
      { s: 1 },
      (c) => c.find({ s: { $gt: '～' } }).toArray(),
      [2],
    )
  })

  it('match a range met by different elements of an array', async () => {
    await sameWithIndex(
      'multikey',
      [
        { _id: 1, a: [0, 3] },
        { _id: 2, a: [5] },
        { _id: 3, a: 1.5 },
      ],
      { a: 1, b: 1 },
      (c) =>
        c
          .find({ a: { $gt: 1, $lt: 2 } })
          .sort({ a: 1, b: 1 })
          .toArray(),
      [1, 3],
    )
  })

  it('find documents without the fields on a sparse compound index when asked for null', async () => {
    await sameWithIndex(
      'sparse',
      [{ _id: 1, x: 1, y: 2 }, { _id: 2, x: 1 }, { _id: 3 }],
      { x: 1, y: 1 },
      (c) => c.find({ x: null, y: null }).sort({ x: 1, y: 1 }).toArray(),
      [3],
      { sparse: true },
    )
  })
})
