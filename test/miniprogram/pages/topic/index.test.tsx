import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TopicPage from '@/pages/topic/index'
import {
  resetTaroMock,
  setRouterParams,
  triggerPullDownRefresh,
} from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'
import { CONVENER, loginAs, RESIDENT, TOPIC_ID, topicRoutes, topicView } from './fixtures'

const TOPIC = `GET /api/topics/${TOPIC_ID}`

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ id: TOPIC_ID })
})

describe('topic page', () => {
  it('shows the topic after loading: what, where, who, the photos and the timeline', async () => {
    const calls = fakeService(topicRoutes(topicView()))
    render(<TopicPage />)
    expect(screen.getByText('正在打开议题…')).toBeTruthy()

    await screen.findByText('永胜小区充电桩一年没通电')
    expect(screen.getByText('征集附议')).toBeTruthy()
    expect(screen.getByText('市政设施')).toBeTruthy()
    expect(screen.getByText('提出人').nextSibling?.textContent).toBe('张阿姨')
    expect(screen.getByText('来源').nextSibling?.textContent).toBe('群众出题')
    expect(screen.getByText('议事室').nextSibling?.textContent).toBe('永胜社区协商议事室')
    expect(screen.getByText('地点').nextSibling?.textContent).toBe('永胜小区 3 号楼北侧')
    expect(screen.getByText(/一年多了一直没通电/)).toBeTruthy()
    expect(screen.getByText('12 人附议')).toBeTruthy()
    await screen.findByText('已联系供电公司了解开户情况')
    expect(calls.every((call) => call.method === 'GET')).toBe(true)
  })

  it('opens a photo in the viewer with the others to swipe through', async () => {
    fakeService(topicRoutes(topicView()))
    const { container } = render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    const photos = container.querySelectorAll('.topic__topic-photos .topic__photo')
    expect(photos).toHaveLength(2)
    fireEvent.click(photos[1])
    expect(Taro.previewImage).toHaveBeenCalledWith({
      current: '/api/uploads/photos/p2.jpg',
      urls: ['/api/uploads/photos/p1.jpg', '/api/uploads/photos/p2.jpg'],
    })
  })

  it('calls an anonymous author 匿名', async () => {
    fakeService(topicRoutes(topicView({ anonymous: true, author: { displayName: '匿名居民' } })))
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    expect(screen.getByText('提出人').nextSibling?.textContent).toBe('匿名')
  })

  it('says clearly when the topic does not exist', async () => {
    fakeService({ [TOPIC]: () => failure(404, 'NOT_FOUND', '找不到该议题') })
    render(<TopicPage />)
    await screen.findByText('未找到该议题')
    fireEvent.click(screen.getByText('返回首页'))
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('treats a malformed id as not found and a missing one without calling the service', async () => {
    setRouterParams({ id: 'abc' })
    fakeService({ 'GET /api/topics/abc': () => failure(400, 'VALIDATION_FAILED', 'bad id') })
    const { unmount } = render(<TopicPage />)
    await screen.findByText('未找到该议题')
    unmount()

    setRouterParams({})
    const calls = fakeService({})
    render(<TopicPage />)
    await screen.findByText('链接中没有议题编号，请从议事室或消息中重新打开。')
    expect(calls).toHaveLength(0)
  })

  it('offers a retry when loading fails, and shows the topic once it works', async () => {
    let fail = true
    fakeService(
      topicRoutes(topicView(), {
        [TOPIC]: () =>
          fail ? failure(503, 'DB_UNAVAILABLE', '服务暂时不可用，请稍后重试') : ok(topicView()),
      }),
    )
    render(<TopicPage />)
    await screen.findByText('暂时打不开议题')
    expect(screen.getByText('服务暂时不可用，请稍后重试')).toBeTruthy()
    fail = false
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('永胜小区充电桩一年没通电')
  })

  it('refreshes on pull-down and stops the spinner', async () => {
    const calls = fakeService(topicRoutes(topicView()))
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    const before = calls.filter((call) => call.url.endsWith(TOPIC_ID)).length
    act(() => triggerPullDownRefresh())
    await settle()
    expect(calls.filter((call) => call.url.endsWith(TOPIC_ID)).length).toBe(before + 1)
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('lets a resident support and shows no staff actions', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(
      topicRoutes(topicView({ canSupport: true, supportedByMe: false }), {
        [`PUT /api/topics/${TOPIC_ID}/support`]: () =>
          ok({ supportCount: 13, supportedByMe: true, state: 'open' }),
      }),
    )
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    expect(screen.queryByText('工作人员操作')).toBeNull()
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('13 人附议')
    expect(screen.getByText('已附议 · 撤回附议')).toBeTruthy()
    expect(screen.getByText('接收进展通知')).toBeTruthy()
    expect(calls.filter((call) => call.url.endsWith(TOPIC_ID))).toHaveLength(1)
  })

  it('lets the author withdraw the topic after confirming', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(
      topicRoutes(topicView({ allowedEvents: ['withdraw'] }), {
        [`POST /api/topics/${TOPIC_ID}/withdraw`]: () =>
          ok(topicView({ state: 'withdrawn', stateLabel: '已撤回' })),
      }),
    )
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    fireEvent.click(screen.getByText('撤回议题'))
    await screen.findByText('已撤回')
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回议题' }))
    expect(calls.some((call) => call.method === 'POST' && call.url.endsWith('/withdraw'))).toBe(
      true,
    )
    expect(screen.queryByText('撤回议题')).toBeNull()
    expect(screen.getByText('该议题已不再接受评论')).toBeTruthy()
  })

  it('shows a convener the staff actions the service allows', async () => {
    loginAs(CONVENER)
    fakeService(
      topicRoutes(
        topicView({ state: 'screening', stateLabel: '研判中', allowedEvents: ['reply_answer'] }),
      ),
    )
    render(<TopicPage />)
    await screen.findByText('工作人员操作')
    fireEvent.click(screen.getByText('四步答复'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/staff/reply/index?id=${TOPIC_ID}` })
  })

  it('shows the room’s four-step reply', async () => {
    fakeService(
      topicRoutes(
        topicView({
          state: 'closed_answered',
          stateLabel: '已答复',
          reply: {
            kind: 'answer',
            kindLabel: '直接答复',
            text: '供电公司已受理开户，预计本月底通电。',
            at: '2025-03-10T02:00:00.000Z',
          },
        }),
      ),
    )
    render(<TopicPage />)
    await screen.findByText('议事室答复')
    expect(screen.getByText('直接答复')).toBeTruthy()
    expect(screen.getByText('供电公司已受理开户，预计本月底通电。')).toBeTruthy()
  })
})
