import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MeetingPage from '@/pages/meeting/index'
import type { MeetingView, MyInvite } from '@/services/meetings'
import { saveSession } from '@/services/session'
import { forgetSubscribeTemplates } from '@/services/subscribe'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ID = '66a000000000000000000001'
const HOUR = 3600_000

/** A meeting starting in half an hour: answers still open, check-in already open. */
function meeting(overrides: Partial<MeetingView> = {}): MeetingView {
  const start = Date.now() + HOUR / 2
  return {
    id: ID,
    roomId: '66a0000000000000000000r1',
    title: '永胜小区充电桩通电协商会',
    form: 'on_site',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    place: { address: '永胜小区物业办公室' },
    status: 'scheduled',
    topicCount: 1,
    checkinOpensAt: new Date(start - HOUR).toISOString(),
    checkinClosesAt: new Date(start + 2 * HOUR).toISOString(),
    allowWalkIn: true,
    agenda: [
      {
        topicId: 'topic-1',
        order: 0,
        title: '充电桩装好一年没通电',
        state: 'meeting_scheduled',
        note: '供电公司说明开户流程',
      },
    ],
    invites: [
      { id: 'i1', kind: 'member', name: '陈委员', rsvp: 'accepted' },
      { id: 'i2', kind: 'department', name: '供电公司', rsvp: 'pending' },
      { id: 'i3', kind: 'resident_rep', name: '张**', rsvp: 'declined' },
    ],
    counts: { invited: 3, accepted: 1, declined: 1, checkedIn: 0, walkIns: 2 },
    canManage: false,
    ...overrides,
  }
}

const PENDING: MyInvite = { id: 'i1', kind: 'member', rsvp: 'pending' }

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '陈委员', isStaff: true, grants: [] },
  })
}

type Routes = Parameters<typeof fakeService>[0]

/** A meeting service that remembers the caller's answer and check-in. */
function service(initial: MeetingView, extra: Routes = {}): RecordedCall[] {
  let current = initial
  return fakeService({
    [`GET /api/meetings/${ID}`]: () => ok(current),
    [`POST /api/meetings/${ID}/rsvp`]: (call) => {
      const { answer } = call.data as { answer: 'accepted' | 'declined' }
      const invite = { ...(current.myInvite as MyInvite), rsvp: answer }
      current = { ...current, myInvite: invite }
      return ok({ meetingId: ID, invite })
    },
    'GET /api/notifications/templates': () =>
      ok({ moments: { meeting_accept: ['tmpl-meeting'], dept_tasks: ['tmpl-task'] } }),
    'POST /api/me/subscriptions': () => ok({ items: [] }),
    ...extra,
  })
}

