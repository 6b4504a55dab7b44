import type { App } from '../../../../cloud/src/app'
import { invalidateRoomFeed, roomFeedCache } from '../../../../cloud/src/modules/topics/feed-cache'
import { listRoomTopics } from '../../../../cloud/src/modules/topics/list-topics'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import { CHARGER_TOPIC, topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

interface Row {
  id: string
  state: string
  supportCount: number
  commentCount: number
  author: { displayName: string }
}

describe('the cached room feed', () => {
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build({ env: { RATE_LIMIT_MAX: '100000' } })
    world = await topicsFixture(app, null)
  })

  const feedUrl = (query = 'sort=new') => `/api/rooms/${world.room.id}/topics?${query}`
  const get = (url: string, user?: TestUser) =>
    app.inject({ method: 'GET', url, headers: user?.headers })
  const rows = async (url: string, user?: TestUser): Promise<Row[]> => {
    const res = await get(url, user)
    expect(res.statusCode).toBe(200)
    return (res.json() as { items: Row[] }).items
  }
  const rowOf = async (id: string, url = feedUrl()) => (await rows(url)).find((r) => r.id === id)

  /** A topic inserted behind the service's back (so, unlike the API, it invalidates nothing). */
  async function sneakTopic(authorId = world.resident.id, anonymous = false): Promise<string> {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId,
      anonymous,
    })
    return String(topic._id)
  }

  /** A topic inserted directly, then the room's cache dropped as the service's writers do. */
  async function openTopic(authorId = world.resident.id, anonymous = false): Promise<string> {
    const id = await sneakTopic(authorId, anonymous)
    invalidateRoomFeed(world.room.id)
    return id
  }

  it('answers a repeated request from the cache with the same JSON the service computes', async () => {
    await openTopic()
    const first = await get(feedUrl())
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8')
    // Written behind the service's back: the cached page does not see it until it expires.
    const sneaked = await sneakTopic()
    const second = await get(feedUrl())
    expect(second.body).toBe(first.body)
    expect(second.body).not.toContain(sneaked)
    const direct = await listRoomTopics(app.db, null, world.room.id, {
      sort: 'new',
      limit: 20,
    })
    roomFeedCache.clear()
    const fresh = await get(feedUrl())
    expect(fresh.json()).toEqual(JSON.parse(JSON.stringify(direct)))
    expect(fresh.body).toContain(sneaked)
  })

  it('shows a topic raised in this instance at once, although the page was cached', async () => {
    const before = await rows(feedUrl())
    const author = await createTestUser(app, { displayName: '刘大爷' })
    const raised = await app.inject({
      method: 'POST',
      url: `/api/rooms/${world.room.id}/topics`,
      headers: author.headers,
      payload: CHARGER_TOPIC,
    })
    expect(raised.statusCode).toBe(201)
    const after = await rows(feedUrl())
    expect(after[0]).toMatchObject({ id: raised.json().id, author: { displayName: '刘大爷' } })
    expect(after).toHaveLength(before.length + 1)
  })

  it('reflects a withdrawal, a screening decision and a support at once', async () => {
    const id = await openTopic()
    const other = await openTopic()
    expect(await rowOf(id)).toMatchObject({ state: 'open', supportCount: 0 })
    expect(await rowOf(other, feedUrl('sort=hot'))).toMatchObject({ state: 'open' })

    const fan = await createTestUser(app)
    const supported = await app.inject({
      method: 'PUT',
      url: `/api/topics/${id}/support`,
      headers: fan.headers,
    })
    expect(supported.statusCode).toBe(200)
    expect(await rowOf(id)).toMatchObject({ supportCount: 1 })

    const screened = await app.inject({
      method: 'POST',
      url: `/api/topics/${other}/screening`,
      headers: world.convener.headers,
      payload: {},
    })
    expect(screened.statusCode).toBe(200)
    expect(await rowOf(other, feedUrl('sort=hot'))).toMatchObject({ state: 'screening' })

    const withdrawn = await app.inject({
      method: 'POST',
      url: `/api/topics/${id}/withdraw`,
      headers: world.resident.headers,
      payload: {},
    })
    expect(withdrawn.statusCode).toBe(200)
    expect(await rowOf(id)).toMatchObject({ state: 'withdrawn' })
  })

  it('counts a comment posted in this instance at once', async () => {
    const id = await openTopic()
    expect(await rowOf(id)).toMatchObject({ commentCount: 0 })
    const posted = await app.inject({
      method: 'POST',
      url: `/api/topics/${id}/comments`,
      headers: world.convener.headers,
      payload: { text: '已经联系供电公司，下周到现场看看。' },
    })
    expect(posted.statusCode).toBe(201)
    expect(await rowOf(id)).toMatchObject({ commentCount: 1 })
  })

  it('shows callers their own anonymous topic by name without leaking it to anyone else', async () => {
    const author = await createTestUser(app, { displayName: '匿名的孙阿姨' })
    const id = await openTopic(author.id, true)
    const url = feedUrl('sort=new&limit=5')
    // The author asks first, so the page is loaded (and cached) during their request.
    const mine = (await rows(url, author)).find((r) => r.id === id)
    expect(mine?.author).toEqual({ displayName: '匿名的孙阿姨' })
    for (const caller of [undefined, world.neighbour, world.convener]) {
      const res = await get(url, caller)
      expect(res.body).not.toContain('匿名的孙阿姨')
      const row = (res.json() as { items: Row[] }).items.find((r) => r.id === id)
      expect(row?.author).toEqual({ displayName: '匿名居民' })
    }
    const again = (await rows(url, author)).find((r) => r.id === id)
    expect(again?.author).toEqual({ displayName: '匿名的孙阿姨' })
  })

  it('never serves a moderator’s hidden-state page to the public', async () => {
    const held = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.neighbour.id,
      state: 'pending_review',
    })
    const url = feedUrl('state=pending_review')
    const moderator = await rows(url, world.convener)
    expect(moderator.map((r) => r.id)).toContain(String(held._id))
    expect((await get(url)).statusCode).toBe(403)
    expect((await get(url, world.neighbour)).statusCode).toBe(403)
    expect((await rows(feedUrl())).map((r) => r.id)).not.toContain(String(held._id))
  })

  it('shares one topics query among concurrent requests for a page nobody has asked for yet', async () => {
    await openTopic()
    const find = jest.spyOn(topicModel(app.db), 'find')
    try {
      const url = feedUrl('sort=hot&limit=7')
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(url)))
      expect(answers.map((res) => res.statusCode)).toEqual(answers.map(() => 200))
      expect(new Set(answers.map((res) => res.body)).size).toBe(1)
      expect(find).toHaveBeenCalledTimes(1)
    } finally {
      find.mockRestore()
    }
  })

  it('answers ROOM_NOT_FOUND for an unknown room every time and caches nothing for it', async () => {
    const url = '/api/rooms/0123456789abcdef01234567/topics'
    const size = roomFeedCache.size
    for (let i = 0; i < 2; i += 1) {
      const res = await get(url)
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('ROOM_NOT_FOUND')
    }
    expect(roomFeedCache.size).toBe(size)
  })
})
