import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Room from '@/pages/room/index'
import { getRecentRooms } from '@/services/recent-rooms'
import type { RoomPublic } from '@/services/rooms'
import { saveSession } from '@/services/session'
import type { TopicSummary } from '@/services/topic-summary'
import {
  resetTaroMock,
  setRouterParams,
  triggerPullDownRefresh,
} from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ROOM: RoomPublic = {
  id: 'r1',
  name: '长西社区协商议事室',
  scene: 'QJPCX1',
  address: '淮安市清江浦区长西街道长西社区党群服务中心二楼',
  description: '施工噪音、小区停车、加装电梯……',
  supportThreshold: 10,
  unit: { id: 'u4', name: '长西社区', kind: 'village' },
  path: [
    { id: 'u1', name: '淮安市', kind: 'city' },
    { id: 'u2', name: '清江浦区', kind: 'district' },
    { id: 'u3', name: '长西街道', kind: 'town' },
    { id: 'u4', name: '长西社区', kind: 'village' },
  ],
  conveners: [{ id: 'p1', displayName: '王主任' }],
  members: [{ id: 'p2', displayName: '陈委员' }],
  onDutyToday: [{ id: 'p2', displayName: '陈委员' }],
}

function topic(id: string, title: string, extra: Partial<TopicSummary> = {}): TopicSummary {
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
    supportCount: 3,
    commentCount: 1,
    createdAt: '2024-05-01T08:00:00.000Z',
    ...extra,
  }
}

const CHARGERS = topic('t1', '永胜小区充电桩一年没通电', { supportCount: 25 })
const GATE = topic('t2', '清华园小区东门绿化带开口')
const NOISE = topic('t3', '夜间施工噪音扰民', {
  state: 'in_progress',
  stateLabel: '办理中',
})

/** The room by scene, and its topics answered by `topics` (default: one page with CHARGERS). */
function service(
  topics: (call: RecordedCall) => ReturnType<typeof ok> = () =>
    ok({ items: [CHARGERS], nextCursor: null }),
): RecordedCall[] {
  return fakeService({
    'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM),
    'GET /api/rooms/r1/topics*': topics,
  })
}

function topicCalls(calls: RecordedCall[]): string[] {
  return calls
    .filter((call) => call.url.includes('/topics'))
    .map((call) => call.url.replace(/^.*\/api/, '/api'))
}

const UNKNOWN = failure(404, 'ROOM_CODE_UNKNOWN', '未找到该议事室二维码对应的议事室')

beforeEach(() => {
  resetTaroMock()
})

