import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Index from '@/pages/index/index'
import { resetTaroMock, triggerPullDownRefresh } from '../../../__mocks__/tarojs-taro'

const requestMock = jest.mocked(Taro.request)

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
