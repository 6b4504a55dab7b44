/**
 * Uploads use cases: storing a photo, serving it, and resolving the keys a caller sends with a topic
 * into the photo references the topic keeps.
 */
import { randomBytes } from 'node:crypto'
import { Types, type ClientSession, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { isStorageKey, type Storage, type StoredObject } from '../../storage/storage'
import type { PhotoRef } from '../topics/model'
import { PHOTO_EXTENSIONS } from './image-types'
import { uploadModel, type UploadDoc } from './model'
import { sanitizeImage } from './sanitize-image'

/**
 * The caller's uploaded photos for `keys`, in the given order. Throws PHOTO_NOT_FOUND when any key is
 * unknown or was uploaded by someone else (a photo cannot be attached by guessing its key). Duplicated
 * keys are refused too, so a topic cannot show the same photo twice.
 */
export async function resolveUploadedPhotos(
  db: Connection,
  ownerId: string,
  keys: string[],
  session?: ClientSession,
): Promise<PhotoRef[]> {
  if (keys.length === 0) return []
  if (new Set(keys).size !== keys.length || !Types.ObjectId.isValid(ownerId)) {
    throw new DomainError('PHOTO_NOT_FOUND')
  }
  const found = await uploadModel(db)
    .find({ key: { $in: keys }, ownerId: new Types.ObjectId(ownerId) })
    .session(session ?? null)
    .lean<UploadDoc[]>()
  const byKey = new Map(found.map((doc) => [doc.key, doc]))
  return keys.map((key) => {
    const doc = byKey.get(key)
    if (!doc) throw new DomainError('PHOTO_NOT_FOUND', '照片不存在或不属于您，请重新上传', { key })
    return {
      key: doc.key,
      width: doc.width,
      height: doc.height,
      bytes: doc.bytes,
      contentType: doc.contentType,
    }
  })
}

export interface StoredPhoto {
  key: string
  url: string
  width: number
  height: number
  bytes: number
  contentType: string
}

/** Where a stored photo is served (absolute when PUBLIC_URL is configured). */
export function photoUrl(key: string, publicUrl: string | null): string {
  return `${publicUrl ?? ''}/api/uploads/photos/${key}`
}

/**
 * Stores an uploaded photo for `ownerId`: decides its type from its bytes, strips its metadata (see
 * `sanitize-image.ts`), writes it to the storage under a random key and records it in `uploads`.
 * If the record cannot be written the stored bytes are removed again.
 */
export async function storePhoto(
  db: Connection,
  storage: Storage,
  input: { ownerId: string; bytes: Buffer; publicUrl: string | null; now?: Date },
): Promise<StoredPhoto> {
  const clean = sanitizeImage(input.bytes)
  const key = `${randomBytes(16).toString('base64url')}.${PHOTO_EXTENSIONS[clean.contentType]}`
  await storage.put(key, clean.bytes, clean.contentType)
  const doc = {
    key,
    ownerId: new Types.ObjectId(input.ownerId),
    bytes: clean.bytes.length,
    contentType: clean.contentType,
    width: clean.width,
    height: clean.height,
    createdAt: input.now ?? new Date(),
  }
  try {
    await uploadModel(db).create(doc)
  } catch (error) {
    await storage.delete(key).catch(() => undefined)
    throw error
  }
  return {
    key,
    url: photoUrl(key, input.publicUrl),
    width: doc.width,
    height: doc.height,
    bytes: doc.bytes,
    contentType: doc.contentType,
  }
}

/** The stored bytes and type of a photo; NOT_FOUND when there is none under that key. */
export async function getPhoto(storage: Storage, key: string): Promise<StoredObject> {
  const found = isStorageKey(key) ? await storage.get(key) : null
  if (!found) throw new DomainError('NOT_FOUND', '找不到该照片')
  return found
}

/** Marks photos as attached to something (first use only); call in the transaction that attaches. */
export async function markPhotosUsed(
  db: Connection,
  keys: string[],
  now: Date,
  session?: ClientSession,
): Promise<void> {
  if (keys.length === 0) return
  await uploadModel(db).updateMany(
    { key: { $in: keys }, usedAt: { $exists: false } },
    { $set: { usedAt: now } },
    { session },
  )
}
