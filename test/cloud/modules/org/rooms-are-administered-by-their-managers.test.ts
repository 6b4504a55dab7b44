import type { App } from '../../../../cloud/src/app'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import { SCENE_ALPHABET } from '../../../../cloud/src/modules/org/scene-code'
import { build } from '../../../helpers/build'
import { createTestUser } from '../../../helpers/identity'
import { orgFixture, type OrgFixture } from './fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

describe('room administration', () => {
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
  })

  it('creates a room with a generated six-character scene of unambiguous characters', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/rooms',
      headers: org.staffA.headers,
      payload: { name: '永胜小区充电桩议事点', unitId: org.village.id, address: '永胜小区东门' },
    })
    expect(res.statusCode).toBe(201)
    const room = res.json()
    expect(room.scene).toMatch(new RegExp(`^[${SCENE_ALPHABET}]{6}$`))
    expect(room.scene).not.toMatch(/[0O1Il]/)
    expect(room).toMatchObject({
      name: '永胜小区充电桩议事点',
      address: '永胜小区东门',
      supportThreshold: null,
      archived: false,
      unit: { id: org.village.id },
      duty: [],
    })
    const opened = await app.inject({ method: 'GET', url: `/api/rooms/by-scene/${room.scene}` })
    expect(opened.json().id).toBe(room.id)
    const stored = await roomModel(app.db).findById(room.id).lean()
    expect(stored?.unitAncestors.map(String)).toEqual([
      org.city.id,
      org.district.id,
      org.townA.id,
      org.village.id,
    ])
  })

  it('keeps a chosen scene unique (ROOM_SCENE_TAKEN)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/rooms',
      headers: org.admin.headers,
      payload: { name: '重码议事室', unitId: org.townB.id, scene: org.roomA.scene },
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('ROOM_SCENE_TAKEN')
  })

  it('refuses room creation outside one’s subtree and to conveners (403)', async () => {
    for (const headers of [org.staffA.headers, org.convenerA.headers]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/admin/rooms',
        headers,
        payload: { name: '越界议事室', unitId: org.townB.id },
      })
      expect(res.statusCode).toBe(403)
    }
    const unknownUnit = await app.inject({
      method: 'POST',
      url: '/api/admin/rooms',
      headers: org.admin.headers,
      payload: { name: '无单位', unitId: '0123456789abcdef01234567' },
    })
    expect(unknownUnit.json().code).toBe('UNIT_NOT_FOUND')
  })

  it('lets the convener update their room and clear its address', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/rooms/${org.roomA.id}`,
      headers: org.convenerA.headers,
      payload: {
        supportThreshold: 10,
        description: '永胜社区居民议事',
        address: '社区服务中心二楼',
      },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ supportThreshold: 10, address: '社区服务中心二楼' })
    const cleared = await app.inject({
      method: 'PATCH',
      url: `/api/admin/rooms/${org.roomA.id}`,
      headers: org.convenerA.headers,
      payload: { address: '' },
    })
    expect(cleared.json().address).toBeUndefined()
    expect(cleared.json().description).toBe('永胜社区居民议事')
    const other = await app.inject({
      method: 'PATCH',
      url: `/api/admin/rooms/${org.roomB.id}`,
      headers: org.convenerA.headers,
      payload: { name: '改名' },
    })
    expect(other.statusCode).toBe(403)
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/admin/rooms/${org.roomA.id}`,
      headers: org.convenerA.headers,
      payload: {},
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('VALIDATION_FAILED')
  })

  it('sets a duty rota of attached members and refuses anyone not attached', async () => {
    const member = await createTestUser(app, {
      displayName: '张委员',
      grants: [{ role: 'member', roomId: org.roomA.id }],
    })
    const elsewhere = await createTestUser(app, {
      displayName: '外室委员',
      grants: [{ role: 'member', roomId: org.roomB.id }],
    })
    const refused = await app.inject({
      method: 'PUT',
      url: `/api/admin/rooms/${org.roomA.id}/duty`,
      headers: org.convenerA.headers,
      payload: {
        slots: [
          { userId: member.id, weekday: 1 },
          { userId: elsewhere.id, weekday: 2 },
        ],
      },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({
      code: 'DUTY_MEMBER_NOT_ATTACHED',
      details: [{ userId: elsewhere.id }],
    })
    const res = await app.inject({
      method: 'PUT',
      url: `/api/admin/rooms/${org.roomA.id}/duty`,
      headers: org.convenerA.headers,
      payload: {
        slots: [
          { userId: member.id, weekday: 3 },
          { userId: member.id, weekday: 1 },
        ],
      },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().duty).toEqual([
      { userId: member.id, displayName: '张委员', weekday: 1 },
      { userId: member.id, displayName: '张委员', weekday: 3 },
    ])
    const bad = await app.inject({
      method: 'PUT',
      url: `/api/admin/rooms/${org.roomA.id}/duty`,
      headers: org.convenerA.headers,
      payload: { slots: [{ userId: member.id, weekday: 8 }] },
    })
    expect(bad.json().code).toBe('VALIDATION_FAILED')
  })

  it('archives a room so that its code no longer opens it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/rooms',
      headers: org.admin.headers,
      payload: { name: '临时议事室', unitId: org.townB.id },
    })
    const { id, scene } = created.json()
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/rooms/${id}`,
      headers: org.admin.headers,
      payload: { archived: true },
    })
    expect(res.json().archived).toBe(true)
    const opened = await app.inject({ method: 'GET', url: `/api/rooms/by-scene/${scene}` })
    expect(opened.json().code).toBe('ROOM_CODE_UNKNOWN')
    const admin = await app.inject({
      method: 'GET',
      url: `/api/admin/rooms/${id}`,
      headers: org.admin.headers,
    })
    expect(admin.statusCode).toBe(200)
    expect(admin.json()).toMatchObject({ id, archived: true, duty: [] })
  })
})
