import { createServer } from 'node:net'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'
import { clientFor, wechatErrorOf } from './helpers'

const check = { content: '路灯不亮', scene: 2 as const }

describe('WeChat client: timeouts, retries and failures', () => {
  let fake: FakeWechat
  beforeEach(async () => {
    fake = await startFakeWechat({ rateLimits: { jscode2session: { limit: 2 } } })
  })
  afterEach(() => fake.close())

  it('gives up on a hanging WeChat with WECHAT_TIMEOUT and does not retry it', async () => {
    const client = clientFor(fake, { timeoutMs: 150 })
    fake.failNext('jscode2session', { hang: true })
    const started = Date.now()
    const err = await wechatErrorOf(client.code2Session('dev-a'))
    expect(err.code).toBe('WECHAT_TIMEOUT')
    expect(err.statusCode).toBe(504)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(fake.stats().calls.jscode2session).toBe(1)
  })

  it('retries system-busy answers and then succeeds', async () => {
    const client = clientFor(fake, { retries: 2 })
    fake.failNext('msg_sec_check', { errcode: -1, times: 2 })
    await expect(
      client.msgSecCheck({ ...check, openid: fake.openidFor('a') }),
    ).resolves.toMatchObject({
      suggest: 'pass',
    })
    expect(fake.stats().calls.msg_sec_check).toBe(3)
  })

  it('reports WECHAT_BUSY when WeChat stays busy beyond the retries', async () => {
    const client = clientFor(fake, { retries: 1 })
    fake.failNext('jscode2session', { errcode: -1, times: 5 })
    const err = await wechatErrorOf(client.code2Session('dev-a'))
    expect(err.code).toBe('WECHAT_BUSY')
    expect(fake.stats().calls.jscode2session).toBe(2)
  })

  it('does not retry business errors such as a rate limit', async () => {
    const client = clientFor(fake)
    await client.code2Session('dev-a')
    await client.code2Session('dev-a')
    const err = await wechatErrorOf(client.code2Session('dev-a'))
    expect(err.code).toBe('WECHAT_RATE_LIMITED')
    expect(err.errcode).toBe(45011)
    expect(err.statusCode).toBe(429)
    expect(fake.stats().calls.jscode2session).toBe(3)
  })

  it('retries a refused connection a bounded number of times, then reports WECHAT_UNAVAILABLE', async () => {
    // Reserve a free port, then close it so nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port
        srv.close(() => resolve(p))
      })
    })
    let attempts = 0
    const client = clientFor(fake, {
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 2,
      fetch: (url, init) => {
        attempts++
        return fetch(url, init)
      },
    })
    const err = await wechatErrorOf(client.code2Session('dev-a'))
    expect(err.code).toBe('WECHAT_UNAVAILABLE')
    expect(attempts).toBe(3)
  })

  it('keeps a path prefix in the base URL, as behind an egress proxy', async () => {
    const urls: string[] = []
    const client = clientFor(fake, {
      baseUrl: `${fake.baseUrl}/proxy/`,
      retries: 0,
      fetch: (url, init) => {
        urls.push(url)
        return fetch(url.replace('/proxy', ''), init)
      },
    })
    await client.code2Session('dev-a')
    expect(urls[0]).toMatch(/\/proxy\/sns\/jscode2session\?appid=/)
  })

  it('waits for a slow but answering WeChat within the timeout', async () => {
    const client = clientFor(fake, { timeoutMs: 1000 })
    fake.failNext('jscode2session', { delayMs: 100 })
    await expect(client.code2Session('dev-a')).resolves.toMatchObject({
      openid: fake.openidFor('a'),
    })
  })
})
