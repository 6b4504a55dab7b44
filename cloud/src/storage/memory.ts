/** In-memory storage: for tests and runs without a data folder (`DATA_DIR` null). Lost on exit. */
import { assertStorageKey, type Storage, type StoredObject } from './storage'

export function createMemoryStorage(): Storage {
  const objects = new Map<string, StoredObject>()
  return {
    async put(key, bytes, contentType) {
      assertStorageKey(key)
      // A copy: the caller may reuse its buffer.
      objects.set(key, { bytes: Buffer.from(bytes), contentType })
    },
    async get(key) {
      assertStorageKey(key)
      const found = objects.get(key)
      return found ? { bytes: Buffer.from(found.bytes), contentType: found.contentType } : null
    },
    async delete(key) {
      assertStorageKey(key)
      objects.delete(key)
    },
  }
}