describe('room page', () => {
  it('opens the room from its scene and shows where it is and who runs it', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    const calls = service()
    render(<Room />)
    expect(screen.getByText('正在打开议事室…')).toBeTruthy()

    await screen.findByText('长西社区协商议事室')
    expect(screen.getByText('淮安市 › 清江浦区 › 长西街道 › 长西社区')).toBeTruthy()
    expect(screen.getByText('地址：淮安市清江浦区长西街道长西社区党群服务中心二楼')).toBeTruthy()
    expect(screen.getByText('召集人').nextSibling?.textContent).toBe('王主任')
    expect(screen.getByText('今日值班委员').nextSibling?.textContent).toBe('陈委员')
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '长西社区协商议事室' })
    expect(calls.filter((call) => call.url.includes('/by-scene/'))).toHaveLength(1)
  })

  it('opens the raise page for this room from 提出问题', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    service()
    render(<Room />)
    const raise = (await screen.findByText('提出问题')) as HTMLButtonElement
    expect(raise.disabled).toBe(false)
    fireEvent.click(raise)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/raise/index?roomId=r1' })
  })

  it('disables 提出问题 in an archived room and says why', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    fakeService({
      'GET /api/rooms/by-scene/QJPCX1': () => ok({ ...ROOM, archived: true }),
      'GET /api/rooms/r1/topics*': () => ok({ items: [], nextCursor: null }),
    })
    render(<Room />)
    const raise = (await screen.findByText('提出问题')) as HTMLButtonElement
    expect(raise.disabled).toBe(true)
    expect(screen.getByText('议事室已停用，不能提出新问题')).toBeTruthy()
    expect(screen.getByText('该议事室已停用，暂不受理新问题')).toBeTruthy()
  })

  it('remembers the opened room on the device for the home page', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    service()
    render(<Room />)
    await screen.findByText('长西社区协商议事室')
    expect(getRecentRooms()).toEqual([
      expect.objectContaining({ id: 'r1', name: '长西社区协商议事室', scene: 'QJPCX1' }),
    ])
  })

  it('offers 委员荐题 to a member attached to the room, with the source in the link', async () => {
    saveSession({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: {
        id: 'p2',
        displayName: '陈委员',
        isStaff: true,
        grants: [{ id: 'g1', role: 'member', roomId: 'r1', roomName: ROOM.name }],
      },
    })
    setRouterParams({ scene: 'QJPCX1' })
    service()
    render(<Room />)
    fireEvent.click(await screen.findByText('委员荐题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/pages/raise/index?roomId=r1&source=member_recommended',
    })
    expect(screen.queryByText('代群众反映')).toBeNull()
  })

  it('says when nobody is on duty today', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    fakeService({
      'GET /api/rooms/by-scene/QJPCX1': () => ok({ ...ROOM, onDutyToday: [], conveners: [] }),
      'GET /api/rooms/r1/topics*': () => ok({ items: [], nextCursor: null }),
    })
    render(<Room />)
    await screen.findByText('今日暂无委员值班')
    expect(screen.getByText('暂未设置')).toBeTruthy()
  })

  it('decodes a scene that a QR launch delivers URL-encoded', async () => {
    setRouterParams({ scene: 'QJPCX1%20' })
    const calls = service()
    render(<Room />)
    await screen.findByText('长西社区协商议事室')
    expect(calls[0].url).toMatch(/\/api\/rooms\/by-scene\/QJPCX1$/)
  })

  it('opens a room by id too', async () => {
    setRouterParams({ id: 'r1' })
    fakeService({
      'GET /api/rooms/r1': () => ok(ROOM),
      'GET /api/rooms/r1/topics*': () => ok({ items: [], nextCursor: null }),
    })
    render(<Room />)
    await screen.findByText('长西社区协商议事室')
  })

  it('sends no token, so an old login cannot get in the way of a public room', async () => {
    saveSession({
      accessToken: 'expired',
      refreshToken: 'refresh',
      expiresIn: 900,
      user: { id: 'u', displayName: '张阿姨', isStaff: false, grants: [] },
    })
    setRouterParams({ scene: 'QJPCX1' })
    const calls = service()
    render(<Room />)
    await screen.findByText(CHARGERS.title)
    expect(calls[0].header).not.toHaveProperty('Authorization')
    expect(calls[1].header).not.toHaveProperty('Authorization')
  })

  it('says the room was not found for an unknown code and offers a way home', async () => {
    setRouterParams({ scene: 'NOSUCH1' })
    fakeService({ 'GET /api/rooms/by-scene/NOSUCH1': () => UNKNOWN })
    render(<Room />)
    await screen.findByText('未找到该议事室')
    expect(screen.getByText(/议事室码“NOSUCH1”无效或已停用/)).toBeTruthy()
    fireEvent.click(screen.getByText('返回首页'))
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('does not call the service for a malformed code or a missing one', async () => {
    setRouterParams({ scene: 'x' })
    const calls = fakeService({})
    const { unmount } = render(<Room />)
    await screen.findByText('未找到该议事室')
    unmount()
    setRouterParams({})
    render(<Room />)
    await screen.findByText('链接中没有议事室码，请重新扫描议事室二维码。')
    expect(calls).toHaveLength(0)
  })

  it('offers a retry when the service cannot be reached', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    jest.mocked(Taro.request).mockRejectedValueOnce(new Error('request:fail'))
    render(<Room />)
    await screen.findByText('网络连接失败，请检查网络后重试')
    service()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('长西社区协商议事室')
  })
})

