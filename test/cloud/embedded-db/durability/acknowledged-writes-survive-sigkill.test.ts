/**
 * End-to-end crash test: stream writes at the real server process, SIGKILL it mid-stream,
 * restart it on the same dbpath and check that every acknowledged write is there, intact.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoServerError } from 'mongodb'
import type { Collection, Document, MongoClient } from 'mongodb'
import { closeQuietly, connect, startServer, withTimeout } from './server-process'
import type { ServerProcess } from './server-process'

jest.setTimeout(240_000)

const WORKERS = 8
const dirs: string[] = []
let server: ServerProcess | undefined
let client: MongoClient | undefined

afterEach(async () => {
  await closeQuietly(client)
  await server?.kill()
  client = undefined
  server = undefined
})
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** What a document must look like: `acked`, or `pending` if the write in flight at the crash landed. */
interface Tracked {
  acked: Document | null
  pending?: Document | null
}

const payload = (id: string, v: number, size: number): string =>
  `${id}:${v}:`.padEnd(size, String.fromCharCode(97 + (v % 26)))
const smallMostly = (): number =>
  Math.random() < 0.05 ? 64 * 1024 : 20 + Math.floor(Math.random() * 2000)
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]
const isDuplicate = (e: unknown): boolean => e instanceof MongoServerError && e.code === 11000

interface Workload {
  tracked: Map<string, Tracked>
  acks: number
  killAt: number
  rejectedAsDuplicate: number
  /** Failures before the kill: each one is a server bug, not a crash effect. */
  errors: string[]
}

/** Runs WORKERS sequential writers until the server dies; SIGKILLs it right after ack number `killAt`. */
async function writeUntilKilled(
  coll: Collection,
  killAt: number,
  emails: string[] | null,
  sizeOf: () => number = smallMostly,
): Promise<Workload> {
  const w: Workload = { tracked: new Map(), acks: 0, killAt, rejectedAsDuplicate: 0, errors: [] }
  let killing: Promise<void> | undefined
  const worker = async (n: number): Promise<void> => {
    const mine: string[] = []
    // Every worker keeps writing until the dead server fails its write, so each one has a write in
    // flight at the kill however fast the server answers. Bounded: the kill comes after killAt acks,
    // and each failure ends the worker.
    for (let i = 0; i < 100_000; i++) {
      const live = mine.filter((id) => w.tracked.get(id)?.acked)
      const r = Math.random()
      const size = sizeOf()
      let id: string
      let after: Document | null
      let op: () => Promise<unknown>
      if (live.length === 0 || r < 0.5) {
        id = `w${n}-${i}`
        after = { _id: id, w: n, i, v: 0, count: 0, payload: payload(id, 0, size) }
        if (emails) after.email = pick(emails)
        const doc = after
        op = () => coll.insertOne(doc)
        mine.push(id)
      } else if (r < 0.9) {
        id = pick(live)
        const prev = w.tracked.get(id)?.acked as Document
        const v = (prev.v as number) + 1
        const set: Document = { v, payload: payload(id, v, size) }
        if (emails && Math.random() < 0.5) set.email = pick(emails)
        after = { ...prev, ...set, count: (prev.count as number) + 1 }
        op = () => coll.updateOne({ _id: id } as Document, { $set: set, $inc: { count: 1 } })
      } else {
        id = pick(live)
        after = null
        op = () => coll.deleteOne({ _id: id } as Document)
      }
      const t = w.tracked.get(id) ?? { acked: null }
      t.pending = after
      w.tracked.set(id, t)
      try {
        await op()
      } catch (e) {
        if (!isDuplicate(e)) {
          // After the kill this is the write in flight: it stays "pending" (may or may not have landed).
          if (!killing) w.errors.push(`${id}: ${String(e)}`)
          return
        }
        delete t.pending // a duplicate-key rejection is an acknowledged "not applied"
        w.rejectedAsDuplicate++
        continue
      }
      t.acked = after
      delete t.pending
      if (++w.acks === killAt) killing = server?.kill()
    }
  }
  await withTimeout(
    Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n))),
    120_000,
    'writers to stop after the kill',
  )
  await killing
  return w
}

/** Writes that were sent but never answered because the server died under them. */
const inFlight = (w: Workload): number =>
  [...w.tracked.values()].filter((t) => 'pending' in t).length

