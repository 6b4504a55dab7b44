import { inspect } from 'node:util'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'
import { clientFor, wechatErrorOf } from './helpers'

describe('WeChat client: login and phone number', () => {
  let fake: FakeWechat
  beforeAll(async () => {
    fake = await startFakeWechat({ codeTtlMs: 200, unionid: true })
  })
  afterAll(() => fake.close())

  it('exchanges a fresh login code for the user openid, unionid and a session key', async () => {
    const client = clientFor(fake)
    const login = await client.code2Session(fake.issueLoginCode('alice'))
    expect(login.openid).toBe(fake.openidFor('alice'))
    expect(login.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
    expect(login.unionid).toMatch(/^u/)
    expect(login.sessionKey.reveal()).toMatch(/^[A-Za-z0-9_-]{24}$/)
  })

  it('never serialises or prints the session key', async () => {
    const login = await clientFor(fake).code2Session('dev-bob')
    const secret = login.sessionKey.reveal()
    expect(JSON.stringify(login)).not.toContain(secret)
    expect(`${login.sessionKey}`).not.toContain(secret)
    expect(inspect(login)).not.toContain(secret)
  })

  it('rejects a login code used a second time with WECHAT_CODE_USED', async () => {
    const client = clientFor(fake)
    const code = fake.issueLoginCode('carol')
    await client.code2Session(code)
    const err = await wechatErrorOf(client.code2Session(code))
    expect(err.code).toBe('WECHAT_CODE_USED')
    expect(err.errcode).toBe(40163)
    expect(err.statusCode).toBe(400)
  })

  it('rejects an expired login code with WECHAT_CODE_INVALID', async () => {
    const code = fake.issueLoginCode('dave')
    await new Promise((r) => setTimeout(r, 250))
    const err = await wechatErrorOf(clientFor(fake).code2Session(code))
    expect(err.code).toBe('WECHAT_CODE_INVALID')
    expect(err.errcode).toBe(40029)
  })

  it('rejects a code WeChat never issued', async () => {
    const err = await wechatErrorOf(clientFor(fake).code2Session('not-a-real-code'))
    expect(err.code).toBe('WECHAT_CODE_INVALID')
  })

  it('maps dev-<name> codes to the same openid every time', async () => {
    const client = clientFor(fake)
    const a = await client.code2Session('dev-resident1')
    const b = await client.code2Session('dev-resident1')
    const c = await client.code2Session('dev-resident2')
    expect(a.openid).toBe(b.openid)
    expect(a.openid).toBe(fake.openidFor('resident1'))
    expect(c.openid).not.toBe(a.openid)
  })

  it('reports a wrong AppSecret as a configuration error', async () => {
    const err = await wechatErrorOf(clientFor(fake, { secret: 'wrong' }).code2Session('dev-x'))
    expect(err.code).toBe('WECHAT_CONFIG_INVALID')
    expect(err.errcode).toBe(40125)
  })

  it('gets a phone number from a one-time phone code', async () => {
    const client = clientFor(fake)
    const code = fake.issuePhoneCode('13800138000')
    await expect(client.getPhoneNumber(code)).resolves.toEqual({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
    })
    const err = await wechatErrorOf(client.getPhoneNumber(code))
    expect(err.code).toBe('WECHAT_CODE_INVALID')
  })
})
