/**
 * Crash test of the persistence layer alone: a child process appends and checkpoints until it is
 * SIGKILLed at a random point; each recovery must hold every acknowledged batch, whole, in order.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPersistence } from '../../../../cloud/embedded-db/src/persistence'
import { Model } from '../persistence/helpers'
import { payloadFor } from './fixtures/numbered-batches'
import { withTimeout } from './server-process'

jest.setTimeout(180_000)

const FIXTURE = join(__dirname, 'fixtures', 'append-until-killed.ts')
const dbpath = mkdtempSync(join(tmpdir(), 'edb-journal-crash-'))
afterAll(() => rmSync(dbpath, { recursive: true, force: true }))

/**
 * Starts the appender and SIGKILLs it after `killAfter` acks — or, given `crashAfterMs`, lets it kill
 * itself that long after it starts a checkpoint. Returns the highest acknowledged n and the files left.
 */
async function appendAndKill(
  killAfter: number,
  crashAfterMs?: number,
): Promise<{ start: number; maxAcked: number; left: string[] }> {
  const args = [
    '--import',
    'tsx',
    FIXTURE,
    dbpath,
    ...(crashAfterMs === undefined ? [] : [String(crashAfterMs)]),
  ]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let start = -1
  let maxAcked = 0
  let acks = 0
  let buffered = ''
  const done = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [word, value] = line.split(' ')
        if (word === 'ready') start = Number(value)
        else if (word === 'ack') {
          maxAcked = Math.max(maxAcked, Number(value))
          if (++acks === killAfter && crashAfterMs === undefined) {
            child.kill('SIGKILL')
            resolve()
          }
        } else if (line.length > 0) reject(new Error(`appender said: ${line}`))
      }
    })
    child.once('close', (_code, signal) => {
      if (crashAfterMs !== undefined && signal === 'SIGKILL') resolve()
      else reject(new Error(`appender exited after ${acks} acks`))
    })
  })
  try {
    await withTimeout(done, 90_000, 'appender to reach its kill point')
  } finally {
    child.kill('SIGKILL')
    await withTimeout(exited, 15_000, 'appender to die')
  }
  return { start, maxAcked, left: readdirSync(dbpath) }
}

describe('the journal of a process killed with SIGKILL mid-append', () => {
  it('recovers a whole, gap-free prefix of batches that includes every acknowledged one, crash after crash', async () => {
    let previous = 0
    let interruptedCheckpoints = 0
    for (let round = 0; round < 6; round++) {
      const killAfter = 50 + Math.floor(Math.random() * 300)
      const crashAfterMs = round % 2 === 1 ? Math.floor(Math.random() * 20) : undefined
      const { start, maxAcked, left } = await appendAndKill(killAfter, crashAfterMs)
      if (left.some((f) => f.endsWith('.tmp'))) interruptedCheckpoints++
      expect(start).toBeGreaterThanOrEqual(previous)

      const p = openPersistence(dbpath)
      const model = Model.from(await p.open())
      await p.close()
      const items = model.colls.get('crash.items')?.docs ?? new Map()
      const ns = [...items.values()].map((d) => d.n as number).sort((a, b) => a - b)
      // Batches are recovered in commit order with nothing missing: exactly 1..m, m >= last acked.
      expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => i + 1))
      expect(ns.length).toBeGreaterThanOrEqual(maxAcked)
      for (const d of items.values())
        expect(d).toEqual({ _id: d.n, n: d.n, payload: payloadFor(d.n as number) })
      // Each batch is all-or-nothing: the counter written with batch m says m.
      expect(model.colls.get('crash.meta')?.docs.values().next().value).toEqual({
        _id: 'counter',
        last: ns.length,
      })
      previous = ns.length
    }
    // The checkpoint-time kills really did land while a snapshot was being written.
    expect(interruptedCheckpoints).toBeGreaterThan(0)
  })
})
