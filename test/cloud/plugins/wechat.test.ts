import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat/index'
import { build } from '../../helpers/build'

describe('app.wechat', () => {
  let fake: FakeWechat
  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
  })
  afterAll(async () => {
    await fake.close()
  })

  it('talks to the WeChat API configured by WECHAT_APPID, WECHAT_SECRET and WECHAT_API_BASE', async () => {
    const app = await build({
      env: { WECHAT_APPID: fake.appId, WECHAT_SECRET: fake.secret, WECHAT_API_BASE: fake.baseUrl },
    })
    expect(app.wechat?.appId).toBe(fake.appId)
    const login = await app.wechat?.code2Session(fake.issueLoginCode('alice'))
    expect(login?.openid).toBe(fake.openidFor('alice'))
  })

  it('is null when no WeChat credentials are configured', async () => {
    const app = await build()
    expect(app.wechat).toBeNull()
  })
})
