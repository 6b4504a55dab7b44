import type { App } from '../../../cloud/src/app'
import { userRateKey } from '../../../cloud/src/plugins/user-rate-key'
import { build } from '../../helpers/build'
import type { TestUser } from '../../helpers/identity'
import { createTestTopic } from '../../helpers/topics'
import { useFakeWechat } from '../modules/auth/fake-wechat-env'
import { topicsFixture, wechatResident, type TopicsFixture } from '../modules/topics/fixture'

jest.setTimeout(60_000)

/**
 * All requests come from the same address (inject's default 127.0.0.1), as a village behind one
 * Wi-Fi would: the limits must still be per person, and switching address must not reset them.
 */
describe('per-user rate limits on raising, supporting and commenting', () => {
  const wechat = useFakeWechat()
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build({ env: wechat.env })
    world = await topicsFixture(app, wechat.fake)
  })

  const openTopic = async () =>
    String(
      (
        await createTestTopic(app, {
          room: world.room,
          unit: world.village,
          authorId: world.resident.id,
        })
      )._id,
    )

  /** Sends `count` requests and returns their status codes. */
  async function statuses(count: number, send: (i: number) => Promise<{ statusCode: number }>) {
    const out: number[] = []
    for (let i = 0; i < count; i += 1) out.push((await send(i)).statusCode)
    return out
  }

  const raise = (user: TestUser, i: number, remoteAddress = '127.0.0.1') =>
    app.inject({
      method: 'POST',
      url: `/api/rooms/${world.room.id}/topics`,
      headers: user.headers,
      remoteAddress,
      payload: {
        title: `小区第${i + 1}号路灯不亮`,
        description: `小区第${i + 1}号路灯坏了好几天，晚上走路看不清，希望尽快修好。`,
        category: 'municipal',
      },
    })

  it('lets a resident raise 10 topics an hour, then answers 429 RATE_LIMITED — even from another address', async () => {
    const eager = await wechatResident(app, wechat.fake, '热心居民')
    expect(await statuses(10, (i) => raise(eager, i))).toEqual(Array(10).fill(201))
    const eleventh = await raise(eager, 10)
    expect(eleventh.statusCode).toBe(429)
    expect(eleventh.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' })
    expect(eleventh.headers['retry-after']).toBeDefined()
    expect((await raise(eager, 11, '10.1.2.3')).json().code).toBe('RATE_LIMITED')
    // A neighbour on the same network is not affected.
    expect((await raise(world.neighbour, 0)).statusCode).toBe(201)
  })

  it('lets a resident support 60 times a minute; a neighbour on the same network still can', async () => {
    const id = await openTopic()
    const fan = await wechatResident(app, wechat.fake, '附议达人')
    const support = (user: TestUser) =>
      app.inject({ method: 'PUT', url: `/api/topics/${id}/support`, headers: user.headers })
    // Supporting is idempotent, but every request counts towards the limit.
    expect(new Set(await statuses(60, () => support(fan)))).toEqual(new Set([200]))
    const refused = await support(fan)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().code).toBe('RATE_LIMITED')
    expect((await support(world.neighbour)).statusCode).toBe(200)
    // Withdrawing has its own budget: the spent support budget does not block it.
    const withdraw = await app.inject({
      method: 'DELETE',
      url: `/api/topics/${id}/support`,
      headers: fan.headers,
    })
    expect(withdraw.statusCode).toBe(200)
  })

  it('lets a resident post 20 comments a minute, then refuses the 21st with 429', async () => {
    const id = await openTopic()
    const talker = await wechatResident(app, wechat.fake, '话痨居民')
    const comment = (user: TestUser, i: number) =>
      app.inject({
        method: 'POST',
        url: `/api/topics/${id}/comments`,
        headers: user.headers,
        payload: { text: `支持尽快解决，这是第${i + 1}条意见。` },
      })
    expect(await statuses(20, (i) => comment(talker, i))).toEqual(Array(20).fill(201))
    const refused = await comment(talker, 20)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().code).toBe('RATE_LIMITED')
    expect((await comment(world.neighbour, 0)).statusCode).toBe(201)
  })

  it('refuses a request without a token with 401 UNAUTHENTICATED, not with a rate-limit answer', async () => {
    const id = await openTopic()
    const anonymous = await app.inject({ method: 'PUT', url: `/api/topics/${id}/support` })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().code).toBe('UNAUTHENTICATED')
  })

  it('keys by the signed-in user, and by the client address only without one', () => {
    const key = userRateKey('raise')
    const signedIn = { auth: { userId: 'u1' }, ip: '10.0.0.1' } as never
    const anonymous = { auth: null, ip: '10.0.0.1' } as never
    expect(key(signedIn)).toBe('raise:user:u1')
    expect(key(anonymous)).toBe('raise:ip:10.0.0.1')
  })
})
