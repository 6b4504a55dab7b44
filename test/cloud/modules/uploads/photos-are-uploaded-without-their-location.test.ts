import { beforeAll, describe, expect, it, jest } from '@jest/globals'
import type { App } from '../../../../cloud/src/app'
import { uploadModel } from '../../../../cloud/src/modules/uploads/model'
import { resolveUploadedPhotos } from '../../../../cloud/src/modules/uploads/service'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import {
  afterSoi,
  decodedSize,
  drawing,
  jpegWithGps,
  multipart,
  pngWithText,
  segment,
} from './image-fixtures'

// A shared 2-core machine: building an app can take seconds.
jest.setTimeout(30_000)

interface Uploaded {
  key: string
  url: string
  width: number
  height: number
  bytes: number
  contentType: string
}

describe('photo uploads', () => {
  let app: App
  let alice: TestUser
  let bob: TestUser

  beforeAll(async () => {
    app = await build()
    alice = await createTestUser(app, { displayName: '居民甲' })
    bob = await createTestUser(app, { displayName: '居民乙' })
  })

  function upload(user: TestUser | null, file: Parameters<typeof multipart>[0]) {
    const body = multipart(file)
    return app.inject({
      method: 'POST',
      url: '/api/uploads/photos',
      payload: body.payload,
      headers: { ...body.headers, ...(user ? user.headers : {}) },
    })
  }

  it('stores a phone JPEG without its Exif GPS block, still decodable at the same size', async () => {
    const original = jpegWithGps(80, 60)
    const res = await upload(alice, {
      filename: 'IMG_0001.jpg',
      contentType: 'image/jpeg',
      bytes: original,
    })
    expect(res.statusCode).toBe(201)
    const photo = res.json<Uploaded>()
    expect(photo).toMatchObject({ width: 80, height: 60, contentType: 'image/jpeg' })
    expect(photo.url).toBe(`/api/uploads/photos/${photo.key}`)

    const served = await app.inject({ method: 'GET', url: photo.url })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    expect(served.rawPayload.includes(Buffer.from('Exif'))).toBe(false)
    expect(served.rawPayload.length).toBe(photo.bytes)
    expect(photo.bytes).toBeLessThan(original.length)
    expect(await decodedSize(served.rawPayload)).toEqual({ width: 80, height: 60 })

    const record = await uploadModel(app.db).findOne({ key: photo.key }).lean()
    expect(record).toMatchObject({ bytes: photo.bytes, contentType: 'image/jpeg', width: 80 })
    expect(String(record?.ownerId)).toBe(alice.id)
  })

  it('stores a PNG without its text chunk', async () => {
    const res = await upload(alice, {
      filename: 'map.png',
      contentType: 'image/png',
      bytes: pngWithText(20, 10, 'GPS 33.5N 119.0E'),
    })
    expect(res.statusCode).toBe(201)
    const served = await app.inject({ method: 'GET', url: res.json<Uploaded>().url })
    expect(served.headers['content-type']).toBe('image/png')
    expect(served.rawPayload.includes(Buffer.from('tEXt'))).toBe(false)
    expect(await decodedSize(served.rawPayload)).toEqual({ width: 20, height: 10 })
  })

  it('decides the type from the bytes, whatever the client claims', async () => {
    const res = await upload(alice, {
      filename: 'photo.jpg',
      contentType: 'application/octet-stream',
      bytes: drawing(10, 10).toBuffer('image/webp'),
    })
    expect(res.statusCode).toBe(201)
    expect(res.json<Uploaded>().contentType).toBe('image/webp')
    expect(res.json<Uploaded>().key).toMatch(/\.webp$/)
  })

  it('refuses a text file renamed .jpg with 415', async () => {
    const res = await upload(alice, {
      filename: 'notes.jpg',
      contentType: 'image/jpeg',
      bytes: Buffer.from('这不是照片，只是一段文字。'),
    })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ code: 'PHOTO_TYPE_UNSUPPORTED' })
    expect(
      await uploadModel(app.db).countDocuments({
        contentType: { $nin: ['image/jpeg', 'image/png', 'image/webp'] },
      }),
    ).toBe(0)
  })

  it('accepts a photo larger than the 1 MB JSON body limit, dropping its 1.3 MB of comments', async () => {
    const comments = Array.from({ length: 20 }, () => segment(0xfe, Buffer.alloc(65_000, 0x41)))
    const big = afterSoi(jpegWithGps(40, 40), ...comments)
    expect(big.length).toBeGreaterThan(1_300_000)
    const res = await upload(alice, { filename: 'big.jpg', contentType: 'image/jpeg', bytes: big })
    expect(res.statusCode).toBe(201)
    expect(res.json<Uploaded>().bytes).toBeLessThan(10_000)
  })

  it('refuses a photo over 8 MB with 413', async () => {
    const big = Buffer.concat([jpegWithGps(8, 8), Buffer.alloc(8 * 1024 * 1024)])
    const before = await uploadModel(app.db).countDocuments()
    const res = await upload(alice, { filename: 'big.jpg', contentType: 'image/jpeg', bytes: big })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(await uploadModel(app.db).countDocuments()).toBe(before)
  })

  it('answers 400 when the form carries no file', async () => {
    const res = await upload(alice, null)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'PHOTO_MISSING' })
  })

  it('refuses a damaged JPEG with 400', async () => {
    const cut = jpegWithGps(16, 16).subarray(0, 300)
    const res = await upload(alice, { filename: 'cut.jpg', contentType: 'image/jpeg', bytes: cut })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'PHOTO_INVALID' })
  })

  it('asks for a sign-in before uploading', async () => {
    const res = await upload(null, {
      filename: 'a.jpg',
      contentType: 'image/jpeg',
      bytes: jpegWithGps(8, 8),
    })
    expect(res.statusCode).toBe(401)
  })

  it('answers 404 for an unknown photo and 400 for a key that is not one', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/uploads/photos/AAAAAAAAAAAAAAAAAAAAAA.jpg',
    })
    expect(unknown.statusCode).toBe(404)
    const bad = await app.inject({
      method: 'GET',
      url: '/api/uploads/photos/..%2F..%2Fetc%2Fpasswd',
    })
    expect(bad.statusCode).toBe(400)
  })

  describe('resolveUploadedPhotos', () => {
    async function uploadAs(user: TestUser, width: number): Promise<Uploaded> {
      const res = await upload(user, {
        filename: 'x.jpg',
        contentType: 'image/jpeg',
        bytes: jpegWithGps(width, 10),
      })
      return res.json<Uploaded>()
    }

    it("returns the caller's photos in the order given", async () => {
      const first = await uploadAs(alice, 11)
      const second = await uploadAs(alice, 12)
      const refs = await resolveUploadedPhotos(app.db, alice.id, [second.key, first.key])
      expect(refs).toEqual([
        { key: second.key, width: 12, height: 10, bytes: second.bytes, contentType: 'image/jpeg' },
        { key: first.key, width: 11, height: 10, bytes: first.bytes, contentType: 'image/jpeg' },
      ])
    })

    it("refuses someone else's photo", async () => {
      const mine = await uploadAs(alice, 13)
      const theirs = await uploadAs(bob, 14)
      await expect(
        resolveUploadedPhotos(app.db, alice.id, [mine.key, theirs.key]),
      ).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND', statusCode: 400 })
    })

    it('refuses an unknown key and a repeated one', async () => {
      const mine = await uploadAs(alice, 15)
      await expect(
        resolveUploadedPhotos(app.db, alice.id, ['AAAAAAAAAAAAAAAAAAAAAA.jpg']),
      ).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' })
      await expect(
        resolveUploadedPhotos(app.db, alice.id, [mine.key, mine.key]),
      ).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' })
    })
  })
})

describe('the upload rate limit', () => {
  it('refuses the 31st upload within a minute with 429', async () => {
    const app = await build()
    const user = await createTestUser(app)
    const body = multipart({
      filename: 'a.jpg',
      contentType: 'image/jpeg',
      bytes: Buffer.from('x'),
    })
    const statuses: number[] = []
    for (let i = 0; i < 31; i += 1) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/uploads/photos',
        payload: body.payload,
        headers: { ...body.headers, ...user.headers },
      })
      statuses.push(res.statusCode)
    }
    expect(statuses.slice(0, 30).every((s) => s === 415)).toBe(true)
    expect(statuses[30]).toBe(429)
  })
})
