import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'

jest.setTimeout(60_000)

describe('the demo view of the fake WeChat', () => {
  let fake: FakeWechat
  let app: App
  let alice: TestUser
  let bob: TestUser
  let staff: TestUser
  let aliceOpenid: string
  let bobOpenid: string
  let progress: string
  let reply: string
  let meeting: string

  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
    app = await build({
      env: {
        WECHAT_APPID: fake.appId,
        WECHAT_SECRET: fake.secret,
        WECHAT_API_BASE: fake.baseUrl,
      },
    })
    aliceOpenid = fake.openidFor('alice')
    bobOpenid = fake.openidFor('bob')
    alice = await createTestUser(app, { displayName: '张阿姨', openid: aliceOpenid })
    bob = await createTestUser(app, { displayName: '李师傅', openid: bobOpenid })
    staff = await createTestUser(app, { displayName: '只用密码的同事' })
    const templates = app.config.notifications.templates
    progress = templates.topic_progress.templateId
    reply = templates.reply.templateId
    meeting = templates.meeting.templateId
  })

  afterAll(async () => {
    await fake?.close()
  })

  /** What the outbox worker does for a granted message: a real send through the WeChat client. */
  async function sendProgress(openid: string, title: string, page: string): Promise<void> {
    fake.grant(openid, progress)
    await app.wechat!.sendSubscribeMessage({
      touser: openid,
      templateId: progress,
      page,
      data: { thing1: title, phrase2: '已受理', time3: '2026年5月3日 14:05', thing4: '请留意' },
    })
  }

  it('tells anyone that the service runs with the fake WeChat, and its templates', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/demo/wechat' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      fake: true,
      templates: [
        { key: 'topic_progress', templateId: progress, title: '议题进展提醒' },
        { key: 'reply', templateId: reply, title: '回复通知' },
        { key: 'meeting', templateId: meeting, title: '协商会议通知' },
      ],
    })
  })

  it("lists only the caller's messages, newest first, with labelled fields and the page", async () => {
    await sendProgress(aliceOpenid, '小区充电桩通电', 'pages/topic/index?id=a1')
    await sendProgress(bobOpenid, '东门绿化带开口', 'pages/topic/index?id=b1')
    await sendProgress(aliceOpenid, '河边缺公厕', 'pages/topic/index?id=a2')

    const res = await app.inject({
      method: 'GET',
      url: '/api/demo/wechat/messages',
      headers: alice.headers,
    })
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      wechatLinked: boolean
      messages: Array<{ title: string; page: string; fields: unknown[]; sentAt: string }>
    }>()
    expect(body.wechatLinked).toBe(true)
    expect(body.messages.map((m) => m.page)).toEqual([
      'pages/topic/index?id=a2',
      'pages/topic/index?id=a1',
    ])
    expect(body.messages[0]).toMatchObject({
      templateId: progress,
      templateKey: 'topic_progress',
      title: '议题进展提醒',
      fields: [
        { key: 'thing1', label: '议题名称', value: '河边缺公厕' },
        { key: 'phrase2', label: '当前状态', value: '已受理' },
        { key: 'time3', label: '更新时间', value: '2026年5月3日 14:05' },
        { key: 'thing4', label: '备注', value: '请留意' },
      ],
    })
    expect(Number.isNaN(Date.parse(body.messages[0].sentAt))).toBe(false)
    expect(res.body).not.toContain('东门绿化带开口')
    expect(res.body).not.toContain(aliceOpenid)

    const bobs = await app.inject({
      method: 'GET',
      url: '/api/demo/wechat/messages',
      headers: bob.headers,
    })
    expect(bobs.json<{ messages: Array<{ page: string }> }>().messages).toHaveLength(1)
  })

  it('says that an account without WeChat login receives no WeChat messages', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/demo/wechat/messages',
      headers: staff.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ messages: [], wechatLinked: false })
  })

  it('grants one send at the fake WeChat per template and records it like an accept', async () => {
    const before = fake.grantsLeft(bobOpenid, reply)
    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/wechat/subscribe',
      headers: bob.headers,
      payload: { templateIds: [reply, meeting] },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      topic_progress: { templateId: progress, remaining: 0, always: null },
      reply: { templateId: reply, remaining: 1, always: null },
      meeting: { templateId: meeting, remaining: 1, always: null },
    })
    expect(fake.grantsLeft(bobOpenid, reply)).toBe(before + 1)
    expect(fake.grantsLeft(bobOpenid, meeting)).toBe(1)

    const recorded = await app.inject({
      method: 'GET',
      url: '/api/me/subscriptions',
      headers: bob.headers,
    })
    expect(recorded.json()).toMatchObject({ reply: { remaining: 1 }, meeting: { remaining: 1 } })

    // The grant is real for the fake: the service can now send one reply message to bob.
    await expect(
      app.wechat!.sendSubscribeMessage({
        touser: bobOpenid,
        templateId: reply,
        data: {
          thing1: '东门绿化带',
          thing2: '已约园林所现场查看',
          name3: '王主任',
          time4: '15:00',
        },
      }),
    ).resolves.toBeUndefined()
    expect(fake.grantsLeft(bobOpenid, reply)).toBe(before)
  })

  it('refuses unknown template ids before granting anything', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/wechat/subscribe',
      headers: alice.headers,
      payload: { templateIds: [meeting, 'not-our-template'] },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'TEMPLATE_UNKNOWN' })
    expect(fake.grantsLeft(aliceOpenid, meeting)).toBe(0)
  })

  it('refuses an account without WeChat login, and a malformed body', async () => {
    const noWechat = await app.inject({
      method: 'POST',
      url: '/api/demo/wechat/subscribe',
      headers: staff.headers,
      payload: { templateIds: [progress] },
    })
    expect(noWechat.statusCode).toBe(409)
    expect(noWechat.json()).toMatchObject({ code: 'WECHAT_NOT_LINKED' })

    for (const payload of [{}, { templateIds: [] }, { templateIds: [progress, progress] }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/demo/wechat/subscribe',
        headers: alice.headers,
        payload,
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    }
  })

  it('asks anonymous callers to log in', async () => {
    const messages = await app.inject({ method: 'GET', url: '/api/demo/wechat/messages' })
    const subscribe = await app.inject({
      method: 'POST',
      url: '/api/demo/wechat/subscribe',
      payload: { templateIds: [progress] },
    })
    expect(messages.statusCode).toBe(401)
    expect(subscribe.statusCode).toBe(401)
  })
})
