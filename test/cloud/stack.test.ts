import { startEmbeddedServer } from '../../cloud/embedded-db/src/index'
import { startStack, type Stack } from '../../cloud/src/stack'

describe('startStack', () => {
  let stack: Stack | null = null
  afterEach(async () => {
    await stack?.close()
    stack = null
  })

  it('listens on a free port with an in-memory embedded DB and closes cleanly', async () => {
    stack = await startStack({
      port: 0,
      dataDir: null,
      h5Dir: null,
      quiet: true,
      env: { NODE_ENV: 'test' },
    })
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(stack.db).toBe('embedded')
    const res = await fetch(`${stack.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'embedded' })

    const url = stack.url
    await stack.close()
    stack = null
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  })

  it('can be closed twice without failing', async () => {
    stack = await startStack({ port: 0, dataDir: null, h5Dir: null, quiet: true })
    await stack.close()
    await expect(stack.close()).resolves.toBeUndefined()
  })

  it('starts the fake WeChat and points the config at it when no credentials are set', async () => {
    stack = await startStack({ port: 0, dataDir: null, h5Dir: null, quiet: true })
    expect(stack.wechat).toBe('fake')
    expect(stack.fakeWechat).toBeDefined()
    expect(stack.config.wechat).toEqual({
      appId: stack.fakeWechat?.appId,
      secret: stack.fakeWechat?.secret,
      apiBase: stack.fakeWechat?.baseUrl,
    })
  })

  it('reports real WeChat when credentials are configured', async () => {
    stack = await startStack({
      port: 0,
      dataDir: null,
      h5Dir: null,
      quiet: true,
      env: { WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 'not-used-in-this-test' },
    })
    expect(stack.wechat).toBe('real')
    expect(stack.config.wechat.apiBase).toBe('https://api.weixin.qq.com')
  })

  it('uses MONGODB_URI as an external database and, in production, no fake WeChat', async () => {
    // Any MongoDB-wire server will do as the "external" database here.
    const mongo = await startEmbeddedServer({ port: 0 })
    try {
      stack = await startStack({
        port: 0,
        dataDir: null,
        h5Dir: null,
        quiet: true,
        env: {
          NODE_ENV: 'production',
          MONGODB_URI: mongo.uri,
          JWT_ACCESS_SECRET: 'a'.repeat(32),
          JWT_REFRESH_SECRET: 'b'.repeat(32),
          HOST: '127.0.0.1',
        },
      })
      expect(stack.db).toBe('external')
      expect(stack.wechat).toBe('none')
      expect(stack.fakeWechat).toBeUndefined()
      expect(stack.config.demoMode).toBe(false)
      const res = await fetch(`${stack.url}/health`)
      expect(await res.json()).toMatchObject({ status: 'ok', db: 'external' })
    } finally {
      await stack?.close()
      stack = null
      await mongo.close()
    }
  })

  it('rejects with the offending variable when the config is invalid', async () => {
    await expect(
      startStack({ port: 0, dataDir: null, h5Dir: null, quiet: true, env: { LOG_LEVEL: 'loud' } }),
    ).rejects.toThrow('LOG_LEVEL')
  })
})
