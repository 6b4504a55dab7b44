import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Notifications from '@/pages/notifications/index'
import { forgetDemoWechat } from '@/services/demo-wechat'
import type { NotificationView } from '@/services/notifications'
import { saveSession } from '@/services/session'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const FIRST_PAGE = 'GET /api/me/notifications?limit=20'

function notice(id: string, overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id,
    kind: 'topic_status',
    kindLabel: '议题进展',
    title: '议题有新进展',
    body: '你提出的“永胜小区充电桩”已进入协商。',
    link: `pages/topic/index?id=topic-${id}`,
    createdAt: '2026-05-03T06:05:00.000Z',
    read: false,
    ...overrides,
  }
}

function logIn(): void {
  saveSession({
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] },
  })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

const sent = (calls: RecordedCall[]) => calls.map((call) => `${call.method} ${call.url}`)

beforeEach(() => {
  resetTaroMock()
  forgetDemoWechat()
})

describe('notification centre', () => {
  it('lists kind, title, body, time and which are unread', async () => {
    logIn()
    fakeService({
      [FIRST_PAGE]: () =>
        ok({
          items: [
            notice('n1', {
              title: '协商会邀请',
              kind: 'meeting_invitation',
              kindLabel: '协商会邀请',
            }),
            notice('n2', { title: '议题已受理', read: true }),
          ],
          nextCursor: null,
          unreadCount: 1,
        }),
    })
    const { container } = render(<Notifications />)
    await screen.findByText('议题已受理')
    expect(screen.getAllByText('协商会邀请')).toHaveLength(2) // the kind label and the title
    expect(screen.getByText('议题进展')).toBeTruthy()
    expect(screen.getAllByText('你提出的“永胜小区充电桩”已进入协商。')).toHaveLength(2)
    expect(screen.getByText('1 条未读')).toBeTruthy()
    expect(container.querySelectorAll('.notice--unread')).toHaveLength(1)
    expect(container.querySelector('.notice--unread')?.textContent).toContain('未读')
    expect(container.querySelector('.notice__time')?.textContent).toMatch(/\d{2}:\d{2}/)
  })

  it('marks one read on tap and opens its page', async () => {
    logIn()
    const calls = fakeService({
      [FIRST_PAGE]: () => ok({ items: [notice('n1')], nextCursor: null, unreadCount: 1 }),
      'POST /api/me/notifications/n1/read': () => ok({ id: 'n1', read: true }),
    })
    const { container } = render(<Notifications />)
    fireEvent.click(await screen.findByText('议题有新进展'))
    await settle()
    expect(sent(calls)).toContain('POST /api/me/notifications/n1/read')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=topic-n1' })
    expect(container.querySelectorAll('.notice--unread')).toHaveLength(0)
    expect(screen.getByText('0 条未读')).toBeTruthy()
  })

  it('opens a read one without marking it again, and stays put without a link', async () => {
    logIn()
    const calls = fakeService({
      [FIRST_PAGE]: () =>
        ok({
          items: [notice('n1', { read: true, link: undefined, title: '每日汇总' })],
          nextCursor: null,
          unreadCount: 0,
        }),
    })
    render(<Notifications />)
    fireEvent.click(await screen.findByText('每日汇总'))
    await settle()
    expect(sent(calls).filter((call) => call.startsWith('POST'))).toEqual([])
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('marks everything read with 全部已读', async () => {
    logIn()
    const calls = fakeService({
      [FIRST_PAGE]: () =>
        ok({ items: [notice('n1'), notice('n2')], nextCursor: null, unreadCount: 2 }),
      'POST /api/me/notifications/read-all': () => ok({ updated: 2 }),
    })
    const { container } = render(<Notifications />)
    fireEvent.click(await screen.findByText('全部已读'))
    await screen.findByText('0 条未读')
    expect(sent(calls)).toContain('POST /api/me/notifications/read-all')
    expect(container.querySelectorAll('.notice--unread')).toHaveLength(0)
    expect(screen.queryByText('全部已读')).toBeNull()
  })

  it('loads older ones with the cursor', async () => {
    logIn()
    fakeService({
      [FIRST_PAGE]: () =>
        ok({ items: [notice('n1', { title: '较新的通知' })], nextCursor: 'abc', unreadCount: 2 }),
      'GET /api/me/notifications?limit=20&cursor=abc': () =>
        ok({ items: [notice('n2', { title: '较早的通知' })], nextCursor: null, unreadCount: 2 }),
    })
    render(<Notifications />)
    fireEvent.click(await screen.findByText('加载更多'))
    await screen.findByText('较早的通知')
    expect(screen.getByText('较新的通知')).toBeTruthy()
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  it('explains an empty centre and leads to my topics', async () => {
    logIn()
    fakeService({ [FIRST_PAGE]: () => ok({ items: [], nextCursor: null, unreadCount: 0 }) })
    render(<Notifications />)
    await screen.findByText('还没有通知')
    fireEvent.click(screen.getByText('看看我的议题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/my-topics/index' })
  })

  it('shows the error with a retry', async () => {
    logIn()
    let attempts = 0
    fakeService({
      [FIRST_PAGE]: () => {
        attempts += 1
        return attempts === 1
          ? failure(500, 'INTERNAL', '服务器开小差了，请稍后再试')
          : ok({ items: [notice('n1')], nextCursor: null, unreadCount: 1 })
      },
    })
    render(<Notifications />)
    fireEvent.click(await screen.findByText('重试'))
    await screen.findByText('议题有新进展')
  })

  it('has no WeChat tab when the service talks to real WeChat', async () => {
    logIn()
    const calls = fakeService({
      [FIRST_PAGE]: () => ok({ items: [notice('n1')], nextCursor: null, unreadCount: 1 }),
    })
    render(<Notifications />)
    await screen.findByText('议题有新进展')
    await settle()
    expect(sent(calls)).toContain('GET /api/demo/wechat')
    expect(screen.queryByText('微信收到的消息（演示）')).toBeNull()
  })
})

describe('notification centre in the demo (fake WeChat)', () => {
  const DEMO = {
    fake: true,
    templates: [
      { key: 'topic_progress', templateId: 'fake-tmpl-topic-progress', title: '议题进展提醒' },
    ],
  }

  it('shows next to the in-app list what WeChat received for me', async () => {
    logIn()
    const calls = fakeService({
      [FIRST_PAGE]: () => ok({ items: [notice('n1')], nextCursor: null, unreadCount: 1 }),
      'GET /api/demo/wechat': () => ok(DEMO),
      'GET /api/demo/wechat/messages': () =>
        ok({
          wechatLinked: true,
          messages: [
            {
              msgid: 7,
              templateId: 'fake-tmpl-topic-progress',
              templateKey: 'topic_progress',
              title: '议题进展提醒',
              page: 'pages/topic/index?id=t1',
              fields: [
                { key: 'thing1', label: '议题名称', value: '永胜小区充电桩' },
                { key: 'phrase2', label: '当前状态', value: '待开会' },
              ],
              sentAt: '2026-05-03T06:05:00.000Z',
            },
          ],
        }),
    })
    render(<Notifications />)
    await screen.findByText('议题有新进展')
    fireEvent.click(await screen.findByText('微信收到的消息（演示）'))
    await screen.findByText('议题进展提醒')
    expect(screen.getByText('议题名称')).toBeTruthy()
    expect(screen.getByText('永胜小区充电桩')).toBeTruthy()
    expect(screen.getByText('待开会')).toBeTruthy()
    expect(sent(calls)).toContain('GET /api/demo/wechat/messages')
    fireEvent.click(screen.getByText(/进入小程序查看/))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=t1' })

    fireEvent.click(screen.getByText('站内通知'))
    await screen.findByText('议题有新进展')
  })

  it('says when WeChat has nothing yet and leads to the subscriptions', async () => {
    logIn()
    fakeService({
      [FIRST_PAGE]: () => ok({ items: [], nextCursor: null, unreadCount: 0 }),
      'GET /api/demo/wechat': () => ok(DEMO),
      'GET /api/demo/wechat/messages': () => ok({ wechatLinked: true, messages: [] }),
    })
    render(<Notifications />)
    fireEvent.click(await screen.findByText('微信收到的消息（演示）'))
    fireEvent.click(await screen.findByText('去开启订阅'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/settings/index' })
  })

  it('explains that an account without WeChat login gets no WeChat messages', async () => {
    logIn()
    fakeService({
      [FIRST_PAGE]: () => ok({ items: [], nextCursor: null, unreadCount: 0 }),
      'GET /api/demo/wechat': () => ok(DEMO),
      'GET /api/demo/wechat/messages': () => ok({ wechatLinked: false, messages: [] }),
    })
    render(<Notifications />)
    fireEvent.click(await screen.findByText('微信收到的消息（演示）'))
    await screen.findByText('这个账号不是通过微信登录的，收不到微信消息。')
    expect(screen.queryByText('去开启订阅')).toBeNull()
  })
})
