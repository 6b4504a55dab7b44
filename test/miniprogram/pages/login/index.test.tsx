import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Login from '@/pages/login/index'
import { getCurrentUser, getRefreshToken, getToken } from '@/services/session'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const ACCOUNTS = [
  {
    key: 'resident',
    displayName: '张阿姨',
    role: 'resident',
    roleLabel: '群众',
    description: '长西社区居民：扫议事室二维码提出问题',
    code: 'dev-resident',
  },
  {
    key: 'convener',
    displayName: '王主任',
    role: 'convener',
    roleLabel: '召集人',
    description: '长西社区协商议事室召集人',
    code: 'dev-convener',
  },
]

function session(displayName: string) {
  return ok({
    accessToken: `access-${displayName}`,
    refreshToken: `refresh-${displayName}`,
    expiresIn: 900,
    user: { id: 'u1', displayName, isStaff: false, grants: [] },
  })
}

/** Lets every pending promise (service answers, state updates) finish. */
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

describe('login page on H5 in demo mode', () => {
  it('lists the demo accounts with their roles and descriptions', async () => {
    fakeService({ 'GET /api/auth/demo-accounts': () => ok({ items: ACCOUNTS }) })
    render(<Login />)
    expect(screen.getByText('正在加载演示账号…')).toBeTruthy()

    await screen.findByText('张阿姨')
    expect(screen.getByText('王主任')).toBeTruthy()
    expect(screen.getByText('召集人')).toBeTruthy()
    expect(screen.getByText('长西社区居民：扫议事室二维码提出问题')).toBeTruthy()
    expect(screen.getByText('账号密码登录')).toBeTruthy()
  })

  it('logs in with the picked account’s code, stores the session and goes home', async () => {
    const calls = fakeService({
      'GET /api/auth/demo-accounts': () => ok({ items: ACCOUNTS }),
      'POST /api/auth/wechat': () => session('张阿姨'),
    })
    render(<Login />)
    fireEvent.click(await screen.findByText('张阿姨'))

    await settle()
    const login = calls.find((call) => call.url.endsWith('/api/auth/wechat'))
    expect(login?.data).toEqual({ code: 'dev-resident' })
    expect(login?.header).not.toHaveProperty('Authorization')
    expect(getToken()).toBe('access-张阿姨')
    expect(getRefreshToken()).toBe('refresh-张阿姨')
    expect(getCurrentUser()?.displayName).toBe('张阿姨')
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('goes back to the page that sent the user here when there is one', async () => {
    jest.mocked(Taro.getCurrentPages).mockReturnValue([{ route: 'pages/room/index' }, {}])
    fakeService({
      'GET /api/auth/demo-accounts': () => ok({ items: ACCOUNTS }),
      'POST /api/auth/wechat': () => session('王主任'),
    })
    render(<Login />)
    fireEvent.click(await screen.findByText('王主任'))
    await settle()
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1)
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('shows the Chinese message when the login is refused', async () => {
    fakeService({
      'GET /api/auth/demo-accounts': () => ok({ items: ACCOUNTS }),
      'POST /api/auth/wechat': () => failure(403, 'ACCOUNT_DISABLED', 'account disabled'),
    })
    render(<Login />)
    fireEvent.click(await screen.findByText('张阿姨'))
    await screen.findByText('该账号已停用')
    expect(getToken()).toBeUndefined()
  })

  it('hides the picker outside demo mode and keeps the password form', async () => {
    const calls = fakeService({
      'GET /api/auth/demo-accounts': () => failure(404, 'DEMO_MODE_ONLY', '仅演示模式可用'),
    })
    render(<Login />)
    await settle()
    expect(calls).toHaveLength(1)
    expect(screen.queryByText('选择演示账号')).toBeNull()
    expect(screen.getByText('账号密码登录')).toBeTruthy()
  })

  it('offers a retry when the account list cannot be loaded', async () => {
    let attempts = 0
    fakeService({
      'GET /api/auth/demo-accounts': () => {
        attempts += 1
        return attempts === 1
          ? failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用')
          : ok({ items: ACCOUNTS })
      },
    })
    render(<Login />)
    await screen.findByText('数据库暂时不可用')
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('张阿姨')
  })
})

describe('password login', () => {
  function fill(username: string, password: string) {
    fireEvent.change(screen.getByPlaceholderText('账号'), { target: { value: username } })
    fireEvent.change(screen.getByPlaceholderText('密码'), { target: { value: password } })
    fireEvent.click(screen.getByText('登录'))
  }

  it('asks for both fields before calling the service', async () => {
    const calls = fakeService({ 'GET /api/auth/demo-accounts': () => ok({ items: [] }) })
    render(<Login />)
    fill('convener', '')
    await screen.findByText('请输入账号和密码')
    expect(calls.some((call) => call.url.endsWith('/api/auth/password'))).toBe(false)
  })

  it('logs staff in with username and password', async () => {
    const calls = fakeService({
      'GET /api/auth/demo-accounts': () => ok({ items: [] }),
      'POST /api/auth/password': () => session('王主任'),
    })
    render(<Login />)
    fill(' convener ', 'shangliang')
    await settle()
    const login = calls.find((call) => call.url.endsWith('/api/auth/password'))
    expect(login?.data).toEqual({ username: 'convener', password: 'shangliang' })
    expect(getCurrentUser()?.displayName).toBe('王主任')
  })

  it('says so when the password is wrong', async () => {
    fakeService({
      'GET /api/auth/demo-accounts': () => ok({ items: [] }),
      'POST /api/auth/password': () => failure(401, 'BAD_CREDENTIALS', '用户名或密码错误'),
    })
    render(<Login />)
    fill('convener', 'wrong')
    await screen.findByText('用户名或密码错误')
  })
})

describe('login page in the mini program', () => {
  it('logs in with the code from wx.login on 微信一键登录', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.login).mockResolvedValue({ code: 'wx-code-1', errMsg: 'login:ok' })
    const calls = fakeService({ 'POST /api/auth/wechat': () => session('微信用户') })
    render(<Login />)
    expect(screen.queryByText('选择演示账号')).toBeNull()

    fireEvent.click(screen.getByText('微信一键登录'))
    await settle()
    expect(calls.map((call) => call.data)).toEqual([{ code: 'wx-code-1' }])
    expect(getCurrentUser()?.displayName).toBe('微信用户')
  })

  it('explains when wx.login fails', async () => {
    process.env.TARO_ENV = 'weapp'
    const calls = fakeService({})
    render(<Login />)
    fireEvent.click(screen.getByText('微信一键登录'))
    await screen.findByText('微信登录没有成功，请重试')
    expect(calls).toHaveLength(0)
  })
})

describe('login page opened because the session ended', () => {
  it('says why in Chinese', async () => {
    setRouterParams({ reason: 'REFRESH_TOKEN_REUSED' })
    fakeService({ 'GET /api/auth/demo-accounts': () => ok({ items: ACCOUNTS }) })
    render(<Login />)
    expect(screen.getByText('检测到登录凭证被重复使用，已强制下线，请重新登录')).toBeTruthy()
    await screen.findByText('张阿姨')
  })
})
