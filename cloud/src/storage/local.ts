/**
 * Local-folder storage (the default): one file per key under `root` (`DATA_DIR/uploads`).
 * Writes are atomic — the bytes go to a temporary file in the same folder, are flushed, then renamed
 * over the final name — so a reader never sees half a photo and a crash leaves at most a `.tmp-*`
 * file behind. The content type travels inside the file, as a one-line JSON header before the bytes,
 * so object and type are replaced together by the one rename.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { assertStorageKey, type Storage } from './storage'

const HEADER_MAX = 512

function encodeHeader(contentType: string): Buffer {
  return Buffer.from(`${JSON.stringify({ contentType })}\n`, 'utf8')
}

function decode(raw: Buffer): { bytes: Buffer; contentType: string } | null {
  const end = raw.subarray(0, HEADER_MAX).indexOf(0x0a)
  if (end < 0) return null
  try {
    const header = JSON.parse(raw.subarray(0, end).toString('utf8')) as { contentType?: unknown }
    if (typeof header.contentType !== 'string') return null
    return { contentType: header.contentType, bytes: raw.subarray(end + 1) }
  } catch {
    return null
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}

export function createLocalStorage(root: string): Storage {
  const base = path.resolve(root)

  /** The file of a key; the key pattern already forbids `..`, this check is the second lock. */
  function fileOf(key: string): string {
    assertStorageKey(key)
    const file = path.resolve(base, key)
    if (!file.startsWith(base + path.sep)) throw new Error(`storage key escapes the root: ${key}`)
    return file
  }

  async function syncFolder(folder: string): Promise<void> {
    // Makes the rename itself durable; not supported everywhere (Windows), hence best effort.
    const handle = await open(folder, 'r').catch(() => null)
    await handle?.sync().catch(() => undefined)
    await handle?.close()
  }

  return {
    async put(key, bytes, contentType) {
      const file = fileOf(key)
      const folder = path.dirname(file)
      await mkdir(folder, { recursive: true })
      // Dot-prefixed: never a valid key, so a temporary file cannot shadow an object.
      const temp = path.join(folder, `.tmp-${randomBytes(8).toString('hex')}`)
      const handle = await open(temp, 'wx', 0o640)
      try {
        await handle.writeFile(Buffer.concat([encodeHeader(contentType), bytes]))
        await handle.sync()
      } catch (error) {
        await handle.close()
        await rm(temp, { force: true })
        throw error
      }
      await handle.close()
      try {
        await rename(temp, file)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
      await syncFolder(folder)
    },

    async get(key) {
      const file = fileOf(key)
      try {
        return decode(await readFile(file))
      } catch (error) {
        if (isMissing(error)) return null
        throw error
      }
    },

    async delete(key) {
      const file = fileOf(key)
      try {
        await rm(file)
      } catch (error) {
        if (!isMissing(error)) throw error
      }
    },
  }
}
