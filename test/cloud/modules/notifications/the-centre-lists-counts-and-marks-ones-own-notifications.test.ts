import type { App } from '../../../../cloud/src/app'
import { enqueueNotifications } from '../../../../cloud/src/modules/notifications/enqueue'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'

jest.setTimeout(60_000)

describe('the in-app notification centre', () => {
  let app: App
  let me: TestUser
  let other: TestUser

  beforeAll(async () => {
    app = await build()
    me = await createTestUser(app, { displayName: '张阿姨' })
    other = await createTestUser(app, { displayName: '隔壁老王' })
  })

  let serial = 0
  /** One notification per user, `minutesAgo` old. */
  async function notify(users: TestUser[], minutesAgo: number, title = '议题进展：充电桩') {
    serial += 1
    await enqueueNotifications(
      app.db,
      app.config.notifications.templates,
      {
        kind: 'topic_status',
        eventKey: `test:${serial}`,
        recipients: users.map((user) => user.id),
        inApp: { title, body: '状态：研判中', link: 'pages/topic/index?id=abc' },
        template: { title: '充电桩', status: '研判中', time: new Date(), note: '研判中' },
      },
      undefined,
      new Date(Date.now() - minutesAgo * 60_000),
    )
  }

  const get = (url: string, user?: TestUser) =>
    app.inject({ method: 'GET', url, headers: user?.headers })
  const post = (url: string, user: TestUser) =>
    app.inject({ method: 'POST', url, headers: user.headers })

  it('lists only my notifications newest first, page by page, with the unread count', async () => {
    await notify([me, other], 30, '议题进展：最早')
    await notify([me], 20, '议题进展：中间')
    await notify([me, other], 10, '议题进展：最新')

    const first = await get('/api/me/notifications?limit=2', me)
    expect(first.statusCode).toBe(200)
    const page = first.json()
    expect(page.unreadCount).toBe(3)
    expect(page.items.map((item: { title: string }) => item.title)).toEqual([
      '议题进展：最新',
      '议题进展：中间',
    ])
    expect(page.items[0]).toMatchObject({
      kind: 'topic_status',
      kindLabel: '议题进展',
      body: '状态：研判中',
      link: 'pages/topic/index?id=abc',
      read: false,
    })
    expect(page.items[0]).not.toHaveProperty('dedupeKey')
    expect(page.nextCursor).toEqual(expect.any(String))

    const second = await get(`/api/me/notifications?limit=2&cursor=${page.nextCursor}`, me)
    expect(second.json().items.map((item: { title: string }) => item.title)).toEqual([
      '议题进展：最早',
    ])
    expect(second.json().nextCursor).toBeNull()

    const count = await get('/api/me/notifications/unread-count', me)
    expect(count.json()).toEqual({ count: 3 })
    expect((await get('/api/me/notifications/unread-count', other)).json()).toEqual({ count: 2 })
  })

  it('marks one read, keeps it out of the unread list, and refuses someone else’s as not found', async () => {
    const list = (await get('/api/me/notifications', me)).json()
    const newest = list.items[0]
    const read = await post(`/api/me/notifications/${newest.id}/read`, me)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({ id: newest.id, read: true })
    // Marking it again is harmless.
    expect((await post(`/api/me/notifications/${newest.id}/read`, me)).statusCode).toBe(200)

    const unread = (await get('/api/me/notifications?unread=true', me)).json()
    expect(unread.items.map((item: { id: string }) => item.id)).not.toContain(newest.id)
    expect(unread.unreadCount).toBe(list.unreadCount - 1)
    expect((await get('/api/me/notifications', me)).json().items[0]).toMatchObject({
      id: newest.id,
      read: true,
    })

    const mineToOther = await post(`/api/me/notifications/${unread.items[0].id}/read`, other)
    expect(mineToOther.statusCode).toBe(404)
    expect(mineToOther.json().code).toBe('NOTIFICATION_NOT_FOUND')
    const stillUnread = (await get('/api/me/notifications?unread=true', me)).json()
    expect(stillUnread.items.map((item: { id: string }) => item.id)).toContain(unread.items[0].id)
  })

  it('marks all of mine read and leaves other people’s alone', async () => {
    const before = (await get('/api/me/notifications/unread-count', me)).json().count
    expect(before).toBeGreaterThan(0)
    const all = await post('/api/me/notifications/read-all', me)
    expect(all.statusCode).toBe(200)
    expect(all.json()).toEqual({ updated: before })
    expect((await get('/api/me/notifications/unread-count', me)).json()).toEqual({ count: 0 })
    expect((await get('/api/me/notifications/unread-count', other)).json()).toEqual({ count: 2 })
    expect((await post('/api/me/notifications/read-all', me)).json()).toEqual({ updated: 0 })
  })

  it('is for signed-in users only and rejects a malformed cursor', async () => {
    expect((await get('/api/me/notifications')).statusCode).toBe(401)
    expect((await get('/api/me/notifications/unread-count')).statusCode).toBe(401)
    const bad = await get('/api/me/notifications?cursor=not-a-cursor', me)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('VALIDATION_FAILED')
  })
})
