import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MongoClient } from 'mongodb'
import { startEmbeddedServer } from '../../../../cloud/embedded-db/src/index'

const ROOT = path.resolve(__dirname, '../../../..')
let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-db-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('dbpath persistence', () => {
  it('keeps acknowledged writes, indexes and transactions across a clean restart', async () => {
    const dbpath = path.join(dir, 'restart')
    const first = await startEmbeddedServer({ port: 0, dbpath })
    const c1 = await new MongoClient(first.uri).connect()
    const coll = c1.db('app').collection('things')
    await coll.createIndex({ code: 1 }, { unique: true })
    await coll.insertMany([
      { _id: 1 as never, code: 'a' },
      { _id: 2 as never, code: 'b' },
    ])
    await coll.updateOne({ _id: 1 as never }, { $set: { v: 1 } })
    await coll.deleteOne({ _id: 2 as never })
    const s = c1.startSession()
    await s.withTransaction(async () => {
      await coll.insertOne({ _id: 3 as never, code: 'c' }, { session: s })
    })
    await s.endSession()
    await c1.close()
    await first.close()

    const second = await startEmbeddedServer({ port: 0, dbpath })
    const c2 = await new MongoClient(second.uri).connect()
    try {
      const again = c2.db('app').collection('things')
      expect(await again.find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, code: 'a', v: 1 },
        { _id: 3, code: 'c' },
      ])
      await expect(again.insertOne({ code: 'a' })).rejects.toMatchObject({ code: 11000 })
    } finally {
      await c2.close()
      await second.close()
    }
  })
})

describe('npm run db', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
  })

  it('prints one listening line, serves clients and exits cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'cloud/embedded-db/src/cli.ts',
        '--port',
        '0',
        '--dbpath',
        path.join(dir, 'cli'),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    const uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000)
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /^embedded-db listening on (mongodb:\/\/[\d.]+:\d+)$/m.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
    })
    const client = await new MongoClient(uri).connect()
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1)
    await client.close()
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(out.trim().split('\n')).toHaveLength(1)
  }, 30_000)
})
