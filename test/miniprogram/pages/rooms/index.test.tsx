import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Rooms from '@/pages/rooms/index'
import { rememberRoom } from '@/services/recent-rooms'
import { resetTaroMock, triggerPullDownRefresh } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const unit = { id: 'u4', name: '长西社区', kind: 'village' }
const FIRST = { id: 'r1', name: '长西社区协商议事室', scene: 'QJPCX1', unit }
const SECOND = {
  id: 'r2',
  name: '沿河村地头协商议事室',
  scene: 'HAQYH1',
  unit: { id: 'u9', name: '沿河村', kind: 'village' },
}

beforeEach(() => {
  resetTaroMock()
})

describe('rooms list page', () => {
  it('lists rooms with their unit and code, and opens one on tap', async () => {
    fakeService({ 'GET /api/rooms': () => ok({ items: [FIRST], nextCursor: null }) })
    render(<Rooms />)
    expect(screen.getByText('正在加载议事室…')).toBeTruthy()
    fireEvent.click(await screen.findByText('长西社区协商议事室'))
    expect(screen.getByText('长西社区 · 议事室码 QJPCX1')).toBeTruthy()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=QJPCX1' })
    expect(screen.queryByText('加载更多')).toBeNull()
  })

  it('loads the next page with the cursor', async () => {
    const calls = fakeService({
      'GET /api/rooms': () => ok({ items: [FIRST], nextCursor: 'c1' }),
      'GET /api/rooms?cursor=c1': () => ok({ items: [SECOND], nextCursor: null }),
    })
    render(<Rooms />)
    fireEvent.click(await screen.findByText('加载更多'))
    await screen.findByText('沿河村地头协商议事室')
    expect(screen.getByText('长西社区协商议事室')).toBeTruthy()
    expect(calls).toHaveLength(2)
  })

  it('has an empty state', async () => {
    fakeService({ 'GET /api/rooms': () => ok({ items: [], nextCursor: null }) })
    render(<Rooms />)
    await screen.findByText('还没有议事室')
  })

  it('asks to log in when the list needs a login', async () => {
    fakeService({ 'GET /api/rooms': () => failure(401, 'UNAUTHENTICATED', '请先登录') })
    render(<Rooms />)
    fireEvent.click(await screen.findByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('says when the list cannot be loaded and retries', async () => {
    jest.mocked(Taro.request).mockRejectedValueOnce(new Error('request:fail'))
    render(<Rooms />)
    await screen.findByText('议事室列表暂时加载不出来')
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeTruthy()
    fakeService({ 'GET /api/rooms': () => ok({ items: [FIRST], nextCursor: null }) })
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('长西社区协商议事室')
  })

  it('keeps the list and offers the button again when the next page fails', async () => {
    fakeService({
      'GET /api/rooms': () => ok({ items: [FIRST], nextCursor: 'c1' }),
      'GET /api/rooms?cursor=c1': () => failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用'),
    })
    render(<Rooms />)
    fireEvent.click(await screen.findByText('加载更多'))
    await screen.findByText('数据库暂时不可用')
    expect(screen.getByText('长西社区协商议事室')).toBeTruthy()
    expect(screen.getByText('加载更多')).toBeTruthy()
  })

  it('marks the rooms this device opened before', async () => {
    rememberRoom({
      ...SECOND,
      unit: { id: 'u9', name: '沿河村', kind: 'village' },
      supportThreshold: null,
      path: [],
      conveners: [],
      members: [],
      onDutyToday: [],
    })
    fakeService({ 'GET /api/rooms': () => ok({ items: [FIRST, SECOND], nextCursor: null }) })
    const { container } = render(<Rooms />)
    await screen.findByText('沿河村地头协商议事室')
    const marked = container.querySelectorAll('.rooms__recent')
    expect(marked).toHaveLength(1)
    expect(marked[0].closest('.rooms__item')?.textContent).toContain('沿河村地头协商议事室')
  })

  it('reloads on pull-down and stops the indicator', async () => {
    let items = [FIRST]
    fakeService({ 'GET /api/rooms': () => ok({ items, nextCursor: null }) })
    render(<Rooms />)
    await screen.findByText('长西社区协商议事室')
    items = [FIRST, SECOND]
    await act(async () => triggerPullDownRefresh())
    await screen.findByText('沿河村地头协商议事室')
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1))
  })
})
