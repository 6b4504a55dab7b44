import { MongoClient } from 'mongodb'
import { MemoryPersistence } from '../../../../cloud/embedded-db/src/engine/memory-persistence'
import type { EffectBatch } from '../../../../cloud/embedded-db/src/persistence/types'
import { DbServer } from '../../../../cloud/embedded-db/src/server'

/** Holds every append until the test releases it, to observe when replies are sent. */
class GatedPersistence extends MemoryPersistence {
  readonly batches: EffectBatch[] = []
  private gates: (() => void)[] = []
  override append(batch: EffectBatch): Promise<void> {
    this.batches.push(batch)
    return new Promise((r) => this.gates.push(r))
  }
  release(): void {
    const g = this.gates
    this.gates = []
    for (const r of g) r()
  }
}

const persistence = new GatedPersistence()
const server = new DbServer({ host: '127.0.0.1', port: 0, persistence })
let client: MongoClient

beforeAll(async () => {
  const { port } = await server.start()
  client = await new MongoClient(`mongodb://127.0.0.1:${port}`).connect()
})
afterAll(async () => {
  persistence.release()
  await client?.close()
  await server.close()
})

describe('journalling', () => {
  it('acknowledges a write only after its batch is durable', async () => {
    let acked = false
    const write = client
      .db('j')
      .collection('c')
      .insertMany([{ a: 1 }, { a: 2 }])
      .then(() => (acked = true))
    for (let i = 0; i < 50 && persistence.batches.length === 0; i++)
      await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, 30))
    expect(acked).toBe(false)
    const batch = persistence.batches[persistence.batches.length - 1]
    expect(batch.map((e) => e.op)).toEqual(['createCollection', 'put', 'put'])
    persistence.release()
    await write
    expect(acked).toBe(true)
  })

  it('journals one batch per command with full documents and deletes by _id', async () => {
    const c = client.db('j').collection('c')
    const before = persistence.batches.length
    const update = c.updateMany({}, { $set: { seen: true } })
    for (let i = 0; i < 50 && persistence.batches.length === before; i++)
      await new Promise((r) => setTimeout(r, 5))
    persistence.release()
    await update
    const remove = c.deleteOne({ a: 1 })
    for (let i = 0; i < 50 && persistence.batches.length === before + 1; i++)
      await new Promise((r) => setTimeout(r, 5))
    persistence.release()
    await remove
    const [upd, del] = persistence.batches.slice(before)
    expect(upd).toHaveLength(2)
    expect(upd.every((e) => e.op === 'put' && e.doc.seen === true)).toBe(true)
    expect(del).toEqual([{ op: 'del', db: 'j', coll: 'c', id: expect.anything() }])
  })
})
