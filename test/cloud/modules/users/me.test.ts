import type { App } from '../../../../cloud/src/app'
import { userModel } from '../../../../cloud/src/modules/users/model'
import { build } from '../../../helpers/build'
import { createTestRoom, createTestUnit, createTestUser } from '../../../helpers/identity'
import { useFakeWechat } from '../auth/fake-wechat-env'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const wechat = useFakeWechat()

async function wechatLogin(app: App, name: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/wechat',
    payload: { code: wechat.fake.issueLoginCode(name) },
  })
  const body = res.json()
  return { id: body.user.id as string, headers: { authorization: `Bearer ${body.accessToken}` } }
}

describe('/api/me', () => {
  let app: App
  beforeAll(async () => {
    app = await build({ env: wechat.env })
  })

  it('shows the user their own profile with their phone unmasked and their grants named', async () => {
    const city = await createTestUnit(app, '淮安市', 'city')
    const room = await createTestRoom(app, '清华园议事室', city)
    const user = await createTestUser(app, {
      displayName: '老周',
      realName: '周建国',
      phone: '13800135678',
      unitId: city.id,
      grants: [{ role: 'convener', roomId: room.id }],
    })
    const res = await app.inject({ method: 'GET', url: '/api/me', headers: user.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      id: user.id,
      displayName: '老周',
      realName: '周建国',
      phone: '13800135678',
      unitId: city.id,
      unitName: '淮安市',
      isStaff: true,
      grants: [
        { id: expect.any(String), role: 'convener', roomId: room.id, roomName: '清华园议事室' },
      ],
    })
  })

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/me' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })

  it('changes the display name, trimmed, refusing a blank or overlong one and ignoring other fields', async () => {
    const user = await createTestUser(app)
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: user.headers,
      payload: { displayName: '  小王  ' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().displayName).toBe('小王')
    for (const displayName of ['   ', '', 'x'.repeat(21)]) {
      const bad = await app.inject({
        method: 'PATCH',
        url: '/api/me',
        headers: user.headers,
        payload: { displayName },
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe('VALIDATION_FAILED')
    }
    const sneaky = await app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: user.headers,
      payload: { phone: '13900000000' },
    })
    // Unknown fields are dropped by the schema: the phone only comes through WeChat.
    expect(sneaky.json().phone).toBeUndefined()
  })

  it('binds the phone number WeChat verified through getuserphonenumber', async () => {
    const user = await wechatLogin(app, 'phone-owner')
    const res = await app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: user.headers,
      payload: { code: wechat.fake.issuePhoneCode('13912345678') },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().phone).toBe('13912345678')
    expect((await userModel(app.db).findById(user.id).lean())?.phone).toBe('13912345678')
  })

  it('answers PHONE_ALREADY_BOUND when the number belongs to another account', async () => {
    const owner = await wechatLogin(app, 'first-holder')
    await app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: owner.headers,
      payload: { code: wechat.fake.issuePhoneCode('13712340000') },
    })
    const other = await wechatLogin(app, 'second-holder')
    const res = await app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: other.headers,
      payload: { code: wechat.fake.issuePhoneCode('13712340000') },
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('PHONE_ALREADY_BOUND')
    // Binding one's own number again is fine.
    const again = await app.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: owner.headers,
      payload: { code: wechat.fake.issuePhoneCode('13712340000') },
    })
    expect(again.statusCode).toBe(200)
  })

  it('answers a WeChat error code for a used phone code, never a 500', async () => {
    const user = await wechatLogin(app, 'code-replayer')
    const code = wechat.fake.issuePhoneCode('13600001111')
    const send = () =>
      app.inject({ method: 'POST', url: '/api/me/phone', headers: user.headers, payload: { code } })
    expect((await send()).statusCode).toBe(200)
    const replay = await send()
    expect(replay.statusCode).toBe(400)
    expect(replay.json().code).toBe('WECHAT_CODE_INVALID')
  })

  it('answers WECHAT_NOT_CONFIGURED when the service has no WeChat credentials', async () => {
    const bare = await build()
    const user = await createTestUser(bare)
    const res = await bare.inject({
      method: 'POST',
      url: '/api/me/phone',
      headers: user.headers,
      payload: { code: 'whatever' },
    })
    expect(res.statusCode).toBe(503)
    expect(res.json().code).toBe('WECHAT_NOT_CONFIGURED')
  })
})
