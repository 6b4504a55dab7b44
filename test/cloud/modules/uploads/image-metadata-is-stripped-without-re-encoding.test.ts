import { describe, expect, it } from '@jest/globals'
import { exifOrientation, stripJpeg } from '../../../../cloud/src/modules/uploads/jpeg'
import { stripPng } from '../../../../cloud/src/modules/uploads/png'
import { sanitizeImage, sniffImageType } from '../../../../cloud/src/modules/uploads/sanitize-image'
import { stripWebp } from '../../../../cloud/src/modules/uploads/webp'
import {
  afterSoi,
  decodedSize,
  drawing,
  exifWithGps,
  jpegWithGps,
  pngChunk,
  pngWithText,
  segment,
} from './image-fixtures'

const has = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'latin1'))

describe('JPEG metadata stripping', () => {
  it('removes the Exif block with its GPS position and keeps a decodable image of the same size', async () => {
    const input = jpegWithGps(64, 48)
    expect(has(input, 'Exif')).toBe(true)
    const out = stripJpeg(input)
    expect(has(out.bytes, 'Exif')).toBe(false)
    expect(out.bytes.length).toBe(input.length - exifWithGps().length)
    expect({ width: out.width, height: out.height }).toEqual({ width: 64, height: 48 })
    expect(await decodedSize(out.bytes)).toEqual({ width: 64, height: 48 })
  })

  it('leaves the compressed image data byte for byte as it was', () => {
    const plain = drawing(32, 32).toBuffer('image/jpeg')
    expect(stripJpeg(afterSoi(plain, exifWithGps())).bytes.equals(plain)).toBe(true)
  })

  it('removes XMP, Photoshop/IPTC and comment segments but keeps JFIF and the ICC profile', () => {
    const plain = drawing(16, 16).toBuffer('image/jpeg')
    const input = afterSoi(
      plain,
      segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>')),
      segment(0xed, Buffer.from('Photoshop 3.0\0 8BIM location')),
      segment(0xfe, Buffer.from('taken at 永胜小区 east gate')),
    )
    const out = stripJpeg(input).bytes
    expect(has(out, 'xmpmeta')).toBe(false)
    expect(has(out, 'Photoshop')).toBe(false)
    expect(out.includes(Buffer.from('永胜小区'))).toBe(false)
    expect(has(out, 'JFIF')).toBe(true)
    expect(has(out, 'ICC_PROFILE')).toBe(has(plain, 'ICC_PROFILE'))
  })

  it('keeps only the orientation of a rotated phone photo and reports its displayed size', async () => {
    const input = jpegWithGps(60, 20, 6)
    const out = stripJpeg(input)
    expect(has(out.bytes, 'Phone')).toBe(false)
    expect(out.bytes.includes(Buffer.from([0x88, 0x25]))).toBe(false) // no GPS IFD pointer
    const exifAt = out.bytes.indexOf(Buffer.from('Exif\0\0', 'latin1'))
    expect(exifAt).toBeGreaterThan(0)
    expect(exifOrientation(out.bytes.subarray(exifAt))).toBe(6)
    expect({ width: out.width, height: out.height }).toEqual({ width: 20, height: 60 })
    expect((await decodedSize(out.bytes)).width).toBeGreaterThan(0)
  })

  it('drops whatever a camera appended after the end of the image', () => {
    const plain = drawing(16, 16).toBuffer('image/jpeg')
    const out = stripJpeg(Buffer.concat([plain, Buffer.from('MotionPhoto_Data GPS trailer')]))
    expect(out.bytes.equals(plain)).toBe(true)
  })

  it('walks every scan of a progressive JPEG, dropping a comment between scans', () => {
    const frame = segment(0xc2, Buffer.from([8, 0, 10, 0, 20, 1, 1, 0x11, 0]))
    const scan = segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0]))
    const data = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]) // stuffed byte, RST0
    const table = segment(0xc4, Buffer.from([0, ...Array<number>(16).fill(0)]))
    const soi = Buffer.from([0xff, 0xd8])
    const eoi = Buffer.from([0xff, 0xd9])
    const comment = segment(0xfe, Buffer.from('between scans'))
    const input = Buffer.concat([soi, frame, scan, data, comment, table, scan, data, eoi])
    const out = stripJpeg(input)
    expect(out.bytes.equals(Buffer.concat([soi, frame, scan, data, table, scan, data, eoi]))).toBe(
      true,
    )
    expect({ width: out.width, height: out.height }).toEqual({ width: 20, height: 10 })
  })

  it('refuses a truncated JPEG as invalid', () => {
    const plain = drawing(16, 16).toBuffer('image/jpeg')
    expect(() => stripJpeg(plain.subarray(0, 40))).toThrow(
      expect.objectContaining({ code: 'PHOTO_INVALID' }),
    )
    expect(() => stripJpeg(plain.subarray(0, plain.length - 2))).toThrow(
      expect.objectContaining({ code: 'PHOTO_INVALID' }),
    )
  })

  it('refuses a segment whose length runs past the end of the file', () => {
    const bogus = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xf0, 0x00])
    expect(() => stripJpeg(bogus)).toThrow(expect.objectContaining({ code: 'PHOTO_INVALID' }))
  })
})

