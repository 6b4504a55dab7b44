import { userModel } from '../../../../cloud/src/modules/users/model'
import { sessionModel } from '../../../../cloud/src/modules/auth/model'
import { demoOpenid, residentDisplayName } from '../../../../cloud/src/modules/auth/service'
import { build } from '../../../helpers/build'
import { useFakeWechat } from './fake-wechat-env'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const wechat = useFakeWechat()

function login(app: Awaited<ReturnType<typeof build>>, code: unknown) {
  return app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code } })
}

describe('POST /api/auth/wechat', () => {
  it('creates a resident on the first login and signs the same user in again later', async () => {
    const app = await build({ env: wechat.env })
    const first = await login(app, wechat.fake.issueLoginCode('alice'))
    expect(first.statusCode).toBe(200)
    const body = first.json()
    expect(body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[0-9a-f]{24}\.[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
      user: {
        id: expect.any(String),
        displayName: expect.stringMatching(/^居民\d{4}$/),
        isStaff: false,
        grants: [],
      },
    })
    const openid = wechat.fake.openidFor('alice')
    expect(body.user.displayName).toBe(residentDisplayName(openid))

    const again = await login(app, wechat.fake.issueLoginCode('alice'))
    expect(again.statusCode).toBe(200)
    expect(again.json().user.id).toBe(body.user.id)
    expect(await userModel(app.db).countDocuments({ openid })).toBe(1)

    const me = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${again.json().accessToken}` },
    })
    expect(me.json().id).toBe(body.user.id)
  })

  it('never stores or returns the WeChat session_key', async () => {
    const app = await build({ env: wechat.env })
    const res = await login(app, wechat.fake.issueLoginCode('bob'))
    expect(res.body).not.toMatch(/session_?key/i)
    const user = await userModel(app.db)
      .findOne({ openid: wechat.fake.openidFor('bob') })
      .lean()
    expect(JSON.stringify(user)).not.toMatch(/session_?key/i)
    const session = await sessionModel(app.db).findOne({ userId: user?._id }).lean()
    expect(session?.method).toBe('wechat')
    expect(JSON.stringify(session)).not.toContain(res.json().refreshToken)
  })

  it('makes exactly one user when the same person logs in several times at once', async () => {
    const app = await build({ env: wechat.env })
    const codes = Array.from({ length: 6 }, () => wechat.fake.issueLoginCode('carol'))
    const results = await Promise.all(codes.map((code) => login(app, code)))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(results.map((r) => r.json().user.id)).size).toBe(1)
    expect(await userModel(app.db).countDocuments({ openid: wechat.fake.openidFor('carol') })).toBe(
      1,
    )
  })

  it('answers WECHAT_CODE_USED when a login code is replayed', async () => {
    const app = await build({ env: wechat.env })
    const code = wechat.fake.issueLoginCode('dave')
    expect((await login(app, code)).statusCode).toBe(200)
    const replay = await login(app, code)
    expect(replay.statusCode).toBe(400)
    expect(replay.json().code).toBe('WECHAT_CODE_USED')
  })

  it('answers WECHAT_CODE_INVALID for a code WeChat never issued', async () => {
    const app = await build({ env: wechat.env })
    const res = await login(app, 'no-such-code')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('WECHAT_CODE_INVALID')
  })

  it('answers WECHAT_NOT_CONFIGURED when the service has no WeChat credentials', async () => {
    const app = await build()
    const res = await login(app, 'anything')
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('WECHAT_NOT_CONFIGURED')
  })

  it('rejects a missing, empty, overlong or non-text code with VALIDATION_FAILED', async () => {
    const app = await build({ env: wechat.env })
    for (const payload of [{}, { code: '' }, { code: 'x'.repeat(129) }, { code: { a: 1 } }]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/wechat', payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/auth/wechat',
      headers: { 'content-type': 'application/json' },
      payload: '{"code":',
    })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().code).toBe('BAD_JSON')
  })

  it('refuses a disabled account with ACCOUNT_DISABLED', async () => {
    const app = await build({ env: wechat.env })
    await userModel(app.db).create({
      openid: wechat.fake.openidFor('erin'),
      displayName: '停用的人',
      disabled: true,
    })
    const res = await login(app, wechat.fake.issueLoginCode('erin'))
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ACCOUNT_DISABLED')
  })

  it('signs a dev-<key> code into the demo account whose openid the seed set with demoOpenid', async () => {
    const app = await build({ env: { ...wechat.env, DEMO_MODE: 'true' } })
    const seeded = await userModel(app.db).create({
      openid: demoOpenid('convener-li', wechat.fake.appId),
      displayName: '李召集人',
      demoKey: 'convener-li',
    })
    const res = await login(app, 'dev-convener-li')
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ id: String(seeded._id), displayName: '李召集人' })
  })

  it('binds a demo account seeded without an openid to the dev-<key> login in demo mode', async () => {
    const app = await build({ env: { ...wechat.env, DEMO_MODE: 'true' } })
    const seeded = await userModel(app.db).create({ displayName: '王网格员', demoKey: 'grid-wang' })
    const res = await login(app, 'dev-grid-wang')
    expect(res.json().user.id).toBe(String(seeded._id))
    const again = await login(app, 'dev-grid-wang')
    expect(again.json().user.id).toBe(String(seeded._id))
    const stored = await userModel(app.db).findById(seeded._id).lean()
    expect(stored?.openid).toBe(wechat.fake.openidFor('grid-wang'))
  })

  it('does not hand demo accounts to dev-<key> codes outside demo mode', async () => {
    const app = await build({ env: { ...wechat.env, DEMO_MODE: 'false' } })
    const seeded = await userModel(app.db).create({ displayName: '赵委员', demoKey: 'member-zhao' })
    const res = await login(app, 'dev-member-zhao')
    expect(res.statusCode).toBe(200)
    expect(res.json().user.id).not.toBe(String(seeded._id))
  })
})
