/**
 * JPEG metadata stripping without decoding: walks the marker segments and copies the image through,
 * dropping what can identify a place or a person — APP1 (Exif with GPS, XMP), APP13 (Photoshop/IPTC),
 * APP2 MPF (the index of extra images appended after the picture, with their own Exif), COM
 * comments, and anything after the end-of-image marker (maker trailers, appended images/videos).
 * The pixels are untouched. The one thing kept from Exif is the orientation: without it a phone
 * photo taken upright would show sideways, so it is written back as a fresh Exif segment holding that
 * single tag (no GPS, no camera, no dates).
 * @see https://www.w3.org/Graphics/JPEG/itu-t81.pdf (B.1.1 markers) · CIPA DC-008 (Exif)
 */
import { DomainError } from '../../../../shared/errors'
import type { CleanImage } from './image-types'

const SOI = 0xd8
const EOI = 0xd9
const SOS = 0xda
const APP1 = 0xe1
const APP2 = 0xe2
const APP13 = 0xed
const COM = 0xfe
/** Start-of-frame markers (C4 DHT, C8 JPG and CC DAC are not frames). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])
const ORIENTATION_TAG = 0x0112

function invalid(reason: string): never {
  throw new DomainError('PHOTO_INVALID', undefined, { reason: `jpeg: ${reason}` })
}

function isRestart(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7
}

/** Orientation (1–8) from an APP1 Exif payload, or undefined when absent or unreadable. */
export function exifOrientation(data: Buffer): number | undefined {
  if (data.length < 14 || data.toString('latin1', 0, 6) !== 'Exif\0\0') return undefined
  const tiff = data.subarray(6)
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return undefined
  const le = order === 'II'
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  if (u16(2) !== 42) return undefined
  const ifd = u32(4)
  if (ifd + 2 > tiff.length) return undefined
  const count = u16(ifd)
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > tiff.length) return undefined
    if (u16(entry) !== ORIENTATION_TAG) continue
    // SHORT, count 1: the value sits left-aligned in the 4-byte value field.
    if (u16(entry + 2) !== 3 || u32(entry + 4) !== 1) return undefined
    const value = u16(entry + 8)
    return value >= 1 && value <= 8 ? value : undefined
  }
  return undefined
}

/** A complete APP1 segment holding an Exif IFD0 with the orientation tag only. */
export function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4) // IFD0 right after the header
  tiff.writeUInt16BE(1, 8) // one entry
  tiff.writeUInt16BE(ORIENTATION_TAG, 10)
  tiff.writeUInt16BE(3, 12) // SHORT
  tiff.writeUInt32BE(1, 14) // count
  tiff.writeUInt16BE(orientation, 18)
  tiff.writeUInt32BE(0, 22) // no next IFD (no thumbnail)
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const head = Buffer.from([0xff, APP1, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

function dropped(marker: number, data: Buffer): boolean {
  if (marker === APP1 || marker === APP13 || marker === COM) return true
  return marker === APP2 && data.toString('latin1', 0, 4) === 'MPF\0'
}

/** End of the entropy-coded data starting at `from`: the first 0xFF not followed by 00 or RSTn. */
function scanEnd(input: Buffer, from: number): number {
  let at = from
  while (at < input.length) {
    const found = input.indexOf(0xff, at)
    if (found < 0 || found + 1 >= input.length) return input.length
    const next = input[found + 1]
    if (next === 0x00 || isRestart(next)) {
      at = found + 2
      continue
    }
    return found
  }
  return input.length
}

/**
 * The JPEG without its metadata, and its size as displayed (width and height swapped for the
 * orientations that rotate by 90°). Throws PHOTO_INVALID on anything that is not a well-formed JPEG.
 */
export function stripJpeg(input: Buffer): CleanImage {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) invalid('no start of image')
  const parts: Buffer[] = [input.subarray(0, 2)]
  let pos = 2
  let size: { width: number; height: number } | null = null
  let orientation: number | undefined
  let exifSlot = -1
  let scans = 0
  let ended = false
  while (pos < input.length) {
    if (input[pos] !== 0xff) invalid(`expected a marker at ${pos}`)
    let at = pos + 1
    while (at < input.length && input[at] === 0xff) at += 1 // fill bytes
    if (at >= input.length) invalid('truncated marker')
    const marker = input[at]
    pos = at + 1
    if (marker === EOI) {
      parts.push(Buffer.from([0xff, EOI]))
      ended = true
      break
    }
    if (marker === 0x01 || isRestart(marker)) {
      parts.push(Buffer.from([0xff, marker])) // standalone markers carry no length
      continue
    }
    if (marker === 0x00 || marker === SOI) invalid(`unexpected marker ${marker.toString(16)}`)
    if (pos + 2 > input.length) invalid('truncated segment length')
    const length = input.readUInt16BE(pos)
    const end = pos + length
    if (length < 2 || end > input.length) invalid('segment runs past the end')
    const data = input.subarray(pos + 2, end)
    if (SOF.has(marker) && !size) {
      if (data.length < 6) invalid('short frame header')
      size = { height: data.readUInt16BE(1), width: data.readUInt16BE(3) }
    }
    if (marker === APP1) {
      orientation ??= exifOrientation(data)
      if (exifSlot < 0) exifSlot = parts.length
    }
    if (!dropped(marker, data)) parts.push(input.subarray(at - 1, end))
    pos = end
    if (marker === SOS) {
      scans += 1
      const stop = scanEnd(input, pos)
      parts.push(input.subarray(pos, stop))
      pos = stop
    }
  }
  if (!ended) invalid('no end of image')
  if (!size || size.width === 0 || size.height === 0) invalid('no frame size')
  if (scans === 0) invalid('no image data')
  if (orientation !== undefined && orientation !== 1) {
    parts.splice(exifSlot, 0, orientationSegment(orientation))
  }
  const turned = orientation !== undefined && orientation >= 5
  return {
    bytes: Buffer.concat(parts),
    width: turned ? size.height : size.width,
    height: turned ? size.width : size.height,
  }
}
