import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import PageStates from '@/components/page-states'
import { useLoadedPage, type LoadedPageOptions } from '@/hooks/use-loaded-page'
import { ApiError } from '@/services/request'
import { clearSession, saveSession } from '@/services/session'
import { resetTaroMock, triggerPullDownRefresh } from '../../__mocks__/tarojs-taro'

const WORDS = {
  loading: '正在加载…',
  loginTitle: '尚未登录',
  loginText: '登录后查看',
  login: '去登录',
  failedTitle: '暂时无法加载',
  retry: '重试',
  forbiddenTitle: '没有权限',
}

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '陈委员', isStaff: true, grants: [] },
  })
}

/** A page that shows what it loaded for a tab, and a tab switch that reloads with the new tab. */
function Harness({
  load,
  options = {},
}: {
  load: (tab: string) => Promise<string>
  options?: Partial<LoadedPageOptions<string>>
}) {
  const { state, reload } = useLoadedPage(load, { failedText: '加载失败', arg: 'open', ...options })
  return (
    <div>
      {state.phase === 'ready' ? (
        <span>{`内容:${state.data}`}</span>
      ) : (
        <PageStates state={state} words={WORDS} onRetry={() => void reload()} />
      )}
      <button onClick={() => void reload('done')}>切换</button>
    </div>
  )
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

beforeEach(() => {
  resetTaroMock()
})

describe('useLoadedPage', () => {
  it('asks to log in without loading when nobody is logged in', async () => {
    const load = jest.fn(async () => 'x')
    render(<Harness load={load} />)
    fireEvent.click(await screen.findByText('去登录'))
    expect(screen.getByText('尚未登录')).toBeTruthy()
    expect(load).not.toHaveBeenCalled()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('shows what was loaded for the current tab, and reloads on pull-down then stops the spinner', async () => {
    logIn()
    const load = jest.fn(async (tab: string) => tab)
    render(<Harness load={load} />)
    expect(await screen.findByText('内容:open')).toBeTruthy()
    await act(async () => triggerPullDownRefresh())
    expect(load).toHaveBeenLastCalledWith('open')
    expect(load).toHaveBeenCalledTimes(2)
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  })

  it('loads with the argument given to reload', async () => {
    logIn()
    const load = jest.fn(async (tab: string) => tab)
    render(<Harness load={load} />)
    await screen.findByText('内容:open')
    fireEvent.click(screen.getByText('切换'))
    expect(await screen.findByText('内容:done')).toBeTruthy()
  })

  it('drops an answer that arrives after a newer load started', async () => {
    logIn()
    const slow = deferred<string>()
    const load = jest.fn((tab: string) => (tab === 'open' ? slow.promise : Promise.resolve(tab)))
    render(<Harness load={load} />)
    fireEvent.click(screen.getByText('切换'))
    expect(await screen.findByText('内容:done')).toBeTruthy()
    await act(async () => slow.resolve('stale'))
    expect(screen.queryByText('内容:stale')).toBeNull()
    expect(screen.getByText('内容:done')).toBeTruthy()
  })

  it("shows the service's message with a retry that loads again", async () => {
    logIn()
    const load = jest
      .fn<Promise<string>, [string]>()
      .mockRejectedValueOnce(new ApiError('INTERNAL', 500, '服务开小差了'))
      .mockResolvedValueOnce('again')
    render(<Harness load={load} />)
    expect(await screen.findByText('服务开小差了')).toBeTruthy()
    expect(screen.getByText('暂时无法加载')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('内容:again')).toBeTruthy()
  })

  it('falls back to the page text when the error has no message of the service', async () => {
    logIn()
    const load = jest.fn(async (): Promise<string> => {
      throw new Error('boom')
    })
    render(<Harness load={load} />)
    expect(await screen.findByText('加载失败')).toBeTruthy()
  })

  it('says 没有权限 for a FORBIDDEN answer only when the page asks for it', async () => {
    logIn()
    const forbidden = async (): Promise<string> => {
      throw new ApiError('FORBIDDEN', 403, '无权访问')
    }
    const { unmount } = render(<Harness load={forbidden} />)
    expect(await screen.findByText('无权访问')).toBeTruthy()
    unmount()
    render(<Harness load={forbidden} options={{ forbidden: true }} />)
    expect(await screen.findByText('没有权限')).toBeTruthy()
  })

  it('asks to log in when the session ended during a failed load', async () => {
    logIn()
    const expired = async (): Promise<string> => {
      clearSession()
      throw new ApiError('UNAUTHENTICATED', 401, '请重新登录')
    }
    render(<Harness load={expired} />)
    expect(await screen.findByText('去登录')).toBeTruthy()
    expect(screen.queryByText('请重新登录')).toBeNull()
  })

  it('shows the loading state again on every load when asked to', async () => {
    logIn()
    const next = deferred<string>()
    const load = jest.fn((tab: string) => (tab === 'open' ? Promise.resolve(tab) : next.promise))
    render(<Harness load={load} options={{ loadingOnReload: true }} />)
    await screen.findByText('内容:open')
    fireEvent.click(screen.getByText('切换'))
    expect(screen.getByText('正在加载…')).toBeTruthy()
    await act(async () => next.resolve('done'))
    expect(screen.getByText('内容:done')).toBeTruthy()
  })
})
