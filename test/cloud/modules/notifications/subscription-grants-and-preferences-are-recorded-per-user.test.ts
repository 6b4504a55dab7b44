import type { App } from '../../../../cloud/src/app'
import { grantModel } from '../../../../cloud/src/modules/notifications/model'
import { MAX_REMAINING_GRANTS } from '../../../../cloud/src/modules/notifications/service'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'

jest.setTimeout(60_000)

describe('subscription grants and notification preferences', () => {
  let app: App
  let me: TestUser
  let progress: string
  let reply: string
  let meeting: string

  beforeAll(async () => {
    app = await build()
    me = await createTestUser(app)
    const templates = app.config.notifications.templates
    progress = templates.topic_progress.templateId
    reply = templates.reply.templateId
    meeting = templates.meeting.templateId
  })

  const subscribe = (user: TestUser, payload: object) =>
    app.inject({ method: 'POST', url: '/api/me/subscriptions', headers: user.headers, payload })
  const mine = async (user: TestUser) =>
    (
      await app.inject({ method: 'GET', url: '/api/me/subscriptions', headers: user.headers })
    ).json()

  it('tells the mini program which template ids to request at each moment, publicly', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/notifications/templates' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      moments: {
        after_raise: [progress, reply],
        after_support: [progress, reply],
        meeting_accept: [meeting, progress],
        dept_tasks: [progress],
      },
    })
  })

  it('adds one one-time grant per accept and nothing for reject or filter', async () => {
    const first = await subscribe(me, {
      results: { [progress]: 'accept', [reply]: 'reject', [meeting]: 'filter' },
    })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({
      topic_progress: { templateId: progress, remaining: 1, always: null },
      reply: { templateId: reply, remaining: 0, always: null },
      meeting: { templateId: meeting, remaining: 0, always: null },
    })
    await subscribe(me, { results: { [progress]: 'accept', [reply]: 'accept' } })
    expect(await mine(me)).toMatchObject({
      topic_progress: { remaining: 2 },
      reply: { remaining: 1 },
      meeting: { remaining: 0 },
    })
    // 'filter' wrote nothing at all.
    expect(await grantModel(app.db).exists({ templateId: meeting })).toBeNull()
  })

  it('remembers an "always" choice, and forgets it when a later answer contradicts it', async () => {
    const user = await createTestUser(app)
    await subscribe(user, { results: { [progress]: 'accept', [reply]: 'ban' }, always: true })
    expect(await mine(user)).toMatchObject({
      topic_progress: { remaining: 1, always: 'accept' },
      reply: { remaining: 0, always: 'reject' },
    })
    // "Always accept" still grants one send per prompt; the choice stays.
    await subscribe(user, { results: { [progress]: 'accept' } })
    expect((await mine(user)).topic_progress).toEqual({
      templateId: progress,
      remaining: 2,
      always: 'accept',
    })
    // The prompt showed again and the answer differs: the "always" setting is no longer in force.
    await subscribe(user, { results: { [reply]: 'accept' } })
    expect((await mine(user)).reply).toEqual({ templateId: reply, remaining: 1, always: null })
  })

  it(`keeps at most ${MAX_REMAINING_GRANTS} unused grants per template`, async () => {
    const user = await createTestUser(app)
    await grantModel(app.db).create({
      userId: user.id,
      templateId: progress,
      remaining: MAX_REMAINING_GRANTS - 1,
      always: null,
      updatedAt: new Date(),
    })
    await subscribe(user, { results: { [progress]: 'accept' } })
    await subscribe(user, { results: { [progress]: 'accept' } })
    expect((await mine(user)).topic_progress.remaining).toBe(MAX_REMAINING_GRANTS)
  })

  it('refuses template ids the service does not use, recording nothing', async () => {
    const user = await createTestUser(app)
    const res = await subscribe(user, { results: { [progress]: 'accept', 'not-ours': 'accept' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({
      code: 'TEMPLATE_UNKNOWN',
      details: { templateIds: ['not-ours'] },
    })
    expect((await mine(user)).topic_progress.remaining).toBe(0)
    const badAnswer = await subscribe(user, { results: { [progress]: 'yes please' } })
    expect(badAnswer.statusCode).toBe(400)
    expect(badAnswer.json().code).toBe('VALIDATION_FAILED')
    expect((await subscribe(user, { results: {} })).statusCode).toBe(400)
  })

  it('round-trips preferences: muted kinds and the daily digest', async () => {
    const user = await createTestUser(app)
    const url = '/api/me/notification-prefs'
    const initial = await app.inject({ method: 'GET', url, headers: user.headers })
    expect(initial.statusCode).toBe(200)
    expect(initial.json()).toMatchObject({ mutedKinds: [], digest: false })
    expect(initial.json().kinds).toContainEqual({ kind: 'topic_reply', label: '答复通知' })

    const put = await app.inject({
      method: 'PUT',
      url,
      headers: user.headers,
      payload: { mutedKinds: ['action_progress', 'topic_status'], digest: true },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toMatchObject({
      mutedKinds: ['action_progress', 'topic_status'],
      digest: true,
    })
    const again = await app.inject({ method: 'GET', url, headers: user.headers })
    expect(again.json()).toMatchObject({
      mutedKinds: ['action_progress', 'topic_status'],
      digest: true,
    })
    // Someone else's preferences are untouched.
    const other = await app.inject({ method: 'GET', url, headers: me.headers })
    expect(other.json()).toMatchObject({ mutedKinds: [], digest: false })

    const bad = await app.inject({
      method: 'PUT',
      url,
      headers: user.headers,
      payload: { mutedKinds: ['spam'], digest: false },
    })
    expect(bad.statusCode).toBe(400)
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401)
  })
})
