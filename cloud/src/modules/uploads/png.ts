/**
 * PNG metadata stripping without decoding: copies the chunks through, dropping the text chunks
 * (tEXt, zTXt, iTXt: author, comments, software, sometimes a location) and eXIf (Exif, with GPS).
 * Everything after IEND is dropped too. Size from IHDR.
 * @see https://www.w3.org/TR/png-3/#5Chunk-layout
 */
import { DomainError } from '../../../../shared/errors'
import type { CleanImage } from './image-types'

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf'])

function invalid(reason: string): never {
  throw new DomainError('PHOTO_INVALID', undefined, { reason: `png: ${reason}` })
}

export function stripPng(input: Buffer): CleanImage {
  if (input.length < 8 || !input.subarray(0, 8).equals(PNG_SIGNATURE)) invalid('no signature')
  const parts: Buffer[] = [PNG_SIGNATURE]
  let pos = 8
  let size: { width: number; height: number } | null = null
  let ended = false
  while (pos + 12 <= input.length) {
    const length = input.readUInt32BE(pos)
    const type = input.toString('latin1', pos + 4, pos + 8)
    const end = pos + 12 + length
    if (!/^[A-Za-z]{4}$/.test(type)) invalid(`bad chunk type at ${pos}`)
    if (end > input.length) invalid(`chunk ${type} runs past the end`)
    if (pos === 8) {
      if (type !== 'IHDR' || length !== 13) invalid('IHDR is not the first chunk')
      size = { width: input.readUInt32BE(pos + 8), height: input.readUInt32BE(pos + 12) }
    }
    if (!DROPPED.has(type)) parts.push(input.subarray(pos, end))
    pos = end
    if (type === 'IEND') {
      ended = true
      break
    }
  }
  if (!ended) invalid('no IEND')
  if (!size || size.width === 0 || size.height === 0) invalid('no size')
  return { bytes: Buffer.concat(parts), width: size.width, height: size.height }
}
