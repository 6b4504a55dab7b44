import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { withConfig } from '../../../../cloud/src/config'
import { isFakeWechat } from '../../../../cloud/src/modules/demo-wechat/service'
import { build, testConfig } from '../../../helpers/build'
import { createTestUser } from '../../../helpers/identity'

jest.setTimeout(60_000)

const DEMO_CALLS = [
  { method: 'GET', url: '/api/demo/wechat' },
  { method: 'GET', url: '/api/demo/wechat/messages' },
  { method: 'POST', url: '/api/demo/wechat/subscribe' },
] as const

describe('the demo routes', () => {
  let fake: FakeWechat

  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
  })

  afterAll(async () => {
    await fake?.close()
  })

  it('do not exist when the service talks to real WeChat', async () => {
    const app = await build({
      env: {
        WECHAT_APPID: 'wx1234567890abcdef',
        WECHAT_SECRET: 'a-real-app-secret',
        WECHAT_API_BASE: fake.baseUrl,
      },
    })
    const user = await createTestUser(app, { openid: fake.openidFor('alice') })
    for (const call of DEMO_CALLS) {
      const res = await app.inject({
        ...call,
        headers: user.headers,
        payload: call.method === 'POST' ? { templateIds: ['fake-tmpl-reply'] } : undefined,
      })
      expect([call.url, res.statusCode]).toEqual([call.url, 404])
      expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
    }
    expect([...app.routeAccess.keys()].filter((key) => key.includes('/api/demo/'))).toEqual([])
    const doc = (await app.inject({ url: '/docs/json' })).json<{ paths: object }>()
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/api/demo'))).toEqual([])
    expect(fake.grantsLeft(fake.openidFor('alice'), 'fake-tmpl-reply')).toBe(0)
  })

  it('do not exist without any WeChat configured', async () => {
    const app = await build()
    const res = await app.inject({ method: 'GET', url: '/api/demo/wechat' })
    expect(res.statusCode).toBe(404)
  })

  it('exist with the fake WeChat, and are documented', async () => {
    const app = await build({
      env: {
        WECHAT_APPID: fake.appId,
        WECHAT_SECRET: fake.secret,
        WECHAT_API_BASE: fake.baseUrl,
      },
    })
    expect((await app.inject({ method: 'GET', url: '/api/demo/wechat' })).statusCode).toBe(200)
    const doc = (await app.inject({ url: '/docs/json' })).json<{ paths: object }>()
    expect(
      Object.keys(doc.paths)
        .filter((path) => path.startsWith('/api/demo'))
        .sort(),
    ).toEqual(['/api/demo/wechat', '/api/demo/wechat/messages', '/api/demo/wechat/subscribe'])
  })

  it('are never there in production, even with the fake app id', () => {
    const wechat = { appId: fake.appId, secret: fake.secret, apiBase: fake.baseUrl }
    const dev = withConfig(testConfig(), { wechat })
    expect(isFakeWechat(dev)).toBe(true)
    expect(isFakeWechat(withConfig(dev, { nodeEnv: 'production' }))).toBe(false)
    expect(isFakeWechat(withConfig(dev, { wechat: { ...wechat, secret: 'other' } }))).toBe(false)
  })

  it('answer 502 instead of failing when the fake WeChat does not answer', async () => {
    const gone = await startFakeWechat({ port: 0 })
    await gone.close()
    const app = await build({
      env: {
        WECHAT_APPID: gone.appId,
        WECHAT_SECRET: gone.secret,
        WECHAT_API_BASE: gone.baseUrl,
      },
    })
    const user = await createTestUser(app, { openid: gone.openidFor('alice') })
    const res = await app.inject({
      method: 'GET',
      url: '/api/demo/wechat/messages',
      headers: user.headers,
    })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
  })
})