describe('room page: topics', () => {
  beforeEach(() => {
    setRouterParams({ scene: 'QJPCX1' })
  })

  it('lists the hottest topics first, and tapping one opens it', async () => {
    const calls = service()
    render(<Room />)
    fireEvent.click(await screen.findByText('永胜小区充电桩一年没通电'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=t1' })
    expect(screen.getByText('附议 25 · 评论 1')).toBeTruthy()
    expect(topicCalls(calls)).toEqual(['/api/rooms/r1/topics?sort=hot&limit=20'])
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  it('switches to the newest and filters by state with the service’s state values', async () => {
    const calls = service((call) =>
      call.url.includes('state=closed')
        ? ok({ items: [], nextCursor: null })
        : call.url.includes('state=in_progress')
          ? ok({ items: [NOISE], nextCursor: null })
          : call.url.includes('sort=new')
            ? ok({ items: [GATE, CHARGERS], nextCursor: null })
            : ok({ items: [CHARGERS], nextCursor: null }),
    )
    const { container } = render(<Room />)
    await screen.findByText(CHARGERS.title)

    fireEvent.click(screen.getByText('最新'))
    await screen.findByText(GATE.title)
    expect(container.querySelector('.room__tab--active')?.textContent).toBe('最新')

    const inProgress = container.querySelectorAll('.room__filter')[2]
    expect(inProgress.textContent).toBe('办理中')
    fireEvent.click(inProgress)
    await screen.findByText(NOISE.title)
    expect(screen.queryByText(GATE.title)).toBeNull()

    fireEvent.click(container.querySelectorAll('.room__filter')[3])
    await waitFor(() => expect(topicCalls(calls)).toHaveLength(4))
    expect(topicCalls(calls)).toEqual([
      '/api/rooms/r1/topics?sort=hot&limit=20',
      '/api/rooms/r1/topics?sort=new&limit=20',
      '/api/rooms/r1/topics?sort=new&state=in_progress&limit=20',
      '/api/rooms/r1/topics?sort=new&state=closed&limit=20',
    ])
    await screen.findByText('没有“已办结”的议题')
  })

  it('loads the next page with the cursor', async () => {
    const calls = service((call) =>
      call.url.includes('cursor=c1')
        ? ok({ items: [GATE], nextCursor: null })
        : ok({ items: [CHARGERS], nextCursor: 'c1' }),
    )
    render(<Room />)
    fireEvent.click(await screen.findByText('加载更多'))
    await screen.findByText(GATE.title)
    expect(screen.getByText(CHARGERS.title)).toBeTruthy()
    expect(screen.queryByText('加载更多')).toBeNull()
    expect(topicCalls(calls)[1]).toBe('/api/rooms/r1/topics?sort=hot&cursor=c1&limit=20')
  })

  it('invites the first topic when the room has none', async () => {
    service(() => ok({ items: [], nextCursor: null }))
    render(<Room />)
    await screen.findByText('还没有议题')
    expect(screen.getByText('这里还没有人提出问题，来提第一个吧。')).toBeTruthy()
  })

  it('says when topics cannot be loaded and reloads them on request', async () => {
    let fail = true
    service(() =>
      fail
        ? failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用')
        : ok({ items: [CHARGERS], nextCursor: null }),
    )
    render(<Room />)
    await screen.findByText('议题暂时加载不出来')
    expect(screen.getByText('数据库暂时不可用')).toBeTruthy()
    fail = false
    fireEvent.click(screen.getByText('重新加载'))
    await screen.findByText(CHARGERS.title)
  })

  it('refreshes the room and its topics on pull-down and stops the indicator', async () => {
    let round = 0
    const calls = service(() => {
      round += 1
      return ok({ items: [round === 1 ? CHARGERS : GATE], nextCursor: null })
    })
    render(<Room />)
    await screen.findByText(CHARGERS.title)
    await act(async () => triggerPullDownRefresh())
    await screen.findByText(GATE.title)
    expect(screen.getByText('长西社区协商议事室')).toBeTruthy()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1))
    expect(calls.filter((call) => call.url.includes('/by-scene/'))).toHaveLength(2)
  })
})
