import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { topicEventModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { createTestUser } from '../../../helpers/identity'
import { useFakeWechat } from '../auth/fake-wechat-env'
import {
  CHARGER_TOPIC,
  topicsFixture,
  uploadedPhoto,
  wechatResident,
  type TopicsFixture,
} from './fixture'

jest.setTimeout(60_000)

describe('raising a topic', () => {
  const wechat = useFakeWechat()
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build({ env: wechat.env })
    world = await topicsFixture(app, wechat.fake)
  })

  async function raise(headers: { authorization: string }, body: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: `/api/rooms/${world.room.id}/topics`,
      headers,
      payload: body,
    })
  }

  it('publishes a resident topic whose text passes the content check, with tokens, deadline and timeline', async () => {
    const res = await raise(world.resident.headers, {
      ...CHARGER_TOPIC,
      place: { lat: 33.6, lng: 119.0, address: '永胜小区 3 栋' },
    })
    expect(res.statusCode).toBe(201)
    const view = res.json()
    expect(view).toMatchObject({
      roomId: world.room.id,
      room: { id: world.room.id, name: '永胜社区协商议事室' },
      title: CHARGER_TOPIC.title,
      category: 'municipal',
      categoryLabel: '市政设施',
      source: 'resident',
      sourceLabel: '群众出题',
      state: 'open',
      stateLabel: '征集附议',
      author: { displayName: '张阿姨' },
      supportCount: 0,
      supportedByMe: false,
      canSupport: false,
      place: { lat: 33.6, lng: 119.0, address: '永胜小区 3 栋' },
    })
    expect(view.allowedEvents).toEqual(['withdraw'])
    expect(view.replyDueAt).toBeUndefined()
    const stored = await topicModel(app.db).findById(view.id).lean()
    expect(stored?.searchTokens).toEqual(expect.arrayContaining(['充电', '通电']))
    expect(stored?.contentCheck?.suggest).toBe('pass')
    expect(stored?.unitAncestors.map(String)).toEqual([
      ...world.village.ancestors,
      world.village.id,
    ])
    expect(stored!.replyDueAt.getTime()).toBeGreaterThan(stored!.createdAt.getTime())
    const events = await topicEventModel(app.db).find({ topicId: view.id }).lean()
    expect(events.map((e) => [e.event, e.to, String(e.actorId)])).toEqual([
      ['created', 'open', world.resident.id],
    ])
  })

  it('holds a topic the content check wants reviewed, out of public sight', async () => {
    const res = await raise(world.resident.headers, {
      title: '办理居住证太难',
      description: '街道窗口排队太久，门口有人说加微信可以代办证，希望规范办理流程。',
      category: 'public_service',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ state: 'pending_review', stateLabel: '审核中' })
    const id = res.json().id
    expect((await app.inject({ method: 'GET', url: `/api/topics/${id}` })).statusCode).toBe(404)
    const list = await app.inject({ method: 'GET', url: `/api/rooms/${world.room.id}/topics` })
    expect(list.json().items.map((t: { id: string }) => t.id)).not.toContain(id)
  })

  it('refuses risky text with a clear message and stores nothing', async () => {
    const before = await topicModel(app.db).countDocuments()
    const eventsBefore = await topicEventModel(app.db).countDocuments()
    const res = await raise(world.resident.headers, {
      title: '楼下有人聚众赌博',
      description: '每天晚上都在楼下打牌赌博，吵得睡不着。',
      category: 'safety',
    })
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('WECHAT_CONTENT_RISKY')
    expect(res.json().message).toMatch(/违规信息.*修改/)
    expect(await topicModel(app.db).countDocuments()).toBe(before)
    expect(await topicEventModel(app.db).countDocuments()).toBe(eventsBefore)
  })

  it('lets an attached member recommend a topic (委员荐题) without a content check, audited', async () => {
    const res = await raise(world.member.headers, {
      title: '老旧小区加装电梯',
      description: '多位老人反映爬楼困难，建议推动老旧小区加装电梯。',
      category: 'municipal',
      source: 'member_recommended',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ source: 'member_recommended', state: 'open' })
    const stored = await topicModel(app.db).findById(res.json().id).lean()
    expect(stored?.contentCheck?.suggest).toBe('skipped')
    const audit = await auditModel(app.db)
      .findOne({ action: 'topic.raise', 'target.id': res.json().id })
      .lean()
    expect(audit?.actorId?.toString()).toBe(world.member.id)
  })

  it('refuses a member recommendation from a resident or from a member of another room', async () => {
    const body = { ...CHARGER_TOPIC, source: 'member_recommended' }
    const byResident = await raise(world.resident.headers, body)
    expect(byResident.statusCode).toBe(403)
    expect(byResident.json().code).toBe('FORBIDDEN')
    const elsewhere = await createTestUser(app, {
      grants: [{ role: 'member', roomId: world.otherRoom.id }],
    })
    expect((await raise(elsewhere.headers, body)).statusCode).toBe(403)
  })

  it('starts a 12345 hotline ticket in screening, with the petitioner visible only to pii readers', async () => {
    const res = await raise(world.staff.headers, {
      title: '背街小巷路灯不亮',
      description: '市民多次来电反映永胜路背街小巷路灯损坏，夜间出行不便。',
      category: 'municipal',
      source: 'hotline_12345',
      petitioner: { name: '孙先生', phone: '13912345678' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ state: 'screening', source: 'hotline_12345' })
    expect(res.json().pii).toMatchObject({
      petitionerName: '孙先生',
      petitionerPhone: '13912345678',
    })
    const publicView = await app.inject({ method: 'GET', url: `/api/topics/${res.json().id}` })
    expect(publicView.json().pii).toBeUndefined()
    expect(publicView.body).not.toContain('13912345678')
    expect(publicView.body).not.toContain('孙先生')
  })

  it('needs a named petitioner when a grid worker raises a topic on someone’s behalf', async () => {
    const body = { ...CHARGER_TOPIC, source: 'grid_worker' }
    const missing = await raise(world.gridWorker.headers, body)
    expect(missing.statusCode).toBe(400)
    expect(missing.json().code).toBe('PETITIONER_REQUIRED')
    const elder = await wechatResident(app, wechat.fake, '周奶奶')
    const ok = await raise(world.gridWorker.headers, { ...body, petitioner: { userId: elder.id } })
    expect(ok.statusCode).toBe(201)
    const stored = await topicModel(app.db).findById(ok.json().id).lean()
    expect(stored).toMatchObject({ onBehalf: true, source: 'grid_worker' })
    expect(String(stored?.petitionerId)).toBe(elder.id)
    const mine = await app.inject({ method: 'GET', url: '/api/me/topics', headers: elder.headers })
    expect(mine.json().items.map((t: { id: string }) => t.id)).toContain(ok.json().id)
  })

  it('keeps an anonymous author out of the public view and timeline, but not from the convener', async () => {
    const res = await raise(world.neighbour.headers, { ...CHARGER_TOPIC, anonymous: true })
    expect(res.statusCode).toBe(201)
    const id = res.json().id
    const publicView = await app.inject({ method: 'GET', url: `/api/topics/${id}` })
    expect(publicView.json().author).toEqual({ displayName: '匿名居民' })
    const publicLine = await app.inject({ method: 'GET', url: `/api/topics/${id}/timeline` })
    expect(publicLine.json()).toEqual([
      expect.objectContaining({
        event: 'created',
        label: '提出议题',
        actor: { displayName: '匿名居民', role: 'resident', roleLabel: '群众' },
      }),
    ])
    expect(publicLine.body).not.toContain('李师傅')
    const staffLine = await app.inject({
      method: 'GET',
      url: `/api/topics/${id}/timeline`,
      headers: world.convener.headers,
    })
    expect(staffLine.json()[0].actor).toEqual({
      displayName: '李师傅',
      role: 'resident',
      roleLabel: '群众',
    })
    const mine = await app.inject({
      method: 'GET',
      url: '/api/me/topics',
      headers: world.neighbour.headers,
    })
    const row = mine.json().items.find((t: { id: string }) => t.id === id)
    expect(row).toMatchObject({ anonymous: true, author: { displayName: '李师傅' } })
  })

  it('attaches the caller’s own uploaded photos and refuses someone else’s', async () => {
    const mine = await uploadedPhoto(app, world.resident.id)
    const theirs = await uploadedPhoto(app, world.neighbour.id)
    const ok = await raise(world.resident.headers, { ...CHARGER_TOPIC, photoKeys: [mine] })
    expect(ok.statusCode).toBe(201)
    expect(ok.json().photos).toEqual([
      { url: `/api/uploads/photos/${mine}`, width: 800, height: 600 },
    ])
    const bad = await raise(world.resident.headers, { ...CHARGER_TOPIC, photoKeys: [theirs] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('PHOTO_NOT_FOUND')
  })

  it('answers malformed bodies and ids with 400 VALIDATION_FAILED and unknown rooms with 404', async () => {
    const bodies = [
      { ...CHARGER_TOPIC, title: '短' },
      { ...CHARGER_TOPIC, description: '太短' },
      { ...CHARGER_TOPIC, category: 'weather' },
      { ...CHARGER_TOPIC, source: 'martian' },
      { ...CHARGER_TOPIC, photoKeys: Array.from({ length: 10 }, (_, i) => `k${i}`) },
      { ...CHARGER_TOPIC, place: { lat: 95, lng: 119 } },
      { ...CHARGER_TOPIC, place: { lat: 33.6 } },
      { ...CHARGER_TOPIC, petitioner: { userId: 'nope' } },
      { ...CHARGER_TOPIC, title: '  \n ' },
    ]
    for (const body of bodies) {
      const res = await raise(world.resident.headers, body)
      expect({ body, status: res.statusCode, code: res.json().code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      })
    }
    const badRoom = await app.inject({
      method: 'POST',
      url: '/api/rooms/not-an-id/topics',
      headers: world.resident.headers,
      payload: CHARGER_TOPIC,
    })
    expect(badRoom.statusCode).toBe(400)
    expect(badRoom.json().code).toBe('VALIDATION_FAILED')
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/rooms/0123456789abcdef01234567/topics',
      headers: world.resident.headers,
      payload: CHARGER_TOPIC,
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('ROOM_NOT_FOUND')
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/rooms/${world.room.id}/topics`,
      payload: CHARGER_TOPIC,
    })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('raising a topic without WeChat configured', () => {
  it('holds resident topics for review instead of publishing them unchecked', async () => {
    const app = await build()
    const world = await topicsFixture(app, null)
    const res = await app.inject({
      method: 'POST',
      url: `/api/rooms/${world.room.id}/topics`,
      headers: world.resident.headers,
      payload: CHARGER_TOPIC,
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().state).toBe('pending_review')
    const approve = await app.inject({
      method: 'POST',
      url: `/api/topics/${res.json().id}/review`,
      headers: world.convener.headers,
      payload: { decision: 'approve' },
    })
    expect(approve.statusCode).toBe(200)
    expect(approve.json().state).toBe('open')
  })
})
