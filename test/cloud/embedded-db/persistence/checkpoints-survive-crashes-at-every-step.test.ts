import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Binary, ObjectId } from 'bson'
import { JournalCorruptError, openPersistence } from '../../../../cloud/embedded-db/src/persistence'
import type { PersistenceOptions } from '../../../../cloud/embedded-db/src/persistence'
import type { EffectBatch } from '../../../../cloud/embedded-db/src/persistence/types'
import { Model, putBatch, removeTempDbpaths, tempDbpath } from './helpers'

afterAll(removeTempDbpaths)

const files = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => !n.endsWith('.lock'))
    .sort()

async function recoverModel(
  dir: string,
  opts: PersistenceOptions = {},
): Promise<{ model: Model; notes: string[] }> {
  const p = openPersistence(dir, { fsync: false, ...opts })
  try {
    const state = await p.open()
    return { model: Model.from(state), notes: state.notes }
  } finally {
    await p.close()
  }
}

const batchesFor = (from: number, to: number): EffectBatch[] => {
  const out: EffectBatch[] = []
  for (let i = from; i <= to; i++) {
    out.push(
      i % 4 === 0
        ? [{ op: 'del', db: 'test', coll: 'items', id: i - 1 }]
        : [...putBatch(i), { op: 'put', db: 'test', coll: 'log', doc: { _id: new ObjectId(), i } }],
    )
  }
  return out
}