describe('PNG metadata stripping', () => {
  it('drops text chunks and keeps a decodable image of the same size', async () => {
    const input = pngWithText(30, 20, 'Location: 33.5N 119.0E')
    const out = stripPng(input)
    expect(has(input, 'tEXt')).toBe(true)
    expect(has(out.bytes, 'tEXt')).toBe(false)
    expect(has(out.bytes, 'Location')).toBe(false)
    expect({ width: out.width, height: out.height }).toEqual({ width: 30, height: 20 })
    expect(await decodedSize(out.bytes)).toEqual({ width: 30, height: 20 })
  })

  it('drops zTXt, iTXt and eXIf chunks as well', () => {
    const png = drawing(8, 8).toBuffer('image/png')
    const input = Buffer.concat([
      png.subarray(0, 33),
      pngChunk('zTXt', Buffer.from('a\0\0x')),
      pngChunk('iTXt', Buffer.from('b\0\0\0\0\0y')),
      pngChunk('eXIf', Buffer.from('MM\0*GPS')),
      png.subarray(33),
    ])
    expect(stripPng(input).bytes.equals(png)).toBe(true)
  })

  it('refuses a PNG whose first chunk is not IHDR', () => {
    const png = drawing(8, 8).toBuffer('image/png')
    const bad = Buffer.concat([
      png.subarray(0, 8),
      pngChunk('tEXt', Buffer.from('x\0y')),
      png.subarray(8),
    ])
    expect(() => stripPng(bad)).toThrow(expect.objectContaining({ code: 'PHOTO_INVALID' }))
  })
})

describe('WebP metadata stripping', () => {
  it('drops EXIF and XMP chunks, clears their flags and keeps a decodable image', async () => {
    const webp = drawing(24, 12).toBuffer('image/webp')
    expect(webp.toString('latin1', 12, 16)).toBe('VP8X')
    const exif = Buffer.concat([
      Buffer.from('EXIF', 'latin1'),
      Buffer.alloc(4),
      Buffer.from('MM\0*GPS'),
    ])
    exif.writeUInt32LE(7, 4)
    const withExif = Buffer.concat([webp, exif, Buffer.alloc(1)])
    withExif.writeUInt32LE(withExif.length - 8, 4)
    withExif[20] |= 0x08
    const out = stripWebp(withExif)
    expect(has(out.bytes, 'EXIF')).toBe(false)
    expect(out.bytes[20] & 0x0c).toBe(0)
    expect(out.bytes.readUInt32LE(4)).toBe(out.bytes.length - 8)
    expect({ width: out.width, height: out.height }).toEqual({ width: 24, height: 12 })
    expect(await decodedSize(out.bytes)).toEqual({ width: 24, height: 12 })
  })
})

describe('deciding the type from the bytes', () => {
  it('recognises JPEG, PNG and WebP by their signatures, and nothing else', () => {
    const canvas = drawing(4, 4)
    expect(sniffImageType(canvas.toBuffer('image/jpeg'))).toBe('image/jpeg')
    expect(sniffImageType(canvas.toBuffer('image/png'))).toBe('image/png')
    expect(sniffImageType(canvas.toBuffer('image/webp'))).toBe('image/webp')
    expect(sniffImageType(Buffer.from('GIF89a……'))).toBeNull()
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
  })

  it('refuses an image declaring more pixels than any phone photo', () => {
    const png = drawing(8, 8).toBuffer('image/png')
    const huge = Buffer.from(png)
    huge.writeUInt32BE(20000, 16)
    huge.writeUInt32BE(20000, 20)
    expect(() => sanitizeImage(huge)).toThrow(expect.objectContaining({ code: 'PHOTO_INVALID' }))
  })
})
