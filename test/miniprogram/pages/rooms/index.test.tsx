import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Rooms from '@/pages/rooms/index'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
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
})
