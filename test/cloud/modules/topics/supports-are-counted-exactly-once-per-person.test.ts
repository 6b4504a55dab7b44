import type { App } from '../../../../cloud/src/app'
import { supportModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import { setSupportThreshold, topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(180_000)

describe('supports (附议)', () => {
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build({ env: { RATE_LIMIT_MAX: '100000' } })
    world = await topicsFixture(app, null)
  })

  const support = (topicId: string, user: TestUser, method: 'PUT' | 'DELETE' = 'PUT') =>
    app.inject({ method, url: `/api/topics/${topicId}/support`, headers: user.headers })

  async function openTopic(extra: { authorId?: string } = {}) {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: extra.authorId ?? world.resident.id,
    })
    return String(topic._id)
  }

  it('counts 50 people supporting at once plus 10 repeats from one person as exactly 51', async () => {
    const id = await openTopic()
    const people = await Promise.all(Array.from({ length: 51 }, () => createTestUser(app)))
    const [eager, ...others] = people
    const requests = [
      ...others.map((user) => support(id, user)),
      ...Array.from({ length: 10 }, () => support(id, eager)),
    ]
    const responses = await Promise.all(requests)
    expect(responses.map((res) => res.statusCode)).toEqual(responses.map(() => 200))
    expect(responses.every((res) => res.json().supportedByMe === true)).toBe(true)
    const topic = await topicModel(app.db).findById(id).lean()
    expect(topic?.supportCount).toBe(51)
    expect(await supportModel(app.db).countDocuments({ topicId: id })).toBe(51)
    const again = await support(id, eager)
    expect(again.json()).toMatchObject({ supportCount: 51, supportedByMe: true })
  })

  it('lets a supporter withdraw while the topic is open, and refuses withdrawing twice', async () => {
    const id = await openTopic()
    const fan = await createTestUser(app)
    expect((await support(id, fan)).json()).toEqual({
      supportCount: 1,
      supportedByMe: true,
      state: 'open',
    })
    const withdrawn = await support(id, fan, 'DELETE')
    expect(withdrawn.statusCode).toBe(200)
    expect(withdrawn.json()).toEqual({ supportCount: 0, supportedByMe: false, state: 'open' })
    const twice = await support(id, fan, 'DELETE')
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('NOT_SUPPORTED')
    expect(await supportModel(app.db).countDocuments({ topicId: id })).toBe(0)
    const mine = await app.inject({ method: 'GET', url: '/api/me/supports', headers: fan.headers })
    expect(mine.json().items).toEqual([])
  })

  it('refuses self-support, supports on finished topics and withdrawals once supports are frozen', async () => {
    const id = await openTopic()
    const self = await support(id, world.resident)
    expect(self.statusCode).toBe(409)
    expect(self.json().code).toBe('SELF_SUPPORT')
    const fan = await createTestUser(app)
    await support(id, fan)
    await topicModel(app.db).updateOne({ _id: id }, { $set: { state: 'in_progress' } })
    expect((await support(id, fan, 'DELETE')).json().code).toBe('SUPPORT_CLOSED')
    const late = await support(id, await createTestUser(app))
    expect(late.json().code).toBe('SUPPORT_CLOSED')
    await topicModel(app.db).updateOne({ _id: id }, { $set: { state: 'withdrawn' } })
    expect((await support(id, await createTestUser(app))).json().code).toBe('TOPIC_CLOSED')
    const anonymous = await app.inject({ method: 'PUT', url: `/api/topics/${id}/support` })
    expect(anonymous.statusCode).toBe(401)
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/topics/123/support',
      headers: fan.headers,
    })
    expect(bad.json().code).toBe('VALIDATION_FAILED')
  })

  it('moves a topic to screening when supports reach the room’s threshold, fired by the system', async () => {
    await setSupportThreshold(app, world.room.id, 3)
    try {
      const id = await openTopic()
      const fans = await Promise.all([1, 2, 3, 4].map(() => createTestUser(app)))
      const first = await Promise.all(fans.slice(0, 2).map((fan) => support(id, fan)))
      expect(first.map((res) => res.json().state)).toEqual(['open', 'open'])
      const third = await support(id, fans[2])
      expect(third.json()).toMatchObject({ supportCount: 3, state: 'screening' })
      // Supports still count while the room screens the topic.
      expect((await support(id, fans[3])).json()).toMatchObject({ supportCount: 4 })
      const timeline = await app.inject({ method: 'GET', url: `/api/topics/${id}/timeline` })
      expect(timeline.json()).toEqual([
        expect.objectContaining({
          event: 'threshold_reached',
          label: '附议达到门槛',
          from: 'open',
          to: 'screening',
          actor: null,
        }),
      ])
      const view = await app.inject({
        method: 'GET',
        url: `/api/topics/${id}`,
        headers: fans[0].headers,
      })
      expect(view.json()).toMatchObject({
        supportedByMe: true,
        canSupport: false,
        canWithdrawSupport: true,
      })
    } finally {
      await setSupportThreshold(app, world.room.id, null)
    }
  })

  it('never screens automatically in a room without a threshold', async () => {
    const id = await openTopic()
    const fans = await Promise.all(Array.from({ length: 12 }, () => createTestUser(app)))
    for (const fan of fans) await support(id, fan)
    const topic = await topicModel(app.db).findById(id).lean()
    expect(topic).toMatchObject({ supportCount: 12, state: 'open' })
  })

  it('lists the topics I support, most recent support first', async () => {
    const fan = await createTestUser(app)
    const a = await openTopic()
    const b = await openTopic()
    await support(a, fan)
    await support(b, fan)
    const res = await app.inject({ method: 'GET', url: '/api/me/supports', headers: fan.headers })
    expect(res.json().items.map((t: { id: string }) => t.id)).toEqual([b, a])
    expect((await app.inject({ method: 'GET', url: '/api/me/supports' })).statusCode).toBe(401)
  })
})
