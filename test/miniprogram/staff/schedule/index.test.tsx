import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Schedule from '@/staff/schedule/index'
import { saveSession, type Me } from '@/services/session'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ROOM_ID = '65f000000000000000000001'
const T1 = '65f0000000000000000000a1'
const T2 = '65f0000000000000000000a2'
const MEMBER_ID = '65f0000000000000000000c1'
const DEPT_ID = '65f0000000000000000000d1'

const CONVENER: Me = {
  id: 'u3',
  displayName: '王主任',
  isStaff: true,
  grants: [{ id: 'g1', role: 'convener', roomId: ROOM_ID, roomName: '长西社区协商议事室' }],
}

const ROOM = {
  id: ROOM_ID,
  name: '长西社区协商议事室',
  scene: 'QJPCX1',
  supportThreshold: 10,
  archived: false,
  unit: { id: 'u-cx', name: '长西社区', kind: 'village' },
  path: [
    { id: 'u-qjp', name: '清江浦区', kind: 'district' },
    { id: 'u-cx', name: '长西社区', kind: 'village' },
  ],
  conveners: [{ id: 'u3', displayName: '王主任' }],
  members: [{ id: MEMBER_ID, displayName: '陈委员' }],
  onDutyToday: [],
}

function summary(id: string, title: string) {
  return {
    id,
    roomId: ROOM_ID,
    title,
    category: 'environment',
    categoryLabel: '环境卫生',
    source: 'resident',
    sourceLabel: '群众出题',
    state: 'consultation',
    stateLabel: '待协商',
    anonymous: false,
    author: { displayName: '张阿姨' },
    supportCount: 12,
    commentCount: 0,
    createdAt: '2026-03-01T02:00:00.000Z',
  }
}

const EARLIER_MEETING = {
  id: 'm0',
  roomId: ROOM_ID,
  title: '停车难协商会',
  form: 'room',
  startsAt: '2026-01-10T06:00:00.000Z',
  endsAt: '2026-01-10T08:00:00.000Z',
  status: 'held',
  topicCount: 1,
}

