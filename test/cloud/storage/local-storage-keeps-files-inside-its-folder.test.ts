import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalStorage } from '../../../cloud/src/storage/local'
import { createMemoryStorage } from '../../../cloud/src/storage/memory'
import { defaultStorage } from '../../../cloud/src/storage/plugin'
import { isStorageKey, type Storage } from '../../../cloud/src/storage/storage'
import { build } from '../../helpers/build'

const ESCAPES = [
  '../outside.jpg',
  '../../etc/passwd',
  'a/../../outside',
  '/etc/passwd',
  'a\\..\\b',
  '..',
  '.hidden',
  'a//b',
  'a/./b',
  '',
  'photo.tar.gz',
]

let root: string
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shangliang-storage-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

function contract(name: string, make: () => Storage): void {
  describe(name, () => {
    it('gives back what was put, with its content type, until it is deleted', async () => {
      const storage = make()
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0x0a, 4])
      await storage.put('abc_DEF-123.jpg', bytes, 'image/jpeg')
      expect(await storage.get('abc_DEF-123.jpg')).toEqual({ bytes, contentType: 'image/jpeg' })
      await storage.put('abc_DEF-123.jpg', Buffer.from('v2'), 'image/png')
      expect(await storage.get('abc_DEF-123.jpg')).toEqual({
        bytes: Buffer.from('v2'),
        contentType: 'image/png',
      })
      await storage.delete('abc_DEF-123.jpg')
      expect(await storage.get('abc_DEF-123.jpg')).toBeNull()
      await expect(storage.delete('abc_DEF-123.jpg')).resolves.toBeUndefined()
    })

    it('answers null for a key never stored', async () => {
      expect(await make().get('nothing-here.png')).toBeNull()
    })

    it('refuses keys that could leave its root', async () => {
      const storage = make()
      for (const key of ESCAPES) {
        await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        })
        await expect(storage.get(key)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
        await expect(storage.delete(key)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
      }
    })
  })
}

contract('local-folder storage', () => createLocalStorage(path.join(root, 'uploads')))
contract('memory storage', () => createMemoryStorage())

describe('local-folder storage on disk', () => {
  it('writes through a temporary file and leaves nothing but the object behind', async () => {
    const folder = path.join(root, 'atomic')
    const storage = createLocalStorage(folder)
    await storage.put('one.jpg', Buffer.alloc(1000, 7), 'image/jpeg')
    await storage.put('nested/two.png', Buffer.from('png'), 'image/png')
    expect((await readdir(folder)).sort()).toEqual(['nested', 'one.jpg'])
    expect(await readdir(path.join(folder, 'nested'))).toEqual(['two.png'])
  })

  it('never writes outside its folder, even for a sibling folder sharing its name prefix', async () => {
    const storage = createLocalStorage(path.join(root, 'box'))
    await writeFile(path.join(root, 'box-secret'), 'secret')
    await expect(storage.get('../box-secret')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await readdir(root)).not.toContain('outside.jpg')
  })

  it('treats a file without its header as missing rather than serving it with a guessed type', async () => {
    const folder = path.join(root, 'foreign')
    const storage = createLocalStorage(folder)
    await storage.put('x.jpg', Buffer.from('ok'), 'image/jpeg')
    await writeFile(path.join(folder, 'x.jpg'), 'no header here')
    expect(await storage.get('x.jpg')).toBeNull()
  })
})

describe('storage keys', () => {
  it('accept generated photo keys and nested names', () => {
    expect(isStorageKey('Qm9vbS1ib29tLWJvb20hIQ.jpg')).toBe(true)
    expect(isStorageKey('photos/2024/a_b-c.webp')).toBe(true)
    expect(isStorageKey('x'.repeat(201))).toBe(false)
  })
})

describe('app.storage', () => {
  it('is in memory when there is no data folder, and a local folder under DATA_DIR/uploads otherwise', async () => {
    const memory = await build()
    await memory.storage.put('k.jpg', Buffer.from('1'), 'image/jpeg')
    expect(await memory.storage.get('k.jpg')).not.toBeNull()

    const local = defaultStorage({ ...memory.config, dataDir: path.join(root, 'data') })
    await local.put('k.jpg', Buffer.from('1'), 'image/jpeg')
    expect(await readdir(path.join(root, 'data', 'uploads'))).toEqual(['k.jpg'])
  }, 30_000)
})
