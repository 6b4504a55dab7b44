import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Binary, Decimal128, Long, ObjectId, Timestamp, UUID } from 'bson'
import { crc32 } from 'node:zlib'
import { openPersistence } from '../../../../cloud/embedded-db/src/persistence'
import { encodeRecord } from '../../../../cloud/embedded-db/src/persistence/record-codec'
import type { EffectBatch } from '../../../../cloud/embedded-db/src/persistence/types'
import { putBatch, removeTempDbpaths, tempDbpath } from './helpers'

afterAll(removeTempDbpaths)

const journalFiles = (dir: string): string[] =>
  readdirSync(dir).filter((n) => n.startsWith('journal-'))

describe('journal', () => {
  it('hands back every appended batch, in order, after a reopen', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir)
    expect(await p.open()).toEqual({ collections: [], batches: [], notes: [] })
    for (let i = 1; i <= 5; i++) await p.append(putBatch(i))
    expect(p.journalBytes).toBe(statSync(join(dir, journalFiles(dir)[0])).size)
    await p.close()

    const again = openPersistence(dir)
    const state = await again.open()
    expect(state.batches).toEqual([1, 2, 3, 4, 5].map((i) => putBatch(i)))
    expect(state.notes).toEqual([])
    expect(again.journalBytes).toBeGreaterThan(0)
    await again.append(putBatch(6))
    await again.close()

    const third = openPersistence(dir)
    expect((await third.open()).batches.map((b) => b[0])).toHaveLength(6)
    await third.close()
  })

  it('keeps BSON types exact through the journal', async () => {
    const dir = tempDbpath()
    const doc = {
      _id: new ObjectId(),
      at: new Date('2026-01-02T03:04:05.678Z'),
      big: Long.fromString('9007199254740993'),
      small: Long.fromNumber(7),
      price: Decimal128.fromString('12.345'),
      blob: new Binary(Buffer.from([0, 1, 2, 255]), 0),
      uuid: new UUID('0f8fad5b-d9cb-469f-a165-70867728950e'),
      ts: new Timestamp({ t: 100, i: 2 }),
      nested: [[1, [2, [3, 'deep']]], { a: [{ b: null }] }],
      text: '中文 and emoji 🚀',
      real: 1.5,
      whole: 42,
    }
    const batch: EffectBatch = [
      {
        op: 'createCollection',
        db: 'shop',
        coll: 'orders',
        options: { validator: { $jsonSchema: {} } },
      },
      {
        op: 'createIndex',
        db: 'shop',
        coll: 'orders',
        spec: { key: { at: -1 }, name: 'at_-1', unique: true },
      },
      { op: 'put', db: 'shop', coll: 'orders', doc },
      { op: 'del', db: 'shop', coll: 'orders', id: new ObjectId() },
      { op: 'dropIndex', db: 'shop', coll: 'orders', name: 'at_-1' },
      { op: 'dropCollection', db: 'shop', coll: 'old' },
      { op: 'dropDatabase', db: 'scratch' },
    ]
    const p = openPersistence(dir)
    await p.open()
    await p.append(batch)
    await p.close()

    const again = openPersistence(dir)
    const [got] = (await again.open()).batches
    await again.close()
    expect(got).toEqual(batch)
    const put = got[2]
    if (put.op !== 'put') throw new Error('expected a put')
    expect(put.doc._id).toBeInstanceOf(ObjectId)
    expect(put.doc.at).toBeInstanceOf(Date)
    expect(put.doc.big).toBeInstanceOf(Long)
    expect(String(put.doc.big)).toBe('9007199254740993')
    expect(put.doc.small).toBeInstanceOf(Long)
    expect(put.doc.price).toBeInstanceOf(Decimal128)
    expect(put.doc.blob).toBeInstanceOf(Binary)
    expect(put.doc.ts).toBeInstanceOf(Timestamp)
    expect(put.doc.nested).toEqual(doc.nested)
  })

  it('groups concurrent appends into fewer fsyncs and keeps their order', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir)
    await p.open()
    const done: number[] = []
    const appends = Array.from({ length: 500 }, (_, i) =>
      p.append(putBatch(i + 1)).then(() => done.push(i + 1)),
    )
    await Promise.all(appends)
    expect(done).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
    expect(p.journalFlushes).toBeLessThan(500)
    expect(p.journalFlushes).toBeGreaterThan(0)
    await p.close()

    const again = openPersistence(dir)
    const { batches } = await again.open()
    await again.close()
    expect(batches.map((b) => (b[0].op === 'put' ? b[0].doc.n : null))).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1),
    )
  })

  it('coalesces appends that arrive while an fsync is in flight into the next single flush', async () => {
    const dir = tempDbpath()
    let syncs = 0
    let releaseFirst: () => void = () => undefined
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    const p = openPersistence(dir, {
      syncFile: async (fh) => {
        if (++syncs === 1) await firstHeld
        await fh.datasync()
      },
    })
    await p.open()
    const first = p.append(putBatch(1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    const rest = Array.from({ length: 100 }, (_, i) => p.append(putBatch(i + 2)))
    releaseFirst()
    await Promise.all([first, ...rest])
    expect(syncs).toBe(2)
    await p.close()
  })

  it('checksums with the standard CRC-32 (check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926)
    const rec = encodeRecord(7, putBatch(7))
    const end = rec.length - 4
    expect(rec.readUInt32LE(end)).toBe(crc32(rec.subarray(0, end)))
    expect(Number(rec.readBigUInt64LE(4))).toBe(7)
    expect(rec.readUInt32LE(0)).toBe(rec.length - 16)
  })

  it('rejects pending and later appends once an fsync fails, instead of pretending', async () => {
    const dir = tempDbpath()
    let failNext = false
    const p = openPersistence(dir, {
      syncFile: async (fh) => {
        if (failNext) throw Object.assign(new Error('EIO: simulated disk failure'), { code: 'EIO' })
        await fh.datasync()
      },
    })
    await p.open()
    await p.append(putBatch(1))
    failNext = true
    const pending = [p.append(putBatch(2)), p.append(putBatch(3))]
    await expect(pending[0]).rejects.toThrow(/journal write failed.*EIO/)
    await expect(pending[1]).rejects.toThrow(/journal write failed/)
    failNext = false
    await expect(p.append(putBatch(4))).rejects.toThrow(/refusing further writes/)
    await expect(p.checkpoint([])).rejects.toThrow(/refusing further writes/)
    await p.close()

    // Batch 1 was acknowledged and must survive; 2 and 3 may or may not (they were never acknowledged).
    const again = openPersistence(dir)
    const { batches } = await again.open()
    await again.close()
    expect(batches[0]).toEqual(putBatch(1))
    expect(batches.length).toBeLessThanOrEqual(3)
  })

  it('refuses appends before open and after close', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir)
    await expect(p.append(putBatch(1))).rejects.toThrow(/append on a persistence that is new/)
    await p.open()
    await p.close()
    await expect(p.append(putBatch(1))).rejects.toThrow(/closed/)
  })

  it('stores a batch larger than bson’s 17 MB serialization buffer intact', async () => {
    const dir = tempDbpath()
    const big = (n: number): EffectBatch[number] => ({
      op: 'put',
      db: 'test',
      coll: 'files',
      doc: { _id: n, data: new Binary(Buffer.alloc(15 * 1024 * 1024, n)) },
    })
    const p = openPersistence(dir, { fsync: false })
    await p.open()
    await p.append([big(1), big(2)])
    await p.close()
    const again = openPersistence(dir, { fsync: false })
    const [batch] = (await again.open()).batches
    await again.close()
    expect(batch).toHaveLength(2)
    for (const [i, e] of batch.entries()) {
      if (e.op !== 'put') throw new Error('expected a put')
      const data = (e.doc.data as Binary).buffer
      expect(data.length).toBe(15 * 1024 * 1024)
      expect(data[data.length - 1]).toBe(i + 1)
    }
  })
})
