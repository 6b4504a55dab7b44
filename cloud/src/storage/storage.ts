/**
 * The storage behind uploaded files: a small key → bytes interface, so the service does not care
 * where photos live. Two implementations ship: a local folder (`DATA_DIR/uploads`, the default) and
 * memory (when `DATA_DIR` is null: tests, throw-away dev runs).
 *
 * Object storage (COS, OSS, S3…) is pluggable: implement `Storage` with the provider's SDK (`put` →
 * PutObject with the content type, `get` → GetObject returning null on NoSuchKey, `delete` →
 * DeleteObject, idempotent) and hand it to the storage plugin (`cloud/src/storage/plugin.ts`,
 * option `storage`). Keys are validated with `assertStorageKey` by every implementation, so a key
 * that is safe here is safe as a file path and as an object name.
 */
import { DomainError } from '../../../shared/errors'

export interface StoredObject {
  bytes: Buffer
  contentType: string
}

export interface Storage {
  /** Stores (or replaces) the object; resolves once it is durable. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  /** The object, or null when there is none under that key. */
  get(key: string): Promise<StoredObject | null>
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>
}

/**
 * Keys are one or more `/`-separated segments of letters, digits, `_` and `-`, each with at most one
 * `.extension`: no segment can be empty, `.` or `..`, and nothing can be absolute or contain a
 * backslash, so a key never leaves the storage's root.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?(?:\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?)*$/
export const MAX_KEY_LENGTH = 200

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= MAX_KEY_LENGTH && KEY_PATTERN.test(key)
}

/** Throws VALIDATION_FAILED for a key that could escape the root or is not a plain name. */
export function assertStorageKey(key: unknown): asserts key is string {
  if (!isStorageKey(key)) throw new DomainError('VALIDATION_FAILED', '存储键名不合法')
}
