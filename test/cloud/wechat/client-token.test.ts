import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'
import { MemoryTokenStore } from '../../../cloud/src/wechat/client'
import { clientFor, wechatErrorOf } from './helpers'

const check = { content: '小区东门绿化带开口', scene: 2 as const }

describe('WeChat client: access token handling', () => {
  let fake: FakeWechat
  beforeEach(async () => {
    fake = await startFakeWechat()
  })
  afterEach(() => fake.close())

  const tokenCalls = () => fake.stats().calls.stable_token ?? 0

  it('fetches the token once and reuses it for later calls', async () => {
    const client = clientFor(fake)
    const openid = fake.openidFor('a')
    await client.msgSecCheck({ ...check, openid })
    await client.msgSecCheck({ ...check, openid })
    expect(tokenCalls()).toBe(1)
  })

  it('refreshes once and retries once when WeChat says the token expired', async () => {
    const client = clientFor(fake)
    const openid = fake.openidFor('a')
    const before = await client.getAccessToken()
    fake.expireTokens()
    await expect(client.msgSecCheck({ ...check, openid })).resolves.toMatchObject({
      suggest: 'pass',
    })
    expect(tokenCalls()).toBe(2)
    expect(fake.stats().calls.msg_sec_check).toBe(2)
    expect(fake.stats().forceRefreshes).toBe(0)
    expect(await client.getAccessToken()).not.toBe(before)
  })

  it('recovers from an invalidated token without forcing a refresh', async () => {
    const client = clientFor(fake)
    await client.getAccessToken()
    fake.invalidateTokens()
    await expect(
      client.msgSecCheck({ ...check, openid: fake.openidFor('a') }),
    ).resolves.toMatchObject({
      suggest: 'pass',
    })
    expect(fake.stats().forceRefreshes).toBe(0)
    expect(tokenCalls()).toBe(2)
  })

  it('shares one refresh between many concurrent calls', async () => {
    const client = clientFor(fake)
    const openid = fake.openidFor('a')
    await Promise.all(Array.from({ length: 10 }, () => client.msgSecCheck({ ...check, openid })))
    expect(tokenCalls()).toBe(1)
    fake.expireTokens()
    await Promise.all(Array.from({ length: 10 }, () => client.msgSecCheck({ ...check, openid })))
    expect(tokenCalls()).toBe(2)
  })

  it('lets two instances sharing a store refresh only once', async () => {
    const store = new MemoryTokenStore()
    const a = clientFor(fake, { tokenStore: store, instanceId: 'a' })
    const b = clientFor(fake, { tokenStore: store, instanceId: 'b' })
    const openid = fake.openidFor('a')
    await Promise.all([
      ...Array.from({ length: 5 }, () => a.msgSecCheck({ ...check, openid })),
      ...Array.from({ length: 5 }, () => b.msgSecCheck({ ...check, openid })),
    ])
    expect(tokenCalls()).toBe(1)
    expect(await a.getAccessToken()).toBe(await b.getAccessToken())
  })

  it('does not loop on force refresh when WeChat keeps rejecting every token', async () => {
    const client = clientFor(fake)
    const openid = fake.openidFor('a')
    await client.getAccessToken()
    fake.failNext('msg_sec_check', { errcode: 40001, times: 50 })
    const errors = []
    for (let i = 0; i < 5; i++)
      errors.push(await wechatErrorOf(client.msgSecCheck({ ...check, openid })))
    expect(errors.map((e) => e.code)).toEqual(Array(5).fill('WECHAT_TOKEN_INVALID'))
    // One force refresh at most (WeChat allows one per 30 s); each failing call tried at most twice.
    expect(fake.stats().forceRefreshes).toBe(1)
    expect(fake.stats().calls.msg_sec_check).toBeLessThanOrEqual(10)
    expect(tokenCalls()).toBeLessThanOrEqual(1 + 5 + 1)
  })

  it('refreshes ahead of expiry so callers never hold an expired token', async () => {
    let now = 1_000_000
    const client = clientFor(fake, { now: () => now })
    const first = await client.getAccessToken()
    now += 3600_000
    await client.getAccessToken()
    expect(tokenCalls()).toBe(1)
    now += 3600_000 - 4 * 60_000 // inside the 5-minute refresh window
    // Normal mode: the fake (on its own clock) still hands out the same, still valid token.
    expect(await client.getAccessToken()).toBe(first)
    expect(tokenCalls()).toBe(2)
  })

  it('reports a wrong AppSecret on the token endpoint as a configuration error', async () => {
    const client = clientFor(fake, { secret: 'wrong' })
    const err = await wechatErrorOf(client.msgSecCheck({ ...check, openid: fake.openidFor('a') }))
    expect(err.code).toBe('WECHAT_CONFIG_INVALID')
    expect(err.api).toBe('stable_token')
  })
})
