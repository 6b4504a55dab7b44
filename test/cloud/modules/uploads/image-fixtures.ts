/**
 * Real images for the upload tests: drawn with @napi-rs/canvas, then given the metadata a phone
 * would add (an Exif block with a GPS position, a PNG text chunk, a WebP EXIF chunk), and a
 * multipart body builder for `app.inject`.
 */
import { createCanvas, loadImage, type Canvas } from '@napi-rs/canvas'

export function drawing(width: number, height: number): Canvas {
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#3a7'
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = '#c33'
  ctx.fillRect(0, 0, Math.ceil(width / 2), Math.ceil(height / 3))
  return canvas
}

function ifdEntry(tag: number, type: number, count: number, value: Buffer): Buffer {
  const entry = Buffer.alloc(12)
  entry.writeUInt16BE(tag, 0)
  entry.writeUInt16BE(type, 2)
  entry.writeUInt32BE(count, 4)
  value.copy(entry, 8)
  return entry
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(value, 0)
  return b
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt16BE(value, 0)
  return b
}

/**
 * An APP1 Exif segment (big-endian TIFF) with IFD0 = [Make "Phone", Orientation?, GPS IFD pointer]
 * and a GPS IFD holding 33°N 119°E (Huai'an) as rationals.
 */
export function exifWithGps(orientation?: number): Buffer {
  const entries0 = orientation ? 3 : 2
  const ifd0Size = 2 + entries0 * 12 + 4
  const makeAt = 8 + ifd0Size
  const make = Buffer.from('Phone\0', 'latin1')
  const gpsAt = makeAt + make.length + (make.length % 2)
  const gpsEntries = 4
  const gpsSize = 2 + gpsEntries * 12 + 4
  const latAt = gpsAt + gpsSize
  const lngAt = latAt + 24
  const rationals = (d: number, m: number, s: number) =>
    Buffer.concat([u32(d), u32(1), u32(m), u32(1), u32(s * 100), u32(100)])

  const ifd0 = [
    ifdEntry(0x010f, 2, make.length, u32(makeAt)),
    ...(orientation ? [ifdEntry(0x0112, 3, 1, u16(orientation))] : []),
    ifdEntry(0x8825, 4, 1, u32(gpsAt)),
  ]
  const count0 = Buffer.alloc(2)
  count0.writeUInt16BE(ifd0.length, 0)
  const gpsCount = Buffer.alloc(2)
  gpsCount.writeUInt16BE(gpsEntries, 0)
  const tiff = Buffer.concat([
    Buffer.from('MM\0*', 'latin1'),
    u32(8),
    count0,
    ...ifd0,
    u32(0),
    make,
    Buffer.alloc(make.length % 2),
    gpsCount,
    ifdEntry(0x0001, 2, 2, Buffer.from('N\0\0\0', 'latin1')),
    ifdEntry(0x0002, 5, 3, u32(latAt)),
    ifdEntry(0x0003, 2, 2, Buffer.from('E\0\0\0', 'latin1')),
    ifdEntry(0x0004, 5, 3, u32(lngAt)),
    u32(0),
    rationals(33, 30, 12.5),
    rationals(119, 1, 45.25),
  ])
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const head = Buffer.from([0xff, 0xe1, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** A marker segment with `payload`. */
export function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** Inserts segments right after SOI (where cameras put Exif). */
export function afterSoi(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])
}

/** A canvas JPEG carrying an Exif GPS block (and optionally an orientation). */
export function jpegWithGps(width: number, height: number, orientation?: number): Buffer {
  return afterSoi(drawing(width, height).toBuffer('image/jpeg'), exifWithGps(orientation))
}

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return ~crc >>> 0
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length, 0)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body), 0)
  return Buffer.concat([length, body, crc])
}

/** A canvas PNG with a tEXt chunk (a "Location" comment) right after IHDR. */
export function pngWithText(width: number, height: number, text: string): Buffer {
  const png = drawing(width, height).toBuffer('image/png')
  const ihdrEnd = 8 + 12 + 13
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')),
    png.subarray(ihdrEnd),
  ])
}

export async function decodedSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const image = await loadImage(bytes)
  return { width: image.width, height: image.height }
}

/** A multipart/form-data body with one file part (plus optional text fields). */
export function multipart(
  file: { field?: string; filename: string; contentType: string; bytes: Buffer } | null,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----shangliang-test-boundary'
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    )
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; ` +
          `filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