function posts(calls: RecordedCall[], path: string): RecordedCall[] {
  return calls.filter((call) => call.method === 'POST' && call.url.endsWith(path))
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function typeCode(value: string): void {
  fireEvent.change(screen.getByPlaceholderText('输入会场公布的 6 位签到码'), {
    target: { value },
  })
}

beforeEach(() => {
  resetTaroMock()
  forgetSubscribeTemplates()
  setRouterParams({ id: ID })
})

describe('meeting page', () => {
  it('shows the form, time, place, agenda and who answered what', async () => {
    service(meeting())
    render(<MeetingPage />)
    expect(screen.getByText('正在打开协商会…')).toBeTruthy()
    await screen.findByText('永胜小区充电桩通电协商会')
    expect(screen.getByText('现场协商')).toBeTruthy()
    expect(screen.getByText('永胜小区物业办公室')).toBeTruthy()
    expect(document.querySelector('.meeting__time')?.textContent).toMatch(/\d+月\d+日（周.）/)
    expect(screen.getByText('供电公司说明开户流程')).toBeTruthy()
    expect(screen.getByText('受邀 3 · 出席 1 · 请假 1 · 已签到 0')).toBeTruthy()
    expect(screen.getByText('现场群众签到 2 人')).toBeTruthy()
    expect(screen.getByText('供电公司').parentElement?.nextSibling?.textContent).toBe('待回复')
    expect(screen.getByText('张**').parentElement?.nextSibling?.textContent).toBe('请假')
    expect(screen.getByText('陈委员').parentElement?.nextSibling?.textContent).toBe('出席')
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '永胜小区充电桩通电协商会' })

    fireEvent.click(screen.getByText('充电桩装好一年没通电'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=topic-1' })
  })

  it('lets an invitee accept, and asks for reminders only when 接收会议提醒 is tapped', async () => {
    logIn()
    jest
      .mocked(Taro.requestSubscribeMessage)
      .mockImplementation(() => Promise.resolve({ 'tmpl-meeting': 'accept' }) as never)
    const calls = service(meeting({ myInvite: PENDING }))
    render(<MeetingPage />)
    await screen.findByText('我的回复：待回复')
    expect(screen.queryByText('接收会议提醒')).toBeNull()

    fireEvent.click(screen.getByText('参加'))
    await screen.findByText('我的回复：参加')
    expect(posts(calls, `/api/meetings/${ID}/rsvp`).map((call) => call.data)).toEqual([
      { answer: 'accepted' },
    ])
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('接收会议提醒'))
    await screen.findByText('已开启会议提醒')
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledTimes(1)
    expect(jest.mocked(Taro.requestSubscribeMessage).mock.calls[0][0]).toMatchObject({
      tmplIds: ['tmpl-meeting'],
    })
    expect(posts(calls, '/api/me/subscriptions').map((call) => call.data)).toEqual([
      { results: { 'tmpl-meeting': 'accept' } },
    ])
  })

  it('lets a department officer decline for the department, without offering reminders', async () => {
    logIn()
    const calls = service(
      meeting({
        myInvite: { id: 'i2', kind: 'department', rsvp: 'pending', departmentUnitId: 'd1' },
      }),
    )
    render(<MeetingPage />)
    await screen.findByText('您所在部门受邀，可代表部门回复')
    fireEvent.click(screen.getByText('不参加'))
    await screen.findByText('我的回复：不参加')
    expect(posts(calls, `/api/meetings/${ID}/rsvp`)[0].data).toEqual({ answer: 'declined' })
    expect(screen.queryByText('接收会议提醒')).toBeNull()
  })

  it('says why an answer was refused once the meeting has started', async () => {
    logIn()
    service(meeting({ myInvite: PENDING }), {
      [`POST /api/meetings/${ID}/rsvp`]: () =>
        failure(409, 'RSVP_CLOSED', '协商会已开始，不能再回复是否参加'),
    })
    render(<MeetingPage />)
    await screen.findByText('我的回复：待回复')
    fireEvent.click(screen.getByText('参加'))
    await screen.findByText('协商会已开始，不能再回复是否参加')
  })

  it('checks in with the code shown at the meeting', async () => {
    logIn()
    const calls = service(meeting({ myInvite: { ...PENDING, rsvp: 'accepted' } }), {
      [`POST /api/meetings/${ID}/checkin`]: () =>
        ok({
          meetingId: ID,
          invite: { ...PENDING, rsvp: 'accepted', checkedInAt: new Date().toISOString() },
          alreadyCheckedIn: false,
        }),
    })
    render(<MeetingPage />)
    await screen.findByText('会场签到')
    typeCode('482913')
    fireEvent.click(screen.getByText('签到'))
    await screen.findByText(/^签到成功（\d\d:\d\d）$/)
    expect(posts(calls, `/api/meetings/${ID}/checkin`).map((call) => call.data)).toEqual([
      { code: '482913' },
    ])
    expect(screen.queryByPlaceholderText('输入会场公布的 6 位签到码')).toBeNull()
  })

  it('shows the service’s error for a wrong code and lets the person try again', async () => {
    logIn()
    const calls = service(meeting({ myInvite: PENDING }), {
      [`POST /api/meetings/${ID}/checkin`]: () =>
        failure(400, 'CHECKIN_CODE_INVALID', '签到码不正确'),
    })
    render(<MeetingPage />)
    await screen.findByText('会场签到')
    typeCode('111111')
    fireEvent.click(screen.getByText('签到'))
    await screen.findByText('签到码不正确')
    expect(screen.getByPlaceholderText('输入会场公布的 6 位签到码')).toBeTruthy()
    expect(posts(calls, `/api/meetings/${ID}/checkin`)).toHaveLength(1)
  })

  it('says so when the person had already checked in', async () => {
    logIn()
    const at = new Date().toISOString()
    service(meeting({ myInvite: PENDING }), {
      [`POST /api/meetings/${ID}/checkin`]: () =>
        ok({ meetingId: ID, invite: { ...PENDING, checkedInAt: at }, alreadyCheckedIn: true }),
    })
    render(<MeetingPage />)
    await screen.findByText('会场签到')
    typeCode('482913')
    fireEvent.click(screen.getByText('签到'))
    await screen.findByText(/^您已签到过了（\d\d:\d\d）$/)
  })

  it('asks for six digits before sending anything', async () => {
    logIn()
    const calls = service(meeting({ myInvite: PENDING }))
    render(<MeetingPage />)
    await screen.findByText('会场签到')
    typeCode('12a')
    fireEvent.click(screen.getByText('签到'))
    expect(screen.getByText('请输入 6 位数字签到码')).toBeTruthy()
    expect(posts(calls, '/checkin')).toHaveLength(0)
  })

  it('shows a past check-in instead of the form', async () => {
    logIn()
    service(meeting({ myInvite: { ...PENDING, checkedInAt: new Date().toISOString() } }))
    render(<MeetingPage />)
    await screen.findByText(/^已签到（\d\d:\d\d）$/)
    expect(screen.queryByText('签到')).toBeNull()
  })

  it('offers a login to check in when nobody is signed in', async () => {
    service(meeting())
    render(<MeetingPage />)
    fireEvent.click(await screen.findByText('登录后签到'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(screen.queryByText('我的邀请')).toBeNull()
  })

  it('says when check-in opens for a meeting later on', async () => {
    logIn()
    const start = Date.now() + 5 * HOUR
    service(
      meeting({
        myInvite: PENDING,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + HOUR).toISOString(),
        checkinOpensAt: new Date(start - HOUR).toISOString(),
        checkinClosesAt: new Date(start + 2 * HOUR).toISOString(),
      }),
    )
    render(<MeetingPage />)
    await screen.findByText(/^签到将于 .+ 开放$/)
    expect(screen.queryByPlaceholderText('输入会场公布的 6 位签到码')).toBeNull()
  })

  it('shows a clear banner for a cancelled meeting and no answers or check-in', async () => {
    logIn()
    service(
      meeting({
        status: 'cancelled',
        cancelledAt: new Date().toISOString(),
        cancelReason: '供电公司负责人临时出差',
        myInvite: PENDING,
      }),
    )
    render(<MeetingPage />)
    await screen.findByText('本次协商会已取消')
    expect(screen.getByText('原因：供电公司负责人临时出差')).toBeTruthy()
    expect(screen.queryByText('参加')).toBeNull()
    expect(screen.queryByText('会场签到')).toBeNull()
  })

  it('shows room staff the check-in code and the way to the minutes', async () => {
    logIn()
    service(meeting({ canManage: true, checkinCode: '482913' }))
    render(<MeetingPage />)
    await screen.findByText('482913')
    fireEvent.click(screen.getByText('记录纪要'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/staff/minutes/index?id=${ID}` })
  })

  it('hides the minutes link from everyone else', async () => {
    service(meeting())
    render(<MeetingPage />)
    await screen.findByText('永胜小区充电桩通电协商会')
    expect(screen.queryByText('记录纪要')).toBeNull()
    expect(screen.queryByText('签到码')).toBeNull()
  })

  it('says plainly when the meeting does not exist', async () => {
    service(meeting(), {
      [`GET /api/meetings/${ID}`]: () => failure(404, 'MEETING_NOT_FOUND', '找不到该协商会'),
    })
    render(<MeetingPage />)
    await screen.findByText('未找到该协商会')
  })

  it('offers a retry when the service cannot be reached', async () => {
    let fail = true
    service(meeting(), {
      [`GET /api/meetings/${ID}`]: () =>
        fail ? failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用') : ok(meeting()),
    })
    render(<MeetingPage />)
    await screen.findByText('暂时打不开协商会')
    fail = false
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('永胜小区充电桩通电协商会')
    await settle()
  })
})
