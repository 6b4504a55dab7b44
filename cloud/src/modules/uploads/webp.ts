/**
 * WebP metadata stripping without decoding: copies the RIFF chunks through, dropping EXIF and XMP
 * (and clearing their flags in the VP8X header), then rewrites the RIFF size. Size from the first
 * chunk (VP8X canvas, VP8 frame header or VP8L header).
 * @see https://developers.google.com/speed/webp/docs/riff_container
 */
import { DomainError } from '../../../../shared/errors'
import type { CleanImage } from './image-types'

const DROPPED = new Set(['EXIF', 'XMP '])
const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

function invalid(reason: string): never {
  throw new DomainError('PHOTO_INVALID', undefined, { reason: `webp: ${reason}` })
}

function sizeOf(fourcc: string, data: Buffer): { width: number; height: number } {
  if (fourcc === 'VP8X') {
    if (data.length < 10) invalid('short VP8X')
    return { width: 1 + data.readUIntLE(4, 3), height: 1 + data.readUIntLE(7, 3) }
  }
  if (fourcc === 'VP8 ') {
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) {
      invalid('bad VP8 frame header')
    }
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff }
  }
  if (fourcc === 'VP8L') {
    if (data.length < 5 || data[0] !== 0x2f) invalid('bad VP8L header')
    const bits = data.readUInt32LE(1)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  return invalid(`first chunk is ${JSON.stringify(fourcc)}`)
}

export function stripWebp(input: Buffer): CleanImage {
  if (
    input.length < 20 ||
    input.toString('latin1', 0, 4) !== 'RIFF' ||
    input.toString('latin1', 8, 12) !== 'WEBP'
  ) {
    invalid('no RIFF/WEBP header')
  }
  const limit = 8 + input.readUInt32LE(4)
  if (limit > input.length) invalid('RIFF size runs past the end')
  const chunks: Buffer[] = []
  let size: { width: number; height: number } | null = null
  let pos = 12
  while (pos + 8 <= limit) {
    const fourcc = input.toString('latin1', pos, pos + 4)
    const length = input.readUInt32LE(pos + 4)
    const dataEnd = pos + 8 + length
    if (dataEnd > limit) invalid(`chunk ${JSON.stringify(fourcc)} runs past the end`)
    const padded = Math.min(dataEnd + (length & 1), limit)
    if (!size) size = sizeOf(fourcc, input.subarray(pos + 8, dataEnd))
    if (!DROPPED.has(fourcc)) {
      let chunk = input.subarray(pos, padded)
      if (fourcc === 'VP8X') {
        chunk = Buffer.from(chunk)
        chunk[8] &= ~(VP8X_EXIF | VP8X_XMP)
      }
      // An odd chunk is followed by a pad byte; add it when the file left out the last one.
      const missingPad = (length & 1) === 1 && padded === dataEnd
      chunks.push(missingPad ? Buffer.concat([chunk, Buffer.alloc(1)]) : chunk)
    }
    pos = padded
  }
  if (!size || size.width === 0 || size.height === 0) invalid('no image')
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(12)
  head.write('RIFF', 0, 'latin1')
  head.writeUInt32LE(4 + body.length, 4)
  head.write('WEBP', 8, 'latin1')
  return { bytes: Buffer.concat([head, body]), width: size.width, height: size.height }
}
