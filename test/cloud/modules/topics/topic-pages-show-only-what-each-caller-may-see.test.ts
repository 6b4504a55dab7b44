import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { build } from '../../../helpers/build'
import { createTestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import { topicsFixture, wechatResident, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

describe('topic pages', () => {
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
  })

  const get = (url: string, headers?: { authorization: string }) =>
    app.inject({ method: 'GET', url, headers })

  it('hides the author of an anonymous topic from the public but not from a convener with pii.read', async () => {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
      anonymous: true,
    })
    const url = `/api/topics/${String(topic._id)}`
    const anonymous = await get(url)
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.json()).toMatchObject({ anonymous: true, author: { displayName: '匿名居民' } })
    expect(anonymous.json().allowedEvents).toEqual([])
    expect(anonymous.json().supportedByMe).toBeUndefined()
    expect(anonymous.body).not.toContain('张阿姨')
    const neighbour = await get(url, world.neighbour.headers)
    expect(neighbour.json().author).toEqual({ displayName: '匿名居民' })
    expect(neighbour.json().pii).toBeUndefined()
    const author = await get(url, world.resident.headers)
    expect(author.json().author).toEqual({ displayName: '张阿姨' })
    const convener = await get(url, world.convener.headers)
    expect(convener.json().author).toEqual({ displayName: '张阿姨' })
    expect(convener.json().pii).toEqual({
      realName: null,
      phone: null,
      petitionerName: null,
      petitionerPhone: null,
    })
    expect(convener.json().replyDueAt).toEqual(expect.any(String))
    expect(convener.json().allowedEvents).toEqual(
      expect.arrayContaining(['reject', 'start_screening', 'merge']),
    )
    const list = await get(`/api/rooms/${world.room.id}/topics`)
    const row = list.json().items.find((t: { id: string }) => t.id === String(topic._id))
    expect(row.author).toEqual({ displayName: '匿名居民' })
    const timeline = await get(`${url}/timeline`)
    expect(timeline.statusCode).toBe(200)
  })

  it('shows the author’s real name and phone only to callers with pii.read in scope', async () => {
    const named = await createTestUser(app, {
      displayName: '小周',
      realName: '周丽',
      phone: '13700000001',
    })
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: named.id,
    })
    const url = `/api/topics/${String(topic._id)}`
    expect((await get(url, world.convener.headers)).json().pii).toMatchObject({
      realName: '周丽',
      phone: '13700000001',
    })
    const foreign = await get(url, world.otherConvener.headers)
    expect(foreign.json().pii).toBeUndefined()
    expect(foreign.body).not.toContain('13700000001')
  })

  it('answers 404 for a held or rejected topic to everyone but its author and moderators', async () => {
    for (const state of ['pending_review', 'rejected'] as const) {
      const topic = await createTestTopic(app, {
        room: world.room,
        unit: world.village,
        authorId: world.resident.id,
        state,
      })
      const url = `/api/topics/${String(topic._id)}`
      expect((await get(url)).statusCode).toBe(404)
      expect((await get(url, world.neighbour.headers)).json().code).toBe('NOT_FOUND')
      expect((await get(url, world.otherConvener.headers)).statusCode).toBe(404)
      expect((await get(`${url}/timeline`, world.neighbour.headers)).statusCode).toBe(404)
      expect((await get(url, world.resident.headers)).json().state).toBe(state)
      expect((await get(url, world.convener.headers)).statusCode).toBe(200)
      expect((await get(url, world.staff.headers)).statusCode).toBe(200)
    }
  })

  it('lets moderators list held topics and refuses that filter to others', async () => {
    const held = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
      state: 'pending_review',
    })
    const url = `/api/rooms/${world.room.id}/topics?state=pending_review`
    const convener = await get(url, world.convener.headers)
    expect(convener.statusCode).toBe(200)
    expect(convener.json().items.map((t: { id: string }) => t.id)).toContain(String(held._id))
    expect(
      convener.json().items.every((t: { state: string }) => t.state === 'pending_review'),
    ).toBe(true)
    expect((await get(url)).statusCode).toBe(403)
    expect((await get(url, world.otherConvener.headers)).json().code).toBe('STATE_FILTER_FORBIDDEN')
  })

  it('pages a room’s topics newest first and by supports, without repeats', async () => {
    const app2 = await build()
    const w = await topicsFixture(app2, null)
    const base = Date.UTC(2025, 0, 1)
    for (let i = 0; i < 7; i += 1) {
      const topic = await createTestTopic(app2, {
        room: w.room,
        unit: w.village,
        authorId: w.resident.id,
        title: `议题${i}`,
        createdAt: new Date(base + i * 60_000),
      })
      await app2.db
        .collection('topics')
        .updateOne({ _id: topic._id }, { $set: { supportCount: [3, 9, 1, 9, 0, 5, 2][i] } })
    }
    const collect = async (sort: string) => {
      const titles: string[] = []
      let cursor: string | null = null
      do {
        const query: string = `sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`
        const res = await app2.inject({
          method: 'GET',
          url: `/api/rooms/${w.room.id}/topics?${query}`,
        })
        expect(res.statusCode).toBe(200)
        titles.push(...res.json().items.map((t: { title: string }) => t.title))
        cursor = res.json().nextCursor
      } while (cursor)
      return titles
    }
    expect(await collect('new')).toEqual([
      '议题6',
      '议题5',
      '议题4',
      '议题3',
      '议题2',
      '议题1',
      '议题0',
    ])
    expect(await collect('hot')).toEqual([
      '议题3',
      '议题1',
      '议题5',
      '议题0',
      '议题6',
      '议题2',
      '议题4',
    ])
    const bad = await app2.inject({
      method: 'GET',
      url: `/api/rooms/${w.room.id}/topics?cursor=xyz`,
    })
    expect(bad.json().code).toBe('VALIDATION_FAILED')
    const badSort = await app2.inject({
      method: 'GET',
      url: `/api/rooms/${w.room.id}/topics?sort=top`,
    })
    expect(badSort.statusCode).toBe(400)
    const unknown = await app2.inject({
      method: 'GET',
      url: '/api/rooms/0123456789abcdef01234567/topics',
    })
    expect(unknown.json().code).toBe('ROOM_NOT_FOUND')
  })

  it('lets the author withdraw an open topic, and nobody else', async () => {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
    })
    const url = `/api/topics/${String(topic._id)}/withdraw`
    const other = await app.inject({
      method: 'POST',
      url,
      headers: world.neighbour.headers,
      payload: {},
    })
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('NOT_AUTHOR')
    const mine = await app.inject({
      method: 'POST',
      url,
      headers: world.resident.headers,
      payload: { reason: '已经自行解决' },
    })
    expect(mine.statusCode).toBe(200)
    expect(mine.json()).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回' })
    const again = await app.inject({ method: 'POST', url, headers: world.resident.headers })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('ILLEGAL_TRANSITION')
  })

  it('moderates: a rejection needs a reason its author sees, and rejection and restoration are audited', async () => {
    const author = await wechatResident(app, null)
    const held = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: author.id,
      state: 'pending_review',
    })
    const url = `/api/topics/${String(held._id)}/review`
    const post = (headers: { authorization: string }, payload: unknown) =>
      app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
    expect((await post(world.otherConvener.headers, { decision: 'approve' })).statusCode).toBe(403)
    expect((await post(world.neighbour.headers, { decision: 'approve' })).statusCode).toBe(403)
    const noReason = await post(world.convener.headers, { decision: 'reject' })
    expect(noReason.json().code).toBe('REASON_REQUIRED')
    expect((await post(world.convener.headers, { decision: 'maybe' })).statusCode).toBe(400)
    const rejected = await post(world.convener.headers, {
      decision: 'reject',
      reason: '含广告信息',
    })
    expect(rejected.json().state).toBe('rejected')
    const timeline = await get(`/api/topics/${String(held._id)}/timeline`, author.headers)
    expect(timeline.json().at(-1)).toMatchObject({
      event: 'reject',
      label: '不予通过',
      from: 'pending_review',
      to: 'rejected',
      note: '含广告信息',
      actor: { displayName: '王召集' },
    })
    const restored = await post(world.convener.headers, { decision: 'restore' })
    expect(restored.json().state).toBe('open')
    const audits = await auditModel(app.db)
      .find({ 'target.id': String(held._id) })
      .sort({ at: 1 })
      .lean()
    expect(audits.map((a) => a.action)).toEqual(['topic.review.reject', 'topic.review.restore'])
  })

  it('lets the convener take a topic up for screening; the timeline hides staff notes from the public', async () => {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
    })
    const id = String(topic._id)
    await app.db.collection('topic_events').insertOne({
      topicId: topic._id,
      at: new Date(),
      actorId: null,
      event: 'note',
      note: '内部：先电话联系物业',
      public: false,
    })
    const denied = await app.inject({
      method: 'POST',
      url: `/api/topics/${id}/screening`,
      headers: world.member.headers,
      payload: {},
    })
    expect(denied.statusCode).toBe(403)
    const ok = await app.inject({
      method: 'POST',
      url: `/api/topics/${id}/screening`,
      headers: world.convener.headers,
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().state).toBe('screening')
    const publicLine = (await get(`/api/topics/${id}/timeline`)).json()
    expect(publicLine.map((e: { event: string }) => e.event)).toEqual(['start_screening'])
    expect(publicLine[0]).toMatchObject({ label: '受理研判', actor: { displayName: '王召集' } })
    const staffLine = (await get(`/api/topics/${id}/timeline`, world.convener.headers)).json()
    expect(staffLine.map((e: { event: string }) => e.event)).toEqual(['note', 'start_screening'])
    expect(staffLine[0]).toMatchObject({ label: '备注', public: false, actor: null })
  })

  it('answers malformed topic ids with 400 VALIDATION_FAILED and unknown ones with 404', async () => {
    for (const url of ['/api/topics/xyz', '/api/topics/xyz/timeline']) {
      const res = await get(url)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
    const missing = await get('/api/topics/0123456789abcdef01234567')
    expect(missing.statusCode).toBe(404)
    const review = await app.inject({
      method: 'POST',
      url: '/api/topics/0123456789abcdef01234567/review',
      headers: world.convener.headers,
      payload: { decision: 'approve' },
    })
    expect(review.statusCode).toBe(404)
  })
})
