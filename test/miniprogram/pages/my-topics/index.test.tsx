import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MyTopics from '@/pages/my-topics/index'
import { saveSession } from '@/services/session'
import type { TopicSummary } from '@/services/topic-summary'
import { resetTaroMock, triggerPullDownRefresh } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

function topic(id: string, title: string): TopicSummary {
  return {
    id,
    roomId: 'r1',
    title,
    category: 'municipal',
    categoryLabel: '市政设施',
    source: 'resident',
    sourceLabel: '群众出题',
    state: 'open',
    stateLabel: '征集附议',
    anonymous: false,
    author: { displayName: '张阿姨' },
    supportCount: 12,
    commentCount: 3,
    createdAt: '2026-05-03T06:05:00.000Z',
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

beforeEach(() => {
  resetTaroMock()
})

describe('my topics', () => {
  it('lists the topics I raised with the topic card, and opens one on tap', async () => {
    logIn()
    const calls = fakeService({
      'GET /api/me/topics?limit=20': () =>
        ok({ items: [topic('t1', '永胜小区充电桩一直不通电')], nextCursor: null }),
    })
    render(<MyTopics />)
    fireEvent.click(await screen.findByText('永胜小区充电桩一直不通电'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=t1' })
    expect(screen.getByText('征集附议')).toBeTruthy()
    expect(screen.getByText('没有更多了')).toBeTruthy()
    expect(calls.map((call) => call.url)).toEqual(['/api/me/topics?limit=20'])
  })

  it('loads the next page with the cursor and appends it', async () => {
    logIn()
    const calls = fakeService({
      'GET /api/me/topics?limit=20': () =>
        ok({ items: [topic('t1', '东门绿化带挡路')], nextCursor: 'c/1' }),
      'GET /api/me/topics?limit=20&cursor=c%2F1': () =>
        ok({ items: [topic('t2', '运河边没有公厕')], nextCursor: null }),
    })
    render(<MyTopics />)
    fireEvent.click(await screen.findByText('加载更多'))
    await screen.findByText('运河边没有公厕')
    expect(screen.getByText('东门绿化带挡路')).toBeTruthy()
    expect(screen.queryByText('加载更多')).toBeNull()
    expect(calls.map((call) => call.url)).toContain('/api/me/topics?limit=20&cursor=c%2F1')
  })

  it('says so plainly when there are none, and leads to the rooms', async () => {
    logIn()
    fakeService({ 'GET /api/me/topics?limit=20': () => ok({ items: [], nextCursor: null }) })
    render(<MyTopics />)
    await screen.findByText('还没有提出过议题')
    fireEvent.click(screen.getByText('找议事室提问题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
  })

  it('reloads on pull-down and stops the spinner', async () => {
    logIn()
    let round = 0
    fakeService({
      'GET /api/me/topics?limit=20': () => {
        round += 1
        return ok({ items: [topic(`t${round}`, `第${round}次加载的议题`)], nextCursor: null })
      },
    })
    render(<MyTopics />)
    await screen.findByText('第1次加载的议题')
    await act(async () => {
      triggerPullDownRefresh()
    })
    await screen.findByText('第2次加载的议题')
    await settle()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('shows the error with a retry', async () => {
    logIn()
    let attempts = 0
    fakeService({
      'GET /api/me/topics?limit=20': () => {
        attempts += 1
        return attempts === 1
          ? failure(500, 'INTERNAL', '服务器开小差了，请稍后再试')
          : ok({ items: [topic('t1', '路灯不亮')], nextCursor: null })
      },
    })
    render(<MyTopics />)
    fireEvent.click(await screen.findByText('重试'))
    await screen.findByText('路灯不亮')
    expect(screen.queryByText('服务器开小差了，请稍后再试')).toBeNull()
  })

  it('asks to log in first, without calling the service', async () => {
    const calls = fakeService({})
    render(<MyTopics />)
    fireEvent.click(await screen.findByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(calls).toHaveLength(0)
  })
})