function service(onSchedule?: (call: RecordedCall) => ReturnType<typeof ok>): RecordedCall[] {
  return fakeService({
    [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
    [`GET /api/rooms/${ROOM_ID}/departments`]: () =>
      ok({ items: [{ id: DEPT_ID, name: '清江浦区住建局', kind: 'department' }] }),
    [`GET /api/rooms/${ROOM_ID}/topics?sort=new&state=consultation&limit=50`]: () =>
      ok({ items: [summary(T1, '夜间施工噪音'), summary(T2, '加装电梯')], nextCursor: null }),
    [`GET /api/rooms/${ROOM_ID}/meetings`]: () => ok({ items: [EARLIER_MEETING] }),
    'GET /api/meetings/m0': () =>
      ok({ invites: [{ kind: 'department', name: '清江浦区住建局', departmentUnitId: DEPT_ID }] }),
    [`POST /api/rooms/${ROOM_ID}/meetings`]: onSchedule ?? (() => ok({ id: 'm-new' }, 201)),
  })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function type(selector: string, value: string): void {
  const field = document.querySelector(selector)
  if (!field) throw new Error(`no ${selector}`)
  fireEvent.change(field, { target: { value } })
}

function pick(testId: string, value: string): void {
  fireEvent.change(screen.getByTestId(testId), { target: { value } })
}

function scheduled(calls: RecordedCall[]): unknown[] {
  return calls.filter((call) => call.method === 'POST').map((call) => call.data)
}

beforeEach(() => {
  resetTaroMock()
  saveSession({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: CONVENER })
  setRouterParams({ roomId: ROOM_ID, topicId: T1 })
})

describe('schedule a meeting', () => {
  it('sends the form, agenda and invitees, then opens the meeting page', async () => {
    const calls = service()
    render(<Schedule />)
    await screen.findByText('夜间施工噪音')
    // The topic from the link is preselected and names the meeting.
    expect((document.querySelector('.schedule__title') as HTMLInputElement).value).toBe(
      '夜间施工噪音协商会',
    )
    fireEvent.click(screen.getByText('加装电梯'))
    fireEvent.click(screen.getByText('现场协商'))
    pick('schedule-date-input', '2099-06-01')
    pick('schedule-time-input', '14:30')
    pick('schedule-end-input', '16:00')
    type('.schedule__address', ' 长西社区党群服务中心二楼 ')
    fireEvent.click(screen.getByText('陈委员'))
    fireEvent.click(await screen.findByText('清江浦区住建局'))
    fireEvent.click(screen.getByText('专家'))
    type('.schedule__person-name', '刘工')
    type('.schedule__person-phone', '13800000000')
    fireEvent.click(screen.getByText('添加'))
    expect(screen.getByText('专家 · 刘工 · 13800000000')).toBeTruthy()
    fireEvent.click(screen.getByText('群众代表'))
    type('.schedule__person-name', '周师傅')
    fireEvent.click(screen.getByText('添加'))

    fireEvent.click(screen.getByText('安排协商会'))
    await settle()
    expect(scheduled(calls)).toEqual([
      {
        title: '夜间施工噪音协商会',
        form: 'on_site',
        startsAt: '2099-06-01T14:30:00+08:00',
        endsAt: '2099-06-01T16:00:00+08:00',
        place: { address: '长西社区党群服务中心二楼' },
        allowWalkIn: true,
        topicIds: [T1, T2],
        invites: [
          { kind: 'member', userId: MEMBER_ID },
          { kind: 'department', departmentUnitId: DEPT_ID },
          { kind: 'expert', name: '刘工', phone: '13800000000' },
          { kind: 'resident_rep', name: '周师傅' },
        ],
      },
    ])
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/meeting/index?id=m-new' })
  })

  it('sends an online meeting with its link and no place, walk-ins off', async () => {
    const calls = service()
    render(<Schedule />)
    await screen.findByText('夜间施工噪音')
    fireEvent.click(screen.getByText('线上协商'))
    pick('schedule-date-input', '2099-06-01')
    pick('schedule-time-input', '19:00')
    type('.schedule__online-url', 'https://meeting.example.cn/123')
    fireEvent.click(document.querySelector('.schedule__walk-in') as Element)
    fireEvent.click(screen.getByText('安排协商会'))
    await settle()
    expect(scheduled(calls)).toEqual([
      {
        title: '夜间施工噪音协商会',
        form: 'online',
        startsAt: '2099-06-01T19:00:00+08:00',
        onlineUrl: 'https://meeting.example.cn/123',
        allowWalkIn: false,
        topicIds: [T1],
        invites: [],
      },
    ])
  })

  it('checks the form before sending', async () => {
    const calls = service()
    setRouterParams({ roomId: ROOM_ID })
    render(<Schedule />)
    await screen.findByText('夜间施工噪音')
    pick('schedule-date-input', '2020-01-01')
    pick('schedule-time-input', '09:00')
    fireEvent.click(screen.getByText('安排协商会'))
    expect(screen.getByText('请至少选择一个议题')).toBeTruthy()
    expect(screen.getByText('请填写会议名称（60 字以内）')).toBeTruthy()
    expect(screen.getByText('请选择协商形式')).toBeTruthy()
    expect(screen.getByText('开始时间须晚于现在')).toBeTruthy()
    fireEvent.click(screen.getByText('地头协商'))
    fireEvent.click(screen.getByText('安排协商会'))
    expect(screen.getByText('请填写地点（120 字以内）')).toBeTruthy()
    fireEvent.click(screen.getByText('添加'))
    expect(screen.getByText('请填写姓名（40 字以内）')).toBeTruthy()
    expect(scheduled(calls)).toEqual([])
  })

  it('shows the service’s reason when it refuses', async () => {
    service(() => failure(400, 'MEETING_PLACE_REQUIRED', '现场、地头和议事室协商须填写地点'))
    render(<Schedule />)
    await screen.findByText('夜间施工噪音')
    fireEvent.click(screen.getByText('议事室协商'))
    pick('schedule-date-input', '2099-06-01')
    pick('schedule-time-input', '14:30')
    type('.schedule__address', '议事室')
    fireEvent.click(screen.getByText('安排协商会'))
    await screen.findByText('现场、地头和议事室协商须填写地点')
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  it('lists the room’s meetings with their minutes screen', async () => {
    service()
    render(<Schedule />)
    await screen.findByText('停车难协商会')
    fireEvent.click(screen.getByText('纪要与签到'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/minutes/index?id=m0' })
  })

  it('shows 无权访问 to someone who cannot schedule in the room', async () => {
    saveSession({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: { id: 'u9', displayName: '张阿姨', isStaff: false, grants: [] },
    })
    const calls = service()
    render(<Schedule />)
    await screen.findByText('无权访问')
    expect(calls.map((call) => call.url)).toEqual([`/api/rooms/${ROOM_ID}`])
  })
})
