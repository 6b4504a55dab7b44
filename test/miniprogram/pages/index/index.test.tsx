import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Index from '@/pages/index/index'
import { saveSession } from '@/services/session'
import { resetTaroMock, triggerPullDownRefresh } from '../../../__mocks__/tarojs-taro'

const requestMock = jest.mocked(Taro.request)

function scanned(result: string, path: string): Taro.scanCode.SuccessCallbackResult {
  return { result, path, charSet: 'utf-8', rawData: '', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }
}

type Reply = { statusCode: number; data: unknown }

function reply(statusCode: number, data: unknown): Reply {
  return { statusCode, data }
}

/** A request the test answers later, to observe the loading state and out-of-order replies. */
function deferredReply() {
  let settle: (value: Reply) => void = () => undefined
  const promise = new Promise<Reply>((resolve) => {
    settle = resolve
  })
  requestMock.mockImplementationOnce(() => promise as unknown as ReturnType<typeof Taro.request>)
  return {
    answer: async (value: Reply) => {
      await act(async () => settle(value))
    },
  }
}

function answerNext(value: Reply): void {
  requestMock.mockImplementationOnce(
    () => Promise.resolve(value) as unknown as ReturnType<typeof Taro.request>,
  )
}

beforeEach(() => {
  resetTaroMock()
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('home page', () => {
  it('shows the product name and tagline in Chinese', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    expect(screen.getByText('商量')).toBeTruthy()
    expect(screen.getByText('有事好商量 · 码上议')).toBeTruthy()
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('shows a loading line until the service answers, then the embedded database', async () => {
    const health = deferredReply()
    render(<Index />)
    expect(screen.getByText('正在连接服务…')).toBeTruthy()

    await health.answer(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))

    expect(screen.getByText('服务正常 · 数据库：内置开发库')).toBeTruthy()
    expect(screen.queryByText('正在连接服务…')).toBeNull()
    expect(requestMock.mock.calls[0][0].url).toMatch(/\/health$/)
  })

  it('names an external database', async () => {
    answerNext(reply(200, { status: 'ok', db: 'external', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务正常 · 数据库：外部数据库')
  })

  it('shows the error with a retry button, and retrying recovers', async () => {
    requestMock.mockImplementationOnce(
      () => Promise.reject(new Error('request:fail')) as ReturnType<typeof Taro.request>,
    )
    render(<Index />)

    await screen.findByText('服务暂不可用：网络连接失败，请检查网络后重试')
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    fireEvent.click(screen.getByText('重试'))

    await screen.findByText('服务正常 · 数据库：内置开发库')
    expect(screen.queryByText('重试')).toBeNull()
    expect(requestMock).toHaveBeenCalledTimes(2)
  })

  it('says the database is unavailable when the service reports itself degraded', async () => {
    answerNext(reply(503, { status: 'degraded', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务暂不可用：数据库暂时不可用')
    expect(screen.getByText('重试')).toBeTruthy()
  })

  it('shows the service version under the status', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('版本 0.1.0')
  })

  it('reloads on pull-down and then stops the refresh indicator', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务正常 · 数据库：内置开发库')

    answerNext(reply(200, { status: 'ok', db: 'external', version: '0.1.0' }))
    await act(async () => triggerPullDownRefresh())

    await screen.findByText('服务正常 · 数据库：外部数据库')
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  })

  it('ignores a slow earlier answer that arrives after a newer one', async () => {
    const first = deferredReply()
    render(<Index />)
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    await act(async () => triggerPullDownRefresh())
    await screen.findByText('服务正常 · 数据库：内置开发库')

    await first.answer(
      reply(503, { statusCode: 503, code: 'DB_UNAVAILABLE', message: '数据库暂时不可用' }),
    )

    expect(screen.getByText('服务正常 · 数据库：内置开发库')).toBeTruthy()
  })
})

describe('home page: login state and entering a room', () => {
  beforeEach(() => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
  })

  it('offers to log in when nobody is logged in', async () => {
    render(<Index />)
    expect(screen.getByText('尚未登录')).toBeTruthy()
    fireEvent.click(screen.getByText('登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('shows who is logged in, with a way to their page', async () => {
    saveSession({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] },
    })
    render(<Index />)
    expect(screen.getByText('已登录：张阿姨')).toBeTruthy()
    fireEvent.click(screen.getByText('我的'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/me/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('opens a room from a typed room code on H5', async () => {
    render(<Index />)
    fireEvent.change(screen.getByPlaceholderText('输入议事室码，如 QJPCX1'), {
      target: { value: ' QJPCX1 ' },
    })
    fireEvent.click(screen.getByText('进入'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=QJPCX1' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('explains a malformed room code instead of opening it', async () => {
    render(<Index />)
    fireEvent.change(screen.getByPlaceholderText('输入议事室码，如 QJPCX1'), {
      target: { value: '12' },
    })
    fireEvent.click(screen.getByText('进入'))
    await screen.findByText('议事室码由 4–16 位字母或数字组成，请检查后重试')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('scans a room code in the mini program and opens the room', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.scanCode).mockResolvedValue(scanned('*', 'pages/room/index?scene=HAQYH1'))
    render(<Index />)
    await act(async () => {
      fireEvent.click(screen.getByText('扫一扫'))
    })
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=HAQYH1' })
  })

  it('says so when the scanned code is not a room code', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.scanCode).mockResolvedValue(scanned('https://example.com/', ''))
    render(<Index />)
    fireEvent.click(screen.getByText('扫一扫'))
    await screen.findByText('这不是议事室二维码，请扫描议事室门口的二维码')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('links to the list of rooms', async () => {
    render(<Index />)
    fireEvent.click(screen.getByText('浏览议事室'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })
})
