/**
 * Decides what an uploaded file is from its first bytes (never from the client's content type or
 * file name), then strips its metadata with the format's stripper. Only JPEG, PNG and WebP are photos.
 */
import { DomainError } from '../../../../shared/errors'
import type { CleanImage, PhotoType } from './image-types'
import { stripJpeg } from './jpeg'
import { PNG_SIGNATURE, stripPng } from './png'
import { stripWebp } from './webp'

/**
 * Refused above this many pixels: a small file can declare a huge canvas (a "decompression bomb")
 * that would exhaust the phones that display it. 100 MP is beyond any phone camera's JPEG in 8 MB.
 */
export const MAX_PIXELS = 100_000_000

export function sniffImageType(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg'
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp'
  }
  return null
}

const STRIPPERS: Record<PhotoType, (input: Buffer) => CleanImage> = {
  'image/jpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
}

/**
 * The photo without metadata, its type and size. Throws PHOTO_TYPE_UNSUPPORTED for anything that is
 * not JPEG/PNG/WebP and PHOTO_INVALID for a damaged or oversized image.
 */
export function sanitizeImage(bytes: Buffer): CleanImage & { contentType: PhotoType } {
  const contentType = sniffImageType(bytes)
  if (!contentType) throw new DomainError('PHOTO_TYPE_UNSUPPORTED')
  const clean = STRIPPERS[contentType](bytes)
  if (clean.width * clean.height > MAX_PIXELS) {
    throw new DomainError('PHOTO_INVALID', '照片像素过大，请压缩后再上传')
  }
  return { ...clean, contentType }
}
