/**
 * `npm run bench -- db`: insert / find-by-_id / updateOne throughput of the embedded server
 * through the real mongodb driver (memory only, 8 concurrent callers), against a baseline of the
 * same operations on a plain in-process Map behind the same async call boundary. The Map is the
 * cost floor: no wire protocol, no BSON, no query engine — the ratio shows what those cost.
 */
import { MongoClient, type Collection, type Document } from 'mongodb'
import { startEmbeddedServer } from '../cloud/embedded-db/src/index'
import { ratioOf, type BenchResult } from './lib/types'

const DOCS = 3000
const CONCURRENCY = 8

interface Ops {
  insert(i: number): Promise<unknown>
  findById(i: number): Promise<unknown>
  update(i: number): Promise<unknown>
}

function makeDoc(i: number): Document {
  return {
    _id: i,
    title: `议题 ${i}`,
    body: 'x'.repeat(200),
    votes: 0,
    tags: ['a', 'b'],
    at: new Date(),
  }
}

/** Runs `op(0..DOCS-1)` with CONCURRENCY callers; returns ops per second. */
async function phase(op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < DOCS; i = next++) await op(i)
    }),
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return DOCS / seconds
}

async function measure(ops: Ops): Promise<{ insert: number; findById: number; update: number }> {
  const insert = await phase((i) => ops.insert(i))
  const findById = await phase((i) => ops.findById(i))
  const update = await phase((i) => ops.update(i))
  return { insert, findById, update }
}

function driverOps(c: Collection): Ops {
  return {
    insert: (i) => c.insertOne(makeDoc(i)),
    findById: (i) => c.findOne({ _id: i as never }),
    update: (i) => c.updateOne({ _id: i as never }, { $inc: { votes: 1 } }),
  }
}

function mapOps(): Ops {
  const map = new Map<number, Document>()
  return {
    insert: async (i) => map.set(i, makeDoc(i)),
    findById: async (i) => map.get(i),
    update: async (i) => {
      const d = map.get(i)
      if (d) map.set(i, { ...d, votes: (d.votes as number) + 1 })
    },
  }
}

/** Total ops over total time across the three phases (harmonic mix). */
function overall(r: { insert: number; findById: number; update: number }): number {
  return 3 / (1 / r.insert + 1 / r.findById + 1 / r.update)
}

export async function run(): Promise<BenchResult & { bench: 'db' }> {
  const server = await startEmbeddedServer({ port: 0 })
  const client = await new MongoClient(server.uri, { maxPoolSize: CONCURRENCY }).connect()
  try {
    const coll = client.db('bench').collection('topics')
    await phase(async (i) => (i < 50 ? coll.findOne({ _id: -1 as never }) : undefined)) // warm-up
    const db = await measure(driverOps(coll))
    const base = await measure(mapOps())
    const value = Math.round(overall(db))
    const baseline = Math.round(overall(base))
    return {
      bench: 'db',
      value,
      baseline,
      ratio: ratioOf(value, baseline),
      unit: 'ops/s',
      extra: {
        docs: DOCS,
        concurrency: CONCURRENCY,
        insertOpsPerSec: Math.round(db.insert),
        findByIdOpsPerSec: Math.round(db.findById),
        updateOneOpsPerSec: Math.round(db.update),
        baselineInsert: Math.round(base.insert),
        baselineFindById: Math.round(base.findById),
        baselineUpdate: Math.round(base.update),
        note: 'higher is better; baseline = in-process Map behind an async call (cost floor)',
      },
    }
  } finally {
    await client.close()
    await server.close()
  }
}
