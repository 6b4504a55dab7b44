import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Minutes from '@/staff/minutes/index'
import type { StaffMeetingView } from '@/services/meeting-admin'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const MEETING_ID = '65f0000000000000000000f1'

function meeting(overrides: Partial<StaffMeetingView> = {}): StaffMeetingView {
  return {
    id: MEETING_ID,
    roomId: 'r1',
    title: '夜间施工噪音协商会',
    form: 'on_site',
    startsAt: '2026-03-05T06:30:00.000Z',
    endsAt: '2026-03-05T08:30:00.000Z',
    place: { address: '长西社区党群服务中心二楼' },
    status: 'scheduled',
    topicCount: 1,
    checkinOpensAt: '2026-03-05T05:30:00.000Z',
    checkinClosesAt: '2026-03-05T08:30:00.000Z',
    allowWalkIn: true,
    agenda: [{ topicId: 't1', order: 0, title: '夜间施工噪音', state: 'meeting_scheduled' }],
    invites: [
      {
        id: 'i1',
        kind: 'member',
        name: '陈委员',
        userId: 'u5',
        rsvp: 'accepted',
        checkedInAt: '2026-03-05T06:20:00.000Z',
      },
      { id: 'i2', kind: 'department', name: '清江浦区住建局', rsvp: 'pending' },
      {
        id: 'i3',
        kind: 'resident_walk_in',
        name: '张阿姨',
        rsvp: 'accepted',
        checkedInAt: '2026-03-05T06:25:00.000Z',
      },
    ],
    counts: { invited: 2, accepted: 1, declined: 0, checkedIn: 2, walkIns: 1 },
    checkinCode: '482913',
    canManage: true,
    ...overrides,
  }
}

function service(view: StaffMeetingView = meeting()): RecordedCall[] {
  return fakeService({
    [`GET /api/meetings/${MEETING_ID}`]: () => ok(view),
    [`PUT /api/meetings/${MEETING_ID}/minutes`]: (call) =>
      ok({
        ...view,
        status: 'held',
        minutes: {
          text: (call.data as { text: string }).text,
          recordedAt: '2026-03-05T09:00:00.000Z',
        },
      }),
  })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ id: MEETING_ID })
})

describe('meeting minutes', () => {
  it('shows the check-in code and who checked in', async () => {
    service()
    render(<Minutes />)
    await screen.findByText('482913')
    expect(screen.getByText('受邀 2 · 参加 1 · 已签到 2（现场群众 1）')).toBeTruthy()
    expect(screen.getByText(/3月5日 14:20 签到/)).toBeTruthy()
    expect(screen.getByText(/未签到/)).toBeTruthy()
    const switches = document.querySelectorAll<HTMLInputElement>('.minutes__attended')
    expect(Array.from(switches).map((input) => input.checked)).toEqual([true, false, true])
  })

  it('records the minutes with the attendance as marked', async () => {
    const calls = service()
    render(<Minutes />)
    await screen.findByText('482913')
    fireEvent.click(screen.getByText('保存纪要'))
    expect(screen.getByText('请填写会议纪要')).toBeTruthy()

    const switches = document.querySelectorAll('.minutes__attended')
    fireEvent.click(switches[1]) // the department came after all
    fireEvent.change(document.querySelector('.minutes__text') as Element, {
      target: { value: '  施工方承诺22点后停止高噪音作业。  ' },
    })
    fireEvent.click(screen.getByText('保存纪要'))
    await settle()
    const put = calls.find((call) => call.method === 'PUT')
    expect(put?.url).toBe(`/api/meetings/${MEETING_ID}/minutes`)
    expect(put?.data).toEqual({
      text: '施工方承诺22点后停止高噪音作业。',
      attendance: [
        { inviteId: 'i1', attended: true },
        { inviteId: 'i2', attended: true },
        { inviteId: 'i3', attended: true },
      ],
    })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '纪要已保存' }))
    expect(screen.getByText(/已召开/)).toBeTruthy()
  })

  it('offers to publish the outcome of agenda topics once the meeting has begun', async () => {
    service()
    render(<Minutes />)
    fireEvent.click(await screen.findByText('发布成果'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/outcome/index?id=t1' })
  })

  it('shows the service’s reason when the minutes cannot be recorded yet', async () => {
    fakeService({
      [`GET /api/meetings/${MEETING_ID}`]: () => ok(meeting()),
      [`PUT /api/meetings/${MEETING_ID}/minutes`]: () =>
        failure(409, 'MEETING_NOT_STARTED', '协商会尚未开始'),
    })
    render(<Minutes />)
    await screen.findByText('482913')
    fireEvent.change(document.querySelector('.minutes__text') as Element, {
      target: { value: '纪要' },
    })
    fireEvent.click(screen.getByText('保存纪要'))
    await screen.findByText('协商会尚未开始')
  })

  it('shows 无权访问 to someone who does not run the room', async () => {
    service(meeting({ canManage: false, checkinCode: undefined }))
    render(<Minutes />)
    await screen.findByText('无权访问')
    expect(screen.queryByText('保存纪要')).toBeNull()
  })
})
