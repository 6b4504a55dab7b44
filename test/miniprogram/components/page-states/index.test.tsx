import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import PageStates from '@/components/page-states'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'

const WORDS = {
  loading: '正在加载任务…',
  loginTitle: '尚未登录',
  loginText: '登录后查看本单位的交办任务',
  login: '去登录',
  failedTitle: '暂时无法加载任务',
  retry: '重试',
  forbiddenTitle: '没有需要办理的任务',
  forbiddenText: '只有职能部门会收到交办任务。',
}

beforeEach(() => {
  resetTaroMock()
})

describe('PageStates', () => {
  it("says it is loading in the page's words", () => {
    render(<PageStates state={{ phase: 'loading' }} words={WORDS} onRetry={jest.fn()} />)
    expect(screen.getByText('正在加载任务…')).toBeTruthy()
  })

  it('asks to log in and opens the login page', () => {
    render(<PageStates state={{ phase: 'anonymous' }} words={WORDS} onRetry={jest.fn()} />)
    expect(screen.getByText('尚未登录')).toBeTruthy()
    expect(screen.getByText('登录后查看本单位的交办任务')).toBeTruthy()
    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('says who may see the page when access is refused', () => {
    render(<PageStates state={{ phase: 'forbidden' }} words={WORDS} onRetry={jest.fn()} />)
    expect(screen.getByText('没有需要办理的任务')).toBeTruthy()
    expect(screen.getByText('只有职能部门会收到交办任务。')).toBeTruthy()
  })

  it('shows the failure with a retry', () => {
    const onRetry = jest.fn()
    render(
      <PageStates
        state={{ phase: 'failed', message: '网络不太好' }}
        words={WORDS}
        onRetry={onRetry}
      />,
    )
    expect(screen.getByText('暂时无法加载任务')).toBeTruthy()
    expect(screen.getByText('网络不太好')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('says what was not found, with the words of a page that never asks to log in', () => {
    const words = { loading: '正在打开…', failedTitle: '打不开', retry: '重试' }
    render(
      <PageStates
        state={{ phase: 'missing' }}
        words={{ ...words, notFoundTitle: '未找到该协商会', notFoundText: '链接可能已失效' }}
        onRetry={jest.fn()}
      />,
    )
    expect(screen.getByText('未找到该协商会')).toBeTruthy()
    expect(screen.getByText('链接可能已失效')).toBeTruthy()
    // A page that can ask to log in must bring the login words.
    // @ts-expect-error loginTitle, loginText and login are missing
    render(<PageStates state={{ phase: 'anonymous' }} words={words} onRetry={jest.fn()} />)
  })
})