describe('checkpoints', () => {
  it('replace the journal with a snapshot and keep appends made during and after them', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir, { checkpointKeep: 0 })
    const model = Model.from(await p.open())
    for (const b of batchesFor(1, 10)) {
      model.apply(b)
      await p.append(b)
    }
    const bytesBefore = p.journalBytes
    const cp = p.checkpoint(model.images())
    expect(p.journalBytes).toBe(0)
    // Appends while the snapshot is being written go to the next generation.
    const during = batchesFor(11, 14).map((b) => {
      model.apply(b)
      return p.append(b)
    })
    await Promise.all([cp, ...during])
    for (const b of batchesFor(15, 20)) {
      model.apply(b)
      await p.append(b)
    }
    expect(p.journalBytes).toBeLessThan(bytesBefore)
    await p.close()

    expect(files(dir)).toEqual([
      expect.stringMatching(/^journal-0+2\.log$/),
      expect.stringMatching(/^snapshot-0+2\.snap$/),
    ])
    const again = openPersistence(dir)
    const state = await again.open()
    await again.close()
    expect(state.batches).toHaveLength(10)
    expect(Model.from(state).dump()).toBe(model.dump())
  })

  it('snapshot the state as it was when called, not as it is when written', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir, { checkpointKeep: 0 })
    const model = Model.from(await p.open())
    const b = putBatch(1)
    model.apply(b)
    await p.append(b)
    const expected = model.dump()
    const cp = p.checkpoint(model.images())
    // An engine mutating its documents in place right after the call must not leak into the snapshot.
    const live = model.colls.get('test.items')?.docs.values().next().value
    if (live) live.label = 'changed later'
    await cp
    await p.close()
    expect((await recoverModel(dir)).model.dump()).toBe(expected)
  })

  it('snapshot the call-time set of documents when told documents are immutable', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir, { checkpointKeep: 0, immutableDocuments: true })
    const model = Model.from(await p.open())
    for (const b of batchesFor(1, 6)) {
      model.apply(b)
      await p.append(b)
    }
    const expected = model.dump()
    const cp = p.checkpoint(model.images())
    // Immutable style: later writes replace documents and delete others, never edit them in place.
    model.apply([
      ...putBatch(1, { label: 'replaced later' }),
      { op: 'del', db: 'test', coll: 'items', id: 2 },
    ])
    await cp
    await p.close()
    expect((await recoverModel(dir)).model.dump()).toBe(expected)
  })

  it('recover every acknowledged batch whichever step of a checkpoint the process died at', async () => {
    const dir = tempDbpath()
    const model = new Model()
    const p = openPersistence(dir, { checkpointKeep: 0, fsync: false })
    await p.open()
    for (const b of batchesFor(1, 12)) {
      model.apply(b)
      await p.append(b)
    }
    const before = tempDbpath()
    for (const f of files(dir)) copyFileSync(join(dir, f), join(before, f))
    await p.checkpoint(model.images())
    for (const b of batchesFor(13, 18)) {
      model.apply(b)
      await p.append(b)
    }
    await p.close()
    const expected = model.dump()
    const [oldJournal] = files(before)
    const [newJournal, snap] = files(dir)

    const crash = (parts: Record<string, Buffer>): string => {
      const d = tempDbpath()
      for (const [name, data] of Object.entries(parts)) writeFileSync(join(d, name), data)
      return d
    }
    const old = readFileSync(join(before, oldJournal))
    const next = readFileSync(join(dir, newJournal))
    const snapshot = readFileSync(join(dir, snap))
    const states = {
      'generation switched, snapshot not started': { [oldJournal]: old, [newJournal]: next },
      'snapshot half written': {
        [oldJournal]: old,
        [newJournal]: next,
        [`${snap}.tmp`]: snapshot.subarray(0, snapshot.length >> 1),
      },
      'snapshot written but not renamed': {
        [oldJournal]: old,
        [newJournal]: next,
        [`${snap}.tmp`]: snapshot,
      },
      'snapshot renamed, old journal not yet deleted': {
        [oldJournal]: old,
        [newJournal]: next,
        [snap]: snapshot,
      },
      'old journal deleted': { [newJournal]: next, [snap]: snapshot },
    }
    for (const [step, parts] of Object.entries(states)) {
      const d = crash(parts)
      const { model: got } = await recoverModel(d, { checkpointKeep: 0 })
      expect({ step, state: got.dump() }).toEqual({ step, state: expected })
      // Recovery cleans up what the interrupted checkpoint left behind.
      expect(files(d).some((f) => f.endsWith('.tmp'))).toBe(false)
      expect({ step, state: (await recoverModel(d)).model.dump() }).toEqual({
        step,
        state: expected,
      })
    }
  })

  it('fall back to an older snapshot when the newest one is damaged and its journals were kept', async () => {
    const dir = tempDbpath()
    const model = new Model()
    const p = openPersistence(dir, { checkpointKeep: 1, fsync: false })
    await p.open()
    for (const [i, b] of batchesFor(1, 30).entries()) {
      model.apply(b)
      await p.append(b)
      if (i % 10 === 9) await p.checkpoint(model.images())
    }
    await p.close()
    const snaps = files(dir).filter((f) => f.startsWith('snapshot-'))
    expect(snaps).toHaveLength(2)
    const newest = join(dir, snaps[1])
    const buf = readFileSync(newest)
    buf[buf.length >> 1] ^= 0x01
    writeFileSync(newest, buf)
    const { model: got, notes } = await recoverModel(dir)
    expect(got.dump()).toBe(model.dump())
    expect(notes[0]).toMatch(/ignored invalid snapshot .*checksum mismatch/)
  })

  it('refuse to start empty when the only snapshot is damaged and its journals are gone', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir, { checkpointKeep: 0, fsync: false })
    const model = Model.from(await p.open())
    for (const b of batchesFor(1, 5)) {
      model.apply(b)
      await p.append(b)
    }
    await p.checkpoint(model.images())
    await p.close()
    const [snap] = files(dir).filter((f) => f.startsWith('snapshot-'))
    const buf = readFileSync(join(dir, snap))
    writeFileSync(join(dir, snap), buf.subarray(0, buf.length - 1))
    await expect(recoverModel(dir)).rejects.toThrow(/refusing to start empty/)
    await expect(recoverModel(dir)).rejects.toThrow(JournalCorruptError)
  })

  it('stream collections of 16 MB documents through a snapshot intact', async () => {
    const dir = tempDbpath()
    const model = new Model()
    const p = openPersistence(dir, { fsync: false })
    await p.open()
    const big = (n: number): EffectBatch => [
      {
        op: 'put',
        db: 'files',
        coll: `c${n % 2}`,
        doc: { _id: n, data: new Binary(Buffer.alloc(16 * 1024 * 1024 - 100, n)) },
      },
    ]
    for (let n = 1; n <= 3; n++) {
      model.apply(big(n))
      await p.append(big(n))
    }
    await p.checkpoint(model.images())
    await p.close()
    const again = openPersistence(dir, { fsync: false })
    const state = await again.open()
    await again.close()
    expect(state.batches).toEqual([])
    const docs = state.collections.flatMap((c) => [...c.docs])
    expect(docs.map((d) => d._id).sort()).toEqual([1, 2, 3])
    for (const d of docs) {
      const data = (d.data as Binary).buffer
      expect(data.length).toBe(16 * 1024 * 1024 - 100)
      expect(data[12345]).toBe(d._id)
    }
  })
})
