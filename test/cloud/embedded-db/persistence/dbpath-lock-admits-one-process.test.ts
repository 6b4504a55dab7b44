import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DbpathLockedError, openPersistence } from '../../../../cloud/embedded-db/src/persistence'
import { putBatch, removeTempDbpaths, tempDbpath } from './helpers'

afterAll(removeTempDbpaths)

const run = promisify(execFile)
const FIXTURE = join(__dirname, 'fixtures', 'open-dbpath.ts')
const LOCK = 'embedded-db.lock'

async function openInChild(dir: string): Promise<{ ok: boolean; name?: string; message?: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE, dir], {
    timeout: 30_000,
  })
  return JSON.parse(stdout.trim()) as { ok: boolean; name?: string; message?: string }
}

/** The pid of a process that has already exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  if (!child.pid) throw new Error('no pid')
  return child.pid
}

describe('dbpath lock', () => {
  it('writes the owner pid and refuses a second opener in another process with a clear error', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir)
    await p.open()
    expect(readFileSync(join(dir, LOCK), 'utf8').trim()).toBe(String(process.pid))
    const other = await openInChild(dir)
    expect(other).toMatchObject({ ok: false, name: 'DbpathLockedError' })
    expect(other.message).toContain(`already in use by process ${process.pid}`)
    await p.close()
    expect(existsSync(join(dir, LOCK))).toBe(false)
    expect(await openInChild(dir)).toEqual({ ok: true, batches: 0 })
  }, 60_000)

  it('refuses a second opener in the same process', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir)
    await p.open()
    const second = openPersistence(dir)
    await expect(second.open()).rejects.toThrow(DbpathLockedError)
    await expect(second.open()).rejects.toThrow(/may be called once/)
    await p.append(putBatch(1))
    await p.close()
  })

  it('takes over a stale lock left by a process that died', async () => {
    const dir = tempDbpath()
    const p = openPersistence(dir, { fsync: false })
    await p.open()
    await p.append(putBatch(1))
    await p.close()
    const pid = await deadPid()
    writeFileSync(join(dir, LOCK), `${pid}\n`)
    const lines: string[] = []
    const again = openPersistence(dir, { fsync: false, log: (l) => lines.push(l) })
    expect((await again.open()).batches).toEqual([putBatch(1)])
    expect(
      lines.some((l) => l.includes(`taking over stale lock`) && l.includes(`pid ${pid}`)),
    ).toBe(true)
    expect(readFileSync(join(dir, LOCK), 'utf8').trim()).toBe(String(process.pid))
    await again.close()
  })

  it('takes over a lock holding its own pid that it does not hold (a restarted container’s PID 1)', async () => {
    const dir = tempDbpath()
    writeFileSync(join(dir, LOCK), `${process.pid}\n`)
    const p = openPersistence(dir, { fsync: false })
    await expect(p.open()).resolves.toMatchObject({ batches: [] })
    await p.close()
    expect(existsSync(join(dir, LOCK))).toBe(false)
  })

  it('takes over a lock file whose content is unreadable', async () => {
    const dir = tempDbpath()
    writeFileSync(join(dir, LOCK), '')
    const p = openPersistence(dir, { fsync: false })
    await expect(p.open()).resolves.toEqual({ collections: [], batches: [], notes: [] })
    await p.close()
  })
})
