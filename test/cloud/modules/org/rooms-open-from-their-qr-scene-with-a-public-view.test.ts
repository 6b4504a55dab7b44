import { Types } from 'mongoose'
import { beijingWeekday } from '../../../../cloud/src/plugins/auth'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import { userModel } from '../../../../cloud/src/modules/users/model'
import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { createTestRoom, createTestUser } from '../../../helpers/identity'
import { orgFixture, type OrgFixture } from './fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

describe('public room pages', () => {
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
  })

  it('opens a room from its scene with its unit path, conveners and attached members', async () => {
    const member = await createTestUser(app, {
      displayName: '李委员',
      realName: '李秀英',
      phone: '13900000002',
      grants: [{ role: 'member', roomId: org.roomA.id }],
    })
    const res = await app.inject({ method: 'GET', url: `/api/rooms/by-scene/${org.roomA.scene}` })
    expect(res.statusCode).toBe(200)
    const room = res.json()
    expect(room).toMatchObject({
      id: org.roomA.id,
      name: '永胜社区协商议事室',
      scene: org.roomA.scene,
      supportThreshold: null,
      unit: { id: org.village.id, name: '永胜社区', kind: 'village' },
      conveners: [{ id: org.convenerA.id, displayName: '王召集' }],
      members: [{ id: member.id, displayName: '李委员' }],
    })
    expect(room.path.map((unit: { name: string }) => unit.name)).toEqual([
      '淮安市',
      '清江浦区',
      '长东街道',
      '永胜社区',
    ])
  })

  it('never shows real names or phone numbers of the people in a room', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/rooms/${org.roomA.id}` })
    expect(res.statusCode).toBe(200)
    const text = res.body
    expect(text).not.toContain('王建国')
    expect(text).not.toContain('13800000001')
    expect(text).not.toMatch(/realName|phone/)
    expect(res.json().conveners).toEqual([{ id: org.convenerA.id, displayName: '王召集' }])
  })

  it('lists only the attached members on today’s duty rota (Beijing time) as on duty', async () => {
    const unit = org.townB
    const today = beijingWeekday(new Date())
    const otherDay = (today % 7) + 1
    const onDuty = await createTestUser(app, { displayName: '今日值班' })
    const offDuty = await createTestUser(app, { displayName: '明日值班' })
    const room = await createTestRoom(app, '值班测试议事室', unit, {
      duty: [
        { userId: onDuty.id, weekday: today },
        { userId: offDuty.id, weekday: otherDay },
      ],
    })
    await userModel(app.db).updateMany(
      { _id: { $in: [onDuty.id, offDuty.id] } },
      { $push: { grants: { role: 'member', roomId: new Types.ObjectId(room.id) } } },
    )
    const res = await app.inject({ method: 'GET', url: `/api/rooms/${room.id}` })
    expect(res.json().onDutyToday).toEqual([{ id: onDuty.id, displayName: '今日值班' }])
    expect(res.json().members).toHaveLength(2)
  })

  it('answers ROOM_CODE_UNKNOWN for a scene that is no room, and for an archived room', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/rooms/by-scene/NOSUCH99' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('ROOM_CODE_UNKNOWN')

    const archived = await createTestRoom(app, '已撤销议事室', org.townB)
    await roomModel(app.db).updateOne({ _id: archived.id }, { $set: { archived: true } })
    const res = await app.inject({ method: 'GET', url: `/api/rooms/by-scene/${archived.scene}` })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROOM_CODE_UNKNOWN')
  })

  it('rejects a malformed scene or room id as VALIDATION_FAILED, never a 500', async () => {
    for (const url of [
      '/api/rooms/by-scene/abc-def',
      `/api/rooms/by-scene/${'A'.repeat(33)}`,
      '/api/rooms/by-scene/%E4%B8%AD',
      '/api/rooms/not-an-id',
      '/api/rooms/not-an-id/qrcode.png',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: org.resident.headers })
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({
        url,
        status: 400,
        code: 'VALIDATION_FAILED',
      })
    }
  })

  it('answers ROOM_NOT_FOUND for a well-formed id of no room', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/rooms/0123456789abcdef01234567' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROOM_NOT_FOUND')
  })

  it('lists rooms page by page, within a unit subtree when asked', async () => {
    const inTownA = await app.inject({ method: 'GET', url: `/api/rooms?unitId=${org.townA.id}` })
    expect(inTownA.statusCode).toBe(200)
    expect(inTownA.json()).toEqual({
      items: [
        {
          id: org.roomA.id,
          name: '永胜社区协商议事室',
          scene: org.roomA.scene,
          unit: { id: org.village.id, name: '永胜社区', kind: 'village' },
        },
      ],
      nextCursor: null,
    })

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const page = await app.inject({ method: 'GET', url: `/api/rooms?limit=1${query}` })
      expect(page.statusCode).toBe(200)
      const body = page.json() as { items: Array<{ id: string }>; nextCursor: string | null }
      expect(body.items.length).toBeLessThanOrEqual(1)
      seen.push(...body.items.map((item) => item.id))
      cursor = body.nextCursor
    } while (cursor)
    const open = await roomModel(app.db).countDocuments({ archived: false })
    expect(seen).toHaveLength(open)
    expect(new Set(seen).size).toBe(open)
    expect(seen).toContain(org.roomB.id)
  })
})
