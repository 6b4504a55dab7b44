import Taro from '@tarojs/taro'
import { forgetDemoWechat } from '@/services/demo-wechat'
import { saveSession } from '@/services/session'
import {
  askToSubscribe,
  forgetSubscribeTemplates,
  prefetchSubscribeTemplates,
} from '@/services/subscribe'
import { resetTaroMock } from '../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../support/requests'

const TEMPLATES = {
  moments: {
    after_raise: ['fake-tmpl-topic-progress', 'fake-tmpl-reply'],
    after_support: ['fake-tmpl-topic-progress', 'fake-tmpl-reply'],
    meeting_accept: ['fake-tmpl-meeting', 'fake-tmpl-topic-progress'],
    dept_tasks: [],
  },
}

const DEMO = {
  fake: true,
  templates: [
    { key: 'topic_progress', templateId: 'fake-tmpl-topic-progress', title: '议题进展提醒' },
    { key: 'reply', templateId: 'fake-tmpl-reply', title: '回复通知' },
    { key: 'meeting', templateId: 'fake-tmpl-meeting', title: '协商会议通知' },
  ],
}

const sent = (calls: RecordedCall[]) => calls.map((call) => `${call.method} ${call.url}`)

beforeEach(() => {
  resetTaroMock()
  forgetSubscribeTemplates()
  forgetDemoWechat()
  delete process.env.TARO_ENV
  saveSession({
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] },
  })
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('askToSubscribe in the mini program', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  it("asks WeChat for the moment's templates and records every answer", async () => {
    const calls = fakeService({
      'GET /api/notifications/templates': () => ok(TEMPLATES),
      'POST /api/me/subscriptions': () => ok({}),
    })
    jest.mocked(Taro.requestSubscribeMessage).mockResolvedValue({
      errMsg: 'requestSubscribeMessage:ok',
      'fake-tmpl-meeting': 'accept',
      'fake-tmpl-topic-progress': 'reject',
    } as never)
    await expect(askToSubscribe('meeting_accept')).resolves.toEqual(['fake-tmpl-meeting'])
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({
      tmplIds: ['fake-tmpl-meeting', 'fake-tmpl-topic-progress'],
    })
    expect(calls.find((call) => call.method === 'POST')?.data).toEqual({
      results: { 'fake-tmpl-meeting': 'accept', 'fake-tmpl-topic-progress': 'reject' },
    })
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(sent(calls)).not.toContain('GET /api/demo/wechat')
  })

  it('uses template ids fetched ahead instead of asking the service on the tap', async () => {
    const calls = fakeService({ 'GET /api/notifications/templates': () => ok(TEMPLATES) })
    await prefetchSubscribeTemplates()
    jest.mocked(Taro.requestSubscribeMessage).mockResolvedValue({} as never)
    await askToSubscribe('after_raise')
    await askToSubscribe('after_support')
    expect(sent(calls)).toEqual(['GET /api/notifications/templates'])
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledTimes(2)
  })

  it('never throws: a refused popup or a failing service gives no ids', async () => {
    fakeService({ 'GET /api/notifications/templates': () => failure(500, 'INTERNAL') })
    await expect(askToSubscribe('after_raise')).resolves.toEqual([])
    fakeService({ 'GET /api/notifications/templates': () => ok(TEMPLATES) })
    await expect(askToSubscribe('after_raise')).resolves.toEqual([])
    await expect(askToSubscribe('dept_tasks')).resolves.toEqual([])
  })
})

describe('askToSubscribe on H5', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'h5'
  })

  it("imitates WeChat's popup in the demo and, on 允许, grants through the fake WeChat", async () => {
    const calls = fakeService({
      'GET /api/notifications/templates': () => ok(TEMPLATES),
      'GET /api/demo/wechat': () => ok(DEMO),
      'POST /api/demo/wechat/subscribe': () => ok({}),
    })
    await expect(askToSubscribe('after_raise')).resolves.toEqual([
      'fake-tmpl-topic-progress',
      'fake-tmpl-reply',
    ])
    expect(Taro.showModal).toHaveBeenCalledWith(
      expect.objectContaining({
        content: '「商量」想给你发送以下消息：议题进展提醒、回复通知',
        confirmText: '允许',
        cancelText: '取消',
      }),
    )
    const post = calls.find((call) => call.url === '/api/demo/wechat/subscribe')
    expect(post?.data).toEqual({ templateIds: ['fake-tmpl-topic-progress', 'fake-tmpl-reply'] })
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
  })

  it('records 取消 as WeChat would (reject) and grants nothing', async () => {
    jest.mocked(Taro.showModal).mockResolvedValue({ confirm: false, cancel: true } as never)
    const calls = fakeService({
      'GET /api/notifications/templates': () => ok(TEMPLATES),
      'GET /api/demo/wechat': () => ok(DEMO),
      'POST /api/me/subscriptions': () => ok({}),
    })
    await expect(askToSubscribe('meeting_accept')).resolves.toEqual([])
    expect(sent(calls)).not.toContain('POST /api/demo/wechat/subscribe')
    expect(calls.find((call) => call.url === '/api/me/subscriptions')?.data).toEqual({
      results: { 'fake-tmpl-meeting': 'reject', 'fake-tmpl-topic-progress': 'reject' },
    })
  })

  it('keeps the usual path when the service talks to real WeChat (no demo routes)', async () => {
    const calls = fakeService({ 'GET /api/notifications/templates': () => ok(TEMPLATES) })
    await expect(askToSubscribe('after_raise')).resolves.toEqual([])
    expect(sent(calls)).toContain('GET /api/demo/wechat')
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(Taro.requestSubscribeMessage).toHaveBeenCalled()
  })
})
