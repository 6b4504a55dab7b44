import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { JournalCorruptError, openPersistence } from '../../../../cloud/embedded-db/src/persistence'
import { putBatch, removeTempDbpaths, tempDbpath } from './helpers'

afterAll(removeTempDbpaths)

const journals = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.startsWith('journal-'))
    .sort()

/** Writes `count` batches in one journal generation and returns the dir and the record boundaries. */
async function journalWith(count: number): Promise<{ dir: string; ends: number[] }> {
  const dir = tempDbpath()
  const p = openPersistence(dir, { fsync: false })
  await p.open()
  const ends: number[] = []
  for (let i = 1; i <= count; i++) {
    await p.append(putBatch(i, { pad: 'x'.repeat(i * 7) }))
    ends.push(p.journalBytes)
  }
  await p.close()
  return { dir, ends }
}

async function reopen(dir: string): Promise<{ ns: unknown[]; notes: string[] }> {
  const p = openPersistence(dir, { fsync: false })
  try {
    const s = await p.open()
    return { ns: s.batches.map((b) => (b[0].op === 'put' ? b[0].doc.n : null)), notes: s.notes }
  } finally {
    await p.close()
  }
}

describe('recovery of a damaged journal', () => {
  it('recovers every earlier batch whatever byte offset the last record was torn at', async () => {
    const { dir, ends } = await journalWith(4)
    const file = journals(dir)[0]
    const full = readFileSync(join(dir, file))
    const lastStart = ends[2]
    const work = tempDbpath()
    for (let cut = lastStart; cut < full.length; cut++) {
      rmSync(work, { recursive: true, force: true })
      mkdirSync(work)
      writeFileSync(join(work, file), full.subarray(0, cut))
      const { ns, notes } = await reopen(work)
      expect(ns).toEqual([1, 2, 3])
      if (cut > lastStart) {
        expect(notes).toEqual([
          expect.stringMatching(`truncated ${cut - lastStart} torn bytes at the tail of ${file}`),
        ])
      } else expect(notes).toEqual([])
      expect(statSync(join(work, file)).size).toBe(lastStart)
    }
  })

  it('keeps appending correctly after a torn tail was truncated', async () => {
    const { dir, ends } = await journalWith(3)
    const file = journals(dir)[0]
    writeFileSync(join(dir, file), readFileSync(join(dir, file)).subarray(0, ends[2] - 5))
    const p = openPersistence(dir, { fsync: false })
    expect((await p.open()).batches).toHaveLength(2)
    await p.append(putBatch(30))
    await p.close()
    expect((await reopen(dir)).ns).toEqual([1, 2, 30])
  })

  it('treats a complete last record with a bad checksum, or trailing zeros, as a torn tail', async () => {
    const { dir, ends } = await journalWith(3)
    const path = join(dir, journals(dir)[0])
    const buf = readFileSync(path)
    buf[ends[2] - 1] ^= 0xff
    writeFileSync(path, buf)
    expect((await reopen(dir)).ns).toEqual([1, 2])

    appendFileSync(path, Buffer.alloc(4096))
    const { ns, notes } = await reopen(dir)
    expect(ns).toEqual([1, 2])
    expect(notes[0]).toMatch(/truncated 4096 torn bytes/)
  })

  it('refuses to start when a record in the middle is damaged and later ones are intact', async () => {
    const { dir, ends } = await journalWith(6)
    const path = join(dir, journals(dir)[0])
    const pristine = readFileSync(path)
    for (const offset of [ends[1] + 20, ends[1], ends[1] + 4]) {
      // A body byte, the length field and the sequence field of record 3.
      const buf = Buffer.from(pristine)
      buf[offset] ^= 0x5a
      writeFileSync(path, buf)
      await expect(reopen(dir)).rejects.toThrow(JournalCorruptError)
      await expect(reopen(dir)).rejects.toThrow(/intact records follow/)
      // Nothing was truncated: the evidence stays for a human to look at.
      expect(statSync(path).size).toBe(pristine.length)
    }
  })

  it('refuses to start when a torn record is followed by data in a later generation', async () => {
    const dir = tempDbpath()
    const first = openPersistence(dir, { fsync: false })
    await first.open()
    await first.append(putBatch(1))
    await first.append(putBatch(2))
    await first.close()
    const second = openPersistence(dir, { fsync: false })
    await second.open()
    await second.append(putBatch(3))
    await second.close()
    const [gen1] = journals(dir)
    const buf = readFileSync(join(dir, gen1))
    writeFileSync(join(dir, gen1), buf.subarray(0, buf.length - 3))
    await expect(reopen(dir)).rejects.toThrow(/intact records follow \(journal-/)
  })

  it('refuses to start when a whole journal generation is missing', async () => {
    const dir = tempDbpath()
    for (let gen = 0; gen < 3; gen++) {
      const p = openPersistence(dir, { fsync: false })
      await p.open()
      await p.append(putBatch(gen))
      await p.close()
    }
    const [, middle] = journals(dir)
    const saved = join(tempDbpath(), middle)
    copyFileSync(join(dir, middle), saved)
    rmSync(join(dir, middle))
    await expect(reopen(dir)).rejects.toThrow(/batch #3 but #2 was expected/)
    copyFileSync(saved, join(dir, middle))
    expect((await reopen(dir)).ns).toEqual([0, 1, 2])
  })
})