/** Compares the recovered collection with the tracked expectations; returns human-readable problems. */
async function problems(coll: Collection, tracked: Map<string, Tracked>): Promise<string[]> {
  const found = new Map<string, Document>()
  for (const d of await coll.find({}).toArray()) found.set(String(d._id), d)
  const out: string[] = []
  const same = (a: Document | null, b: Document | null): boolean => {
    try {
      expect(a).toEqual(b)
      return true
    } catch {
      return false
    }
  }
  for (const [id, t] of tracked) {
    const got = found.get(id) ?? null
    const allowed = 'pending' in t ? [t.acked, t.pending ?? null] : [t.acked]
    if (!allowed.some((a) => same(got, a))) {
      out.push(
        `${id}: found ${JSON.stringify(got)?.slice(0, 200)}, expected ${allowed.map((a) => JSON.stringify(a)?.slice(0, 120)).join(' or ')}`,
      )
    }
  }
  for (const id of found.keys()) if (!tracked.has(id)) out.push(`${id}: present but never written`)
  if (found.size === 0) out.push('nothing was recovered at all')
  const count = await coll.countDocuments({})
  const estimated = await coll.estimatedDocumentCount()
  if (count !== found.size || estimated !== found.size) {
    out.push(`counts disagree: find ${found.size}, countDocuments ${count}, estimated ${estimated}`)
  }
  return out
}

async function restart(dbpath: string): Promise<Collection> {
  await closeQuietly(client)
  server = await startServer(dbpath)
  client = await connect(server.uri)
  return client.db('durability').collection('items')
}

function newDbpath(): string {
  const d = mkdtempSync(join(tmpdir(), 'edb-durability-'))
  dirs.push(d)
  return d
}

describe('the embedded server killed with SIGKILL mid-stream', () => {
  it('restarts with every acknowledged insert, update and delete intact and accepts new writes', async () => {
    const dbpath = newDbpath()
    const killAt = 150 + Math.floor(Math.random() * 250)
    const coll = await restart(dbpath)
    const w = await writeUntilKilled(coll, killAt, null)
    expect(w.errors).toEqual([])
    expect(w.acks).toBeGreaterThanOrEqual(killAt)
    expect(inFlight(w)).toBeGreaterThan(0)

    const recovered = await restart(dbpath)
    expect(await problems(recovered, w.tracked)).toEqual([])

    // The recovered server takes new writes, and they survive a second crash too.
    await recovered.insertOne({ _id: 'after-recovery', v: 1 } as Document)
    w.tracked.set('after-recovery', { acked: { _id: 'after-recovery', v: 1 } })
    await server?.kill()
    const again = await restart(dbpath)
    expect(await problems(again, w.tracked)).toEqual([])
  })

  it('recovers acknowledged writes when it died around a checkpoint of a large journal', async () => {
    const dbpath = newDbpath()
    // 128-192 KB documents: the engine's default 64 MB checkpoint threshold is crossed mid-stream.
    const killAt = 700 + Math.floor(Math.random() * 300)
    const coll = await restart(dbpath)
    const w = await writeUntilKilled(
      coll,
      killAt,
      null,
      () => 128 * 1024 + Math.floor(Math.random() * 64 * 1024),
    )
    expect(w.errors).toEqual([])
    expect(inFlight(w)).toBeGreaterThan(0)
    expect(readdirSync(dbpath).some((f) => f.startsWith('snapshot-'))).toBe(true)

    const recovered = await restart(dbpath)
    expect(await problems(recovered, w.tracked)).toEqual([])
  })

  it('keeps a unique index free of duplicates across the crash', async () => {
    const dbpath = newDbpath()
    const emails = Array.from({ length: 80 }, (_, i) => `user${i}@example.cn`)
    const killAt = 150 + Math.floor(Math.random() * 250)
    const coll = await restart(dbpath)
    await coll.createIndex({ email: 1 }, { unique: true, name: 'email_1' })
    const w = await writeUntilKilled(coll, killAt, emails)
    expect(w.errors).toEqual([])
    expect(w.acks).toBeGreaterThanOrEqual(killAt)
    expect(inFlight(w)).toBeGreaterThan(0)
    expect(w.rejectedAsDuplicate).toBeGreaterThan(0)

    const recovered = await restart(dbpath)
    expect(await problems(recovered, w.tracked)).toEqual([])
    const docs = await recovered.find({}).toArray()
    expect(new Set(docs.map((d) => d.email)).size).toBe(docs.length)
    const indexes = await recovered.listIndexes().toArray()
    expect(indexes).toContainEqual(expect.objectContaining({ name: 'email_1', unique: true }))
    if (docs.length > 0) {
      await expect(
        recovered.insertOne({ _id: 'dup', email: docs[0].email } as Document),
      ).rejects.toMatchObject({
        code: 11000,
      })
    }
    await recovered.insertOne({ _id: 'fresh', email: 'fresh@example.cn' } as Document)
    expect(await recovered.countDocuments({ _id: 'fresh' } as Document)).toBe(1)
  })
})
