import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Workbench from '@/staff/workbench/index'
import { saveSession, type Me } from '@/services/session'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { fakeService, ok } from '../../support/requests'

const ROOM = '65f000000000000000000001'

function person(grants: Me['grants'], displayName = '王主任'): Me {
  return { id: 'u1', displayName, isStaff: grants.length > 0, grants }
}

const CONVENER = person([
  { id: 'g1', role: 'convener', roomId: ROOM, roomName: '长西社区协商议事室' },
])
const MEMBER = person(
  [{ id: 'g2', role: 'member', roomId: ROOM, roomName: '长西社区协商议事室' }],
  '陈委员',
)
const OFFICER = person(
  [{ id: 'g3', role: 'dept_officer', unitId: 'd1', unitName: '清江浦区住建局' }],
  '李科长',
)
const OFFICE = person(
  [{ id: 'g4', role: 'office_staff', unitId: 'u-qjp', unitName: '清江浦区' }],
  '赵主任',
)
const RESIDENT = person([], '张阿姨')

function loginAs(user: Me): void {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function navigatedTo(): string[] {
  return jest.mocked(Taro.navigateTo).mock.calls.map(([options]) => options.url)
}

beforeEach(() => {
  resetTaroMock()
})

describe('staff workbench', () => {
  it('gives a convener the four room tools for the room they convene', async () => {
    loginAs(CONVENER)
    fakeService({ 'GET /api/me': () => ok(CONVENER) })
    render(<Workbench />)
    await screen.findByText('长西社区协商议事室')
    for (const label of ['待答复', '评论审核', '提级议题', '安排协商会', '督办']) {
      expect(screen.getByText(label)).toBeTruthy()
    }
    expect(screen.queryByText('值班接待')).toBeNull()
    expect(screen.queryByText('我单位的任务')).toBeNull()
    fireEvent.click(screen.getByText('待答复'))
    fireEvent.click(screen.getByText('评论审核'))
    fireEvent.click(screen.getByText('提级议题'))
    fireEvent.click(screen.getByText('安排协商会'))
    expect(navigatedTo()).toEqual([
      `/staff/queue/index?roomId=${ROOM}`,
      `/staff/moderation/index?roomId=${ROOM}`,
      `/staff/escalations/index?roomId=${ROOM}`,
      `/staff/schedule/index?roomId=${ROOM}`,
    ])
  })

  it('gives a committee member duty, meetings, supervision and recommending a topic', async () => {
    loginAs(MEMBER)
    fakeService({ 'GET /api/me': () => ok(MEMBER) })
    render(<Workbench />)
    await screen.findByText('值班接待')
    expect(screen.getByText('我的协商会')).toBeTruthy()
    expect(screen.getByText('督办')).toBeTruthy()
    expect(screen.queryByText('待答复')).toBeNull()
    expect(screen.queryByText('安排协商会')).toBeNull()
    fireEvent.click(screen.getByText('委员荐题'))
    fireEvent.click(screen.getByText('值班接待'))
    fireEvent.click(screen.getByText('督办'))
    expect(navigatedTo()).toEqual([
      `/pages/raise/index?roomId=${ROOM}&source=member_recommended`,
      '/staff/duty/index',
      '/staff/supervision/index',
    ])
  })

  it('gives a department officer their unit’s tasks and no room tools', async () => {
    loginAs(OFFICER)
    fakeService({ 'GET /api/me': () => ok(OFFICER) })
    render(<Workbench />)
    fireEvent.click(await screen.findByText('我单位的任务'))
    expect(navigatedTo()).toEqual(['/staff/tasks/index'])
    expect(screen.queryByText('督办')).toBeNull()
    expect(screen.queryByText('待答复')).toBeNull()
    expect(screen.queryByText('我的议事室')).toBeNull()
  })

  it('gives office staff supervision and the room tools of every room in their area', async () => {
    loginAs(OFFICE)
    const calls = fakeService({
      'GET /api/me': () => ok(OFFICE),
      'GET /api/rooms?unitId=u-qjp&limit=50': () =>
        ok({
          items: [
            { id: ROOM, name: '长西社区协商议事室', scene: 'QJPCX1', unit: {} },
            { id: 'r2', name: '清浦街道协商议事室', scene: 'QJPQP1', unit: {} },
          ],
          nextCursor: null,
        }),
    })
    render(<Workbench />)
    await screen.findByText('清浦街道协商议事室')
    expect(screen.getAllByText('待答复')).toHaveLength(2)
    expect(screen.getByText('督办')).toBeTruthy()
    expect(calls.map((call) => call.url)).toContain('/api/rooms?unitId=u-qjp&limit=50')
  })

  it('tells a resident without any staff role they have no access, after asking the service', async () => {
    loginAs(RESIDENT)
    const calls = fakeService({ 'GET /api/me': () => ok(RESIDENT) })
    render(<Workbench />)
    await screen.findByText('无权访问')
    expect(calls.map((call) => call.url)).toEqual(['/api/me'])
    expect(screen.queryByText('待答复')).toBeNull()
    fireEvent.click(screen.getByText('返回首页'))
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('follows a grant revoked since the last login: the fresh answer wins', async () => {
    loginAs(CONVENER)
    fakeService({ 'GET /api/me': () => ok(RESIDENT) })
    render(<Workbench />)
    await screen.findByText('无权访问')
  })

  it('asks to log in when nobody is logged in', async () => {
    const calls = fakeService({})
    render(<Workbench />)
    fireEvent.click(await screen.findByText('去登录'))
    expect(navigatedTo()).toEqual(['/pages/login/index'])
    expect(calls).toHaveLength(0)
    await settle()
  })
})
