import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'
import { clientFor, wechatErrorOf } from './helpers'

const TEMPLATE = 'tmpl-progress'

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null
}

describe('WeChat client: messages, codes and content checks', () => {
  let fake: FakeWechat
  let openid: string
  beforeAll(async () => {
    fake = await startFakeWechat({
      templates: { [TEMPLATE]: { thing1: 'thing', phrase2: 'phrase', time3: 'time' } },
      riskyWords: ['赌博'],
      reviewWords: ['加微信'],
      pages: ['pages/room/index', 'pages/topic/index'],
    })
    openid = fake.openidFor('resident')
  })
  afterAll(() => fake.close())

  const message = (data: Record<string, string>) => ({
    touser: openid,
    templateId: TEMPLATE,
    page: 'pages/topic/index?id=42',
    data,
  })
  const good = { thing1: '永胜小区充电桩通电', phrase2: '已受理', time3: '2026年11月22日 10:00' }

  it('sends a subscription message, consuming one grant, and the fake records it', async () => {
    fake.grant(openid, TEMPLATE, 1)
    await clientFor(fake).sendSubscribeMessage(message(good))
    expect(fake.grantsLeft(openid, TEMPLATE)).toBe(0)
    expect(fake.sent().at(-1)).toMatchObject({
      touser: openid,
      templateId: TEMPLATE,
      page: 'pages/topic/index?id=42',
      data: good,
      miniprogramState: 'formal',
      lang: 'zh_CN',
    })
  })

  it('reports WECHAT_NO_SUBSCRIPTION when the user has no grant left', async () => {
    const err = await wechatErrorOf(clientFor(fake).sendSubscribeMessage(message(good)))
    expect(err.code).toBe('WECHAT_NO_SUBSCRIPTION')
    expect(err.errcode).toBe(43101)
  })

  it('surfaces WeChat 47003 with the offending field and keeps the grant', async () => {
    fake.grant(openid, TEMPLATE, 1)
    const client = clientFor(fake, { validateTemplateData: false })
    const err = await wechatErrorOf(
      client.sendSubscribeMessage(message({ ...good, phrase2: '正在处理中请稍候' })),
    )
    expect(err.code).toBe('WECHAT_TEMPLATE_DATA_INVALID')
    expect(err.errcode).toBe(47003)
    expect(err.field).toBe('phrase2')
    expect(fake.grantsLeft(openid, TEMPLATE)).toBe(1)
  })

  it('catches invalid template data before calling WeChat', async () => {
    const sentBefore = fake.stats().calls.subscribe_send ?? 0
    const err = await wechatErrorOf(
      clientFor(fake).sendSubscribeMessage(message({ ...good, thing1: '超'.repeat(21) })),
    )
    expect(err.code).toBe('WECHAT_TEMPLATE_DATA_INVALID')
    expect(err.field).toBe('thing1')
    expect(err.errcode).toBeUndefined()
    expect(fake.stats().calls.subscribe_send ?? 0).toBe(sentBefore)
  })

  it('reports an unknown template and an invalid recipient', async () => {
    const client = clientFor(fake)
    const tmpl = await wechatErrorOf(
      client.sendSubscribeMessage({ ...message(good), templateId: 'nope' }),
    )
    expect(tmpl.code).toBe('WECHAT_TEMPLATE_INVALID')
    const user = await wechatErrorOf(client.sendSubscribeMessage({ ...message(good), touser: 'x' }))
    expect(user.code).toBe('WECHAT_OPENID_INVALID')
  })

  it('returns a PNG mini program code that decodes to the scene', async () => {
    const png = await clientFor(fake).getUnlimitedQrCode({
      scene: 'r=Ab3dE9&s=qr',
      page: 'pages/room/index',
      width: 300,
    })
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(decodeQr(png)).toBe('r=Ab3dE9&s=qr')
  })

  it('rejects scenes WeChat would reject before calling it', async () => {
    const client = clientFor(fake)
    const before = fake.stats().calls.getwxacodeunlimit ?? 0
    for (const scene of ['', 'a'.repeat(33), '房间1', 'a%20b']) {
      expect((await wechatErrorOf(client.getUnlimitedQrCode({ scene }))).code).toBe(
        'WECHAT_SCENE_INVALID',
      )
    }
    expect(
      (await wechatErrorOf(client.getUnlimitedQrCode({ scene: 'a', page: '/pages/room/index' })))
        .code,
    ).toBe('WECHAT_PAGE_INVALID')
    expect(fake.stats().calls.getwxacodeunlimit ?? 0).toBe(before)
  })

  it('maps an unpublished page to WECHAT_PAGE_INVALID from WeChat', async () => {
    const err = await wechatErrorOf(
      clientFor(fake).getUnlimitedQrCode({ scene: 'a', page: 'pages/missing/index' }),
    )
    expect(err.code).toBe('WECHAT_PAGE_INVALID')
    expect(err.errcode).toBe(41030)
  })

  it('returns pass, review and risky verdicts from the text check', async () => {
    const client = clientFor(fake)
    const verdict = (content: string) => client.msgSecCheck({ content, openid, scene: 2 })
    await expect(verdict('建议在河边增设公厕')).resolves.toMatchObject({
      suggest: 'pass',
      label: 100,
    })
    await expect(verdict('有事加微信聊')).resolves.toMatchObject({ suggest: 'review' })
    const risky = await verdict('这里有人赌博')
    expect(risky.suggest).toBe('risky')
    expect(risky.traceId).toEqual(expect.any(String))
  })

  it('starts an async image check and returns its trace id', async () => {
    const { traceId } = await clientFor(fake).mediaCheckAsync({
      mediaUrl: 'http://127.0.0.1/uploads/a.png',
      mediaType: 'image',
      openid,
      scene: 3,
    })
    expect(fake.mediaChecks().at(-1)).toMatchObject({ traceId, mediaType: 2, openid, scene: 3 })
  })
})
