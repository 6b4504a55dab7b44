import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'

type Json = Record<string, unknown> & { errcode?: number; errmsg?: string }

describe('fake WeChat server: documented contracts over HTTP', () => {
  let fake: FakeWechat
  let now = 1_700_000_000_000
  beforeEach(async () => {
    now = 1_700_000_000_000
    fake = await startFakeWechat({
      now: () => now,
      tokenTtlSec: 7200,
      templates: { t1: { thing1: 'thing', time2: 'time' } },
      rateLimits: { msg_sec_check: { limit: 2, windowMs: 60_000 } },
    })
  })
  afterEach(() => fake.close())

  async function post(path: string, body: unknown): Promise<Json> {
    const res = await fetch(fake.baseUrl + path, { method: 'POST', body: JSON.stringify(body) })
    expect(res.status).toBe(200) // WeChat reports errors in the body, not the status
    return (await res.json()) as Json
  }
  async function get(path: string): Promise<Json> {
    return (await (await fetch(fake.baseUrl + path)).json()) as Json
  }
  const tokenBody = (force = false) => ({
    grant_type: 'client_credential',
    appid: fake.appId,
    secret: fake.secret,
    force_refresh: force,
  })
  const login = (code: string) =>
    get(
      `/sns/jscode2session?appid=${fake.appId}&secret=${fake.secret}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`,
    )

  describe('stable_token', () => {
    it('returns the same token on repeated normal calls', async () => {
      const a = await post('/cgi-bin/stable_token', tokenBody())
      const b = await post('/cgi-bin/stable_token', tokenBody())
      expect(a.access_token).toEqual(expect.any(String))
      expect(b.access_token).toBe(a.access_token)
      expect(a.expires_in).toBe(7200)
    })

    it('renews in the last five minutes while the old token stays valid until it expires', async () => {
      const a = await post('/cgi-bin/stable_token', tokenBody())
      now += 7200_000 - 200_000
      const b = await post('/cgi-bin/stable_token', tokenBody())
      expect(b.access_token).not.toBe(a.access_token)
      expect((await post(`/wxa/msg_sec_check?access_token=${a.access_token}`, {})).errcode).toBe(
        44002,
      )
      now += 200_000
      expect((await post(`/wxa/msg_sec_check?access_token=${a.access_token}`, {})).errcode).toBe(
        42001,
      )
    })

    it('lets force_refresh revoke older tokens, at most once per 30 seconds', async () => {
      const a = await post('/cgi-bin/stable_token', tokenBody())
      const b = await post('/cgi-bin/stable_token', tokenBody(true))
      expect(b.access_token).not.toBe(a.access_token)
      expect((await post(`/wxa/msg_sec_check?access_token=${a.access_token}`, {})).errcode).toBe(
        40001,
      )
      expect((await post('/cgi-bin/stable_token', tokenBody(true))).errcode).toBe(45009)
      now += 30_000
      expect((await post('/cgi-bin/stable_token', tokenBody(true))).errcode).toBe(0)
      expect(fake.stats().forceRefreshes).toBe(2)
    })

    it('checks grant_type, appid and secret', async () => {
      expect(
        (await post('/cgi-bin/stable_token', { ...tokenBody(), grant_type: 'x' })).errcode,
      ).toBe(40002)
      expect(
        (await post('/cgi-bin/stable_token', { ...tokenBody(), appid: 'wxother' })).errcode,
      ).toBe(40013)
      expect((await post('/cgi-bin/stable_token', { ...tokenBody(), secret: 'bad' })).errcode).toBe(
        40125,
      )
    })
  })

  describe('access tokens on other APIs', () => {
    it('answers 41001 without a token, 40001 for an unknown one and 42001 after expiry', async () => {
      expect((await post('/wxa/media_check_async', {})).errcode).toBe(41001)
      expect((await post('/wxa/media_check_async?access_token=nope', {})).errcode).toBe(40001)
      const { access_token } = await post('/cgi-bin/stable_token', tokenBody())
      fake.expireTokens()
      expect((await post(`/wxa/media_check_async?access_token=${access_token}`, {})).errcode).toBe(
        42001,
      )
      const fresh = await post('/cgi-bin/stable_token', tokenBody())
      expect(fresh.access_token).not.toBe(access_token)
    })
  })

  describe('jscode2session', () => {
    it('accepts an issued code once, then answers 40163', async () => {
      const code = fake.issueLoginCode('zhang')
      const first = await login(code)
      expect(first).toMatchObject({ openid: fake.openidFor('zhang'), errcode: 0 })
      expect(first.session_key).toEqual(expect.any(String))
      expect(await login(code)).toMatchObject({ errcode: 40163 })
    })

    it('answers 40029 for a code older than five minutes', async () => {
      const code = fake.issueLoginCode('li')
      now += 5 * 60_000
      expect((await login(code)).errcode).toBe(40029)
    })

    it('issues login codes from the debug route for the demo', async () => {
      const issued = await get('/__fake/login-code?name=wang')
      expect(issued.openid).toBe(fake.openidFor('wang'))
      expect(await login(String(issued.code))).toMatchObject({ openid: fake.openidFor('wang') })
    })

    it('reports missing parameters with their documented codes', async () => {
      expect((await get('/sns/jscode2session?secret=s&js_code=c')).errcode).toBe(41002)
      expect((await get(`/sns/jscode2session?appid=${fake.appId}&js_code=c`)).errcode).toBe(41004)
      expect(
        (await get(`/sns/jscode2session?appid=${fake.appId}&secret=${fake.secret}`)).errcode,
      ).toBe(41008)
    })
  })

  describe('subscribe/send', () => {
    let token: string
    beforeEach(async () => {
      token = String((await post('/cgi-bin/stable_token', tokenBody())).access_token)
    })
    const send = (data: Record<string, unknown>, touser = fake.openidFor('u')) =>
      post(`/cgi-bin/message/subscribe/send?access_token=${token}`, {
        touser,
        template_id: 't1',
        data,
      })

    it('names the invalid field in 47003 the way WeChat does', async () => {
      const res = await send({ thing1: { value: '好' }, time2: { value: '明天下午' } })
      expect(res).toMatchObject({
        errcode: 47003,
        errmsg: expect.stringContaining('data.time2.value invalid'),
      })
      const empty = await send({ time2: { value: '15:01' } })
      expect(empty.errmsg).toContain('data.thing1.value is empty')
    })

    it('consumes grants given through the debug route and lists sent messages', async () => {
      const openid = fake.openidFor('u')
      await post('/__fake/grant', { openid, templateId: 't1', count: 1 })
      const data = { thing1: { value: '会议改期' }, time2: { value: '15:01' } }
      expect(await send(data)).toMatchObject({ errcode: 0, msgid: expect.any(Number) })
      expect((await send(data)).errcode).toBe(43101)
      const none = await get(`/__fake/sent?touser=${fake.openidFor('other')}`)
      expect(none.messages).toEqual([])
      const listed = await get(`/__fake/sent?touser=${openid}`)
      expect(listed.messages).toEqual([
        expect.objectContaining({
          touser: openid,
          templateId: 't1',
          data: { thing1: '会议改期', time2: '15:01' },
        }),
      ])
    })

    it('answers 40003 for a malformed openid and 40037 for an unknown template', async () => {
      expect((await send({}, 'bad')).errcode).toBe(40003)
      const res = await post(`/cgi-bin/message/subscribe/send?access_token=${token}`, {
        touser: fake.openidFor('u'),
        template_id: 'missing',
        data: {},
      })
      expect(res.errcode).toBe(40037)
    })
  })

  describe('content security and codes', () => {
    let token: string
    beforeEach(async () => {
      token = String((await post('/cgi-bin/stable_token', tokenBody())).access_token)
    })

    it('answers v2 checks with result and detail, and v1 risky text with 87014', async () => {
      const v2 = await post(`/wxa/msg_sec_check?access_token=${token}`, {
        version: 2,
        openid: fake.openidFor('u'),
        scene: 3,
        content: '组织赌博',
      })
      expect(v2).toMatchObject({
        errcode: 0,
        result: { suggest: 'risky' },
        trace_id: expect.any(String),
      })
      expect(v2.detail).toEqual(
        expect.arrayContaining([expect.objectContaining({ strategy: 'keyword' })]),
      )
      const v1 = await post(`/wxa/msg_sec_check?access_token=${token}`, { content: '组织赌博' })
      expect(v1.errcode).toBe(87014)
    })

    it('limits calls per minute with 45011 and resets after the window', async () => {
      const body = { version: 2, openid: fake.openidFor('u'), scene: 1, content: '你好' }
      await post(`/wxa/msg_sec_check?access_token=${token}`, body)
      await post(`/wxa/msg_sec_check?access_token=${token}`, body)
      expect((await post(`/wxa/msg_sec_check?access_token=${token}`, body)).errcode).toBe(45011)
      now += 60_000
      expect((await post(`/wxa/msg_sec_check?access_token=${token}`, body)).errcode).toBe(0)
    })

    it('answers 40129 for a bad scene and 40003 for a bad openid', async () => {
      const base = { version: 2, openid: fake.openidFor('u'), scene: 1, content: '你好' }
      expect(
        (
          await post(`/wxa/media_check_async?access_token=${token}`, {
            ...base,
            scene: 9,
            media_type: 2,
            media_url: 'http://x/a.png',
          })
        ).errcode,
      ).toBe(40129)
      expect(
        (
          await post(`/wxa/media_check_async?access_token=${token}`, {
            ...base,
            openid: 'x',
            media_type: 2,
            media_url: 'http://x/a.png',
          })
        ).errcode,
      ).toBe(40003)
    })

    it('draws a transparent code in the requested colour and rejects bad scenes with WeChat codes', async () => {
      const res = await fetch(`${fake.baseUrl}/wxa/getwxacodeunlimit?access_token=${token}`, {
        method: 'POST',
        body: JSON.stringify({
          scene: 'id=42',
          is_hyaline: true,
          line_color: { r: 200, g: 0, b: 0 },
        }),
      })
      expect(res.headers.get('content-type')).toBe('image/png')
      const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()))
      expect(png.data[3]).toBe(0) // top-left corner is transparent background
      // jsQR needs an opaque image: paint the transparent background white first.
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3] === 0) png.data.fill(255, i, i + 4)
      }
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe('id=42')
      const tooLong = await post(`/wxa/getwxacodeunlimit?access_token=${token}`, {
        scene: 'x'.repeat(33),
      })
      expect(tooLong.errcode).toBe(40169)
      const chinese = await post(`/wxa/getwxacodeunlimit?access_token=${token}`, {
        scene: '议事室',
      })
      expect(chinese.errcode).toBe(40129)
    })
  })

  it('opens the debug routes to browsers and validates grant counts', async () => {
    const preflight = await fetch(`${fake.baseUrl}/__fake/grant`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    const bad = await fetch(`${fake.baseUrl}/__fake/grant`, {
      method: 'POST',
      body: JSON.stringify({ openid: fake.openidFor('u'), templateId: 't1', count: 0 }),
    })
    expect(bad.status).toBe(400)
    expect(fake.grantsLeft(fake.openidFor('u'), 't1')).toBe(0)
  })

  it('answers 404 for paths WeChat does not have', async () => {
    const res = await fetch(`${fake.baseUrl}/cgi-bin/unknown`)
    expect(res.status).toBe(404)
  })
})
