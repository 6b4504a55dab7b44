import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MyMeetingsPage from '@/staff/meetings/index'
import type { MyMeetingItem } from '@/services/meetings'
import { saveSession } from '@/services/session'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const HOUR = 3600_000

function item(id: string, title: string, startsIn: number, overrides: Partial<MyMeetingItem> = {}) {
  const start = Date.now() + startsIn
  const meeting: MyMeetingItem = {
    id,
    roomId: 'r1',
    title,
    form: 'room',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    place: { address: '长西社区党群服务中心二楼' },
    status: 'scheduled',
    topicCount: 2,
    myInvite: { id: `i-${id}`, kind: 'member', rsvp: 'pending' },
    ...overrides,
  }
  return meeting
}

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'm1', displayName: '陈委员', isStaff: true, grants: [] },
  })
}

beforeEach(() => {
  resetTaroMock()
})

describe('my meetings', () => {
  it('puts upcoming meetings first, soonest first, with my answer', async () => {
    logIn()
    fakeService({
      'GET /api/me/meetings': () =>
        ok({
          items: [
            item('past', '上月停车难协商会', -30 * 24 * HOUR, {
              status: 'held',
              myInvite: {
                id: 'i1',
                kind: 'member',
                rsvp: 'accepted',
                checkedInAt: new Date().toISOString(),
              },
            }),
            item('later', '加装电梯协商会', 72 * HOUR, {
              myInvite: { id: 'i2', kind: 'department', rsvp: 'accepted' },
            }),
            item('soon', '充电桩通电协商会', 5 * HOUR),
            item('off', '绿化带协商会', 48 * HOUR, { status: 'cancelled' }),
          ],
        }),
    })
    render(<MyMeetingsPage />)
    await screen.findByText('充电桩通电协商会')
    const titles = Array.from(document.querySelectorAll('.my-meetings__title')).map(
      (el) => el.textContent,
    )
    expect(titles).toEqual([
      '充电桩通电协商会',
      '加装电梯协商会',
      '绿化带协商会',
      '上月停车难协商会',
    ])
    const rsvps = Array.from(document.querySelectorAll('.my-meetings__rsvp')).map(
      (el) => el.textContent,
    )
    expect(rsvps).toEqual(['待回复', '参加', '待回复', '已签到'])
    expect(screen.getByText('即将召开')).toBeTruthy()
    expect(screen.getByText('已取消')).toBeTruthy()
    expect(screen.getByText('已召开')).toBeTruthy()
    expect(screen.getByText('2 个议题 · 部门受邀')).toBeTruthy()
    expect(screen.getAllByText('议事室协商')).toHaveLength(4)
  })

  it('opens a meeting on tap', async () => {
    logIn()
    fakeService({
      'GET /api/me/meetings': () => ok({ items: [item('m9', '充电桩通电协商会', HOUR)] }),
    })
    render(<MyMeetingsPage />)
    fireEvent.click(await screen.findByText('充电桩通电协商会'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/meeting/index?id=m9' })
  })

  it('says so when there are no invitations', async () => {
    logIn()
    fakeService({ 'GET /api/me/meetings': () => ok({ items: [] }) })
    render(<MyMeetingsPage />)
    await screen.findByText('暂无协商会邀请')
  })

  it('offers a retry when loading fails', async () => {
    logIn()
    fakeService({
      'GET /api/me/meetings': () => failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用'),
    })
    render(<MyMeetingsPage />)
    await screen.findByText('暂时无法加载协商会')
    expect(screen.getByText('数据库暂时不可用')).toBeTruthy()
  })

  it('asks to log in first', async () => {
    fakeService({})
    render(<MyMeetingsPage />)
    await screen.findByText('登录后查看您受邀的协商会')
  })
})
