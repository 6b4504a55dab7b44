import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Room from '@/pages/room/index'
import type { RoomPublic } from '@/services/rooms'
import { saveSession } from '@/services/session'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

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

const UNKNOWN = failure(404, 'ROOM_CODE_UNKNOWN', '未找到该议事室二维码对应的议事室')

beforeEach(() => {
  resetTaroMock()
})

describe('room page', () => {
  it('opens the room from its scene and shows where it is and who runs it', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    const calls = fakeService({ 'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM) })
    render(<Room />)
    expect(screen.getByText('正在打开议事室…')).toBeTruthy()

    await screen.findByText('长西社区协商议事室')
    expect(screen.getByText('淮安市 › 清江浦区 › 长西街道 › 长西社区')).toBeTruthy()
    expect(screen.getByText('地址：淮安市清江浦区长西街道长西社区党群服务中心二楼')).toBeTruthy()
    expect(screen.getByText('召集人').nextSibling?.textContent).toBe('王主任')
    expect(screen.getByText('今日值班委员').nextSibling?.textContent).toBe('陈委员')
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '长西社区协商议事室' })
    expect(calls).toHaveLength(1)
  })

  it('is honest that topics are not there yet: an empty state and a disabled 提出问题', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    fakeService({ 'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM) })
    render(<Room />)
    await screen.findByText('议题功能即将上线')
    const raise = screen.getByText('提出问题') as HTMLButtonElement
    expect(raise.disabled).toBe(true)
    expect(screen.getByText('提问功能正在开发中，暂不能提交')).toBeTruthy()
  })

  it('says when nobody is on duty today', async () => {
    setRouterParams({ scene: 'QJPCX1' })
    fakeService({
      'GET /api/rooms/by-scene/QJPCX1': () => ok({ ...ROOM, onDutyToday: [], conveners: [] }),
    })
    render(<Room />)
    await screen.findByText('今日暂无委员值班')
    expect(screen.getByText('暂未设置')).toBeTruthy()
  })

  it('decodes a scene that a QR launch delivers URL-encoded', async () => {
    setRouterParams({ scene: 'QJPCX1%20' })
    const calls = fakeService({ 'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM) })
    render(<Room />)
    await screen.findByText('长西社区协商议事室')
    expect(calls[0].url).toMatch(/\/api\/rooms\/by-scene\/QJPCX1$/)
  })

  it('opens a room by id too', async () => {
    setRouterParams({ id: 'r1' })
    fakeService({ 'GET /api/rooms/r1': () => ok(ROOM) })
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
    const calls = fakeService({ 'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM) })
    render(<Room />)
    await screen.findByText('长西社区协商议事室')
    expect(calls[0].header).not.toHaveProperty('Authorization')
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
    fakeService({ 'GET /api/rooms/by-scene/QJPCX1': () => ok(ROOM) })
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('长西社区协商议事室')
  })
})
