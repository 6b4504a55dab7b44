import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MePage from '@/pages/me/index'
import { getRefreshToken, saveSession, type Me } from '@/services/session'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const CONVENER: Me = {
  id: 'u3',
  displayName: '王主任',
  realName: '王秀梅',
  isStaff: true,
  grants: [{ id: 'g1', role: 'convener', roomId: 'r1', roomName: '长西社区协商议事室' }],
}

function loginAs(user: Me): void {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('me page', () => {
  it('asks to log in when nobody is logged in', async () => {
    const calls = fakeService({})
    render(<MePage />)
    await screen.findByText('尚未登录')
    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(calls).toHaveLength(0)
  })

  it('shows who I am and my roles in Chinese, fresh from the service', async () => {
    loginAs({ ...CONVENER, displayName: '旧名字' })
    fakeService({ 'GET /api/me': () => ok(CONVENER) })
    render(<MePage />)
    await screen.findByText('王主任')
    expect(screen.getByText('姓名：王秀梅')).toBeTruthy()
    expect(screen.getByText('召集人 · 长西社区协商议事室')).toBeTruthy()
    expect(screen.getByText('未绑定')).toBeTruthy()
  })

  it('calls a user without grants 群众', async () => {
    loginAs({ id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] })
    fakeService({
      'GET /api/me': () => ok({ id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] }),
    })
    render(<MePage />)
    await settle()
    expect(screen.getByText('群众')).toBeTruthy()
  })

  it('explains on H5 that phone binding happens in the mini program', async () => {
    loginAs(CONVENER)
    fakeService({ 'GET /api/me': () => ok(CONVENER) })
    render(<MePage />)
    await screen.findByText(/绑定手机号需在微信小程序中进行/)
    expect(screen.queryByText('绑定手机号')).toBeNull()
  })

  it('offers the getPhoneNumber button in the mini program', async () => {
    process.env.TARO_ENV = 'weapp'
    loginAs(CONVENER)
    fakeService({ 'GET /api/me': () => ok(CONVENER) })
    render(<MePage />)
    await screen.findByText('绑定手机号')
  })

  it('logs out on the service, forgets the session and goes home', async () => {
    loginAs(CONVENER)
    const calls = fakeService({
      'GET /api/me': () => ok(CONVENER),
      'POST /api/auth/logout': () => ok(null, 204),
    })
    render(<MePage />)
    fireEvent.click(await screen.findByText('退出登录'))
    await settle()
    expect(calls.map((call) => `${call.method} ${call.url}`)).toContain('POST /api/auth/logout')
    expect(getRefreshToken()).toBeUndefined()
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('shows the error with a retry when the service fails', async () => {
    loginAs(CONVENER)
    let attempts = 0
    fakeService({
      'GET /api/me': () => {
        attempts += 1
        return attempts === 1
          ? failure(500, 'INTERNAL', '服务器开小差了，请稍后再试')
          : ok(CONVENER)
      },
    })
    render(<MePage />)
    await screen.findByText('服务器开小差了，请稍后再试')
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('召集人 · 长西社区协商议事室')
  })

  it('leads to my topics, my supports, the notification centre and settings', async () => {
    loginAs({ id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] })
    fakeService({
      'GET /api/me': () => ok({ id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] }),
      'GET /api/me/notifications/unread-count': () => ok({ count: 0 }),
    })
    render(<MePage />)
    await screen.findByText('张阿姨')
    const places: Array<[string, string]> = [
      ['我的议题', '/pages/my-topics/index'],
      ['我的附议', '/pages/my-supports/index'],
      ['通知中心', '/pages/notifications/index'],
      ['设置', '/pages/settings/index'],
    ]
    for (const [label, url] of places) {
      fireEvent.click(screen.getByText(label))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    expect(screen.queryByText('工作台')).toBeNull()
    expect(screen.queryByText(/条未读/)).toBeNull()
  })

  it('shows how many notifications are unread', async () => {
    loginAs(CONVENER)
    const calls = fakeService({
      'GET /api/me': () => ok(CONVENER),
      'GET /api/me/notifications/unread-count': () => ok({ count: 3 }),
    })
    render(<MePage />)
    await screen.findByText('3 条未读')
    expect(calls.map((call) => `${call.method} ${call.url}`)).toContain(
      'GET /api/me/notifications/unread-count',
    )
  })

  it('offers the workbench to staff only', async () => {
    loginAs(CONVENER)
    fakeService({ 'GET /api/me': () => ok(CONVENER) })
    render(<MePage />)
    fireEvent.click(await screen.findByText('工作台'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/workbench/index' })
  })

  it('still shows the page when the unread count cannot load', async () => {
    loginAs(CONVENER)
    fakeService({
      'GET /api/me': () => ok(CONVENER),
      'GET /api/me/notifications/unread-count': () => failure(500, 'INTERNAL'),
    })
    render(<MePage />)
    await screen.findByText('通知中心')
    await settle()
    expect(screen.queryByText(/条未读/)).toBeNull()
    expect(screen.getByText('王主任')).toBeTruthy()
  })

  it('offers the settings before logging in (large text helps with logging in too)', async () => {
    fakeService({})
    render(<MePage />)
    fireEvent.click(await screen.findByText('设置'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/settings/index' })
    expect(screen.queryByText('我的议题')).toBeNull()
  })
})
