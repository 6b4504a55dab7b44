import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { orgFixture, type OrgFixture } from './fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

/** Decodes the PNG and looks for a QR code in it (optionally only in rows `from`..`to`). */
function decodeQr(
  png: Buffer,
  rows?: { from: number; to: number },
): { width: number; height: number; text: string | null } {
  const image = PNG.sync.read(png)
  const rowBytes = image.width * 4
  const from = rows ? rows.from : 0
  const to = rows ? Math.min(rows.to, image.height) : image.height
  const data = image.data.subarray(from * rowBytes, to * rowBytes)
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length)
  const code = jsQR(pixels, image.width, to - from)
  return { width: image.width, height: image.height, text: code?.data ?? null }
}

describe('room mini program codes and posters', () => {
  let fake: FakeWechat
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
    app = await build({
      env: { WECHAT_APPID: fake.appId, WECHAT_SECRET: fake.secret, WECHAT_API_BASE: fake.baseUrl },
    })
    org = await orgFixture(app)
    await roomModel(app.db).updateOne(
      { _id: org.roomA.id },
      { $set: { address: '清江浦区长东街道永胜小区 3 号楼南侧' } },
    )
  })

  afterAll(async () => {
    await fake.close()
  })

  it('serves the room code as a PNG that decodes to the room scene', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomA.id}/qrcode.png`,
      headers: org.convenerA.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(decodeQr(res.rawPayload).text).toBe(org.roomA.scene)
  })

  it('serves an A4 poster at 150 dpi whose printed code decodes to the room scene', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomA.id}/poster.png`,
      headers: org.staffA.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    const poster = decodeQr(res.rawPayload)
    expect({ width: poster.width, height: poster.height }).toEqual({ width: 1240, height: 1754 })
    expect(poster.text).toBe(org.roomA.scene)
  })

  it('keeps the code readable when the room name is very long', async () => {
    await roomModel(app.db).updateOne(
      { _id: org.roomB.id },
      {
        $set: {
          name: '清江浦区清河街道某某社区某某小区居民协商议事室（有事好商量工作室）暨委员之家',
        },
      },
    )
    const res = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomB.id}/poster.png`,
      headers: org.admin.headers,
    })
    expect(res.statusCode).toBe(200)
    // The middle band only (the code sits there; decoding the whole poster is the test above).
    expect(decodeQr(res.rawPayload, { from: 600, to: 1450 }).text).toBe(org.roomB.scene)
  })

  it('refuses another room’s convener and residents (403), and anonymous callers (401)', async () => {
    for (const url of [
      `/api/rooms/${org.roomB.id}/poster.png`,
      `/api/rooms/${org.roomB.id}/qrcode.png`,
    ]) {
      const convener = await app.inject({ method: 'GET', url, headers: org.convenerA.headers })
      expect(convener.statusCode).toBe(403)
      expect(convener.json().code).toBe('FORBIDDEN')
    }
    const resident = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomA.id}/poster.png`,
      headers: org.resident.headers,
    })
    expect(resident.statusCode).toBe(403)
    const anonymous = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomA.id}/poster.png`,
    })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().code).toBe('UNAUTHENTICATED')
  })

  it('answers ROOM_NOT_FOUND for the code of a room that does not exist', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/rooms/0123456789abcdef01234567/qrcode.png',
      headers: org.admin.headers,
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROOM_NOT_FOUND')
  })
})

describe('room codes without WeChat configured', () => {
  it('answer WECHAT_NOT_CONFIGURED instead of failing', async () => {
    const app = await build()
    const org = await orgFixture(app)
    const res = await app.inject({
      method: 'GET',
      url: `/api/rooms/${org.roomA.id}/qrcode.png`,
      headers: org.admin.headers,
    })
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('WECHAT_NOT_CONFIGURED')
  })
})
