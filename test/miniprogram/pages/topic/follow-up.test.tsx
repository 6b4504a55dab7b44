import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TopicPage from '@/pages/topic/index'
import type { CallbackSummary, Outcome } from '@/services/outcomes'
import type { MeetingSummary } from '@/services/meetings'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { fakeService, ok } from '../../support/requests'
import { CONVENER, loginAs, RESIDENT, ROOM_ID, TOPIC_ID, topicRoutes, topicView } from './fixtures'

const MEETING_ID = '65f0a1b2c3d4e5f60123aaaa'
const PII = {
  realName: '张秀英',
  phone: '13800000000',
  petitionerName: null,
  petitionerPhone: null,
}

/** The topic view's `meeting` (the public meeting summary). */
function meeting(status: MeetingSummary['status']): MeetingSummary {
  return {
    id: MEETING_ID,
    roomId: ROOM_ID,
    title: '永胜小区充电桩通电协商会',
    form: 'on_site',
    startsAt: '2025-03-20T06:00:00.000Z',
    endsAt: '2025-03-20T08:00:00.000Z',
    place: { address: '永胜社区党群服务中心' },
    status,
    topicCount: 2,
  }
}

/** Whether the page asked the service about meetings itself. */
const askedForMeetings = (calls: { url: string }[]) =>
  calls.some((call) => /\/meetings/.test(call.url))

const OUTCOME: Outcome = {
  topicId: TOPIC_ID,
  topicState: 'in_progress',
  meetingId: MEETING_ID,
  plan: '物业负责开户，供电公司月底前接电，社区监督。',
  publishedAt: '2025-03-21T02:00:00.000Z',
  items: [
    {
      id: 'a1',
      title: '办理充电桩用电开户',
      track: 'coordinated',
      trackLabel: '统筹办',
      ownerUnit: { id: 'd1', name: '永胜物业公司' },
      dueAt: '2025-04-15T02:00:00.000Z',
      status: 'in_progress',
      statusLabel: '办理中',
      percent: 60,
      urgency: 'due_soon',
      escalated: false,
      latestUpdate: {
        at: '2025-04-01T02:00:00.000Z',
        percent: 60,
        note: '已提交开户材料',
        photos: [{ key: 'u/ph1.jpg', bytes: 1000, contentType: 'image/jpeg' }],
      },
    },
  ],
}

const SUMMARY: CallbackSummary = {
  topicId: TOPIC_ID,
  topicState: 'awaiting_callback',
  round: 1,
  asked: 5,
  answered: 3,
  solved: 2,
  unsolved: 1,
  recorded: 0,
  averageRating: 4.333,
  ratingCounts: [0, 0, 1, 0, 2],
  petitionerAnswered: false,
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ id: TOPIC_ID })
})

describe('topic page follow-up', () => {
  it('shows the outcome’s plan and each action item with its owner, track and progress', async () => {
    fakeService(
      topicRoutes(topicView({ state: 'in_progress', stateLabel: '办理中' }), {
        [`GET /api/topics/${TOPIC_ID}/outcome`]: () => ok(OUTCOME),
      }),
    )
    const { container } = render(<TopicPage />)
    await screen.findByText('物业负责开户，供电公司月底前接电，社区监督。')
    expect(screen.getByText('办理充电桩用电开户')).toBeTruthy()
    expect(screen.getByText('责任单位').nextSibling?.textContent).toBe('永胜物业公司')
    expect(screen.getByText('统筹办')).toBeTruthy()
    expect(screen.getByText('即将到期')).toBeTruthy()
    expect(screen.getByText('60%')).toBeTruthy()
    expect(screen.getByText('已提交开户材料')).toBeTruthy()
    const photo = container.querySelector('.topic__update-photos .topic__photo') as HTMLElement
    fireEvent.click(photo)
    expect(Taro.previewImage).toHaveBeenCalledWith({
      current: '/api/uploads/photos/u%2Fph1.jpg',
      urls: ['/api/uploads/photos/u%2Fph1.jpg'],
    })
  })

  it('links the held meeting the topic view names to the meeting page', async () => {
    const calls = fakeService(
      topicRoutes(
        topicView({ state: 'in_progress', stateLabel: '办理中', meeting: meeting('held') }),
        { [`GET /api/topics/${TOPIC_ID}/outcome`]: () => ok(OUTCOME) },
      ),
    )
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩通电协商会')
    expect(screen.getByText('已召开')).toBeTruthy()
    expect(screen.getByText('现场协商')).toBeTruthy()
    fireEvent.click(screen.getByText('查看协商会'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/meeting/index?id=${MEETING_ID}` })
    expect(askedForMeetings(calls)).toBe(false)
  })

  it('shows the scheduled meeting from the topic view without looking through the room’s meetings', async () => {
    const calls = fakeService(
      topicRoutes(
        topicView({
          state: 'meeting_scheduled',
          stateLabel: '协商会已安排',
          meeting: meeting('scheduled'),
        }),
      ),
    )
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩通电协商会')
    expect(screen.getByText('待召开')).toBeTruthy()
    expect(screen.getByText('永胜社区党群服务中心')).toBeTruthy()
    expect(screen.getByText('时间').nextSibling?.textContent).toMatch(/^2025.*–/)
    await settle()
    expect(askedForMeetings(calls)).toBe(false)
    expect(calls.some((call) => call.url.endsWith('/outcome'))).toBe(false)
  })

  it('says a meeting is scheduled while the topic view names none', async () => {
    const calls = fakeService(
      topicRoutes(topicView({ state: 'meeting_scheduled', stateLabel: '协商会已安排' })),
    )
    render(<TopicPage />)
    await screen.findByText('协商会已安排，详情稍后公布')
    expect(screen.queryByText('查看协商会')).toBeNull()
    await settle()
    expect(askedForMeetings(calls)).toBe(false)
  })

  it('shows no rating form to someone the service says has already answered', async () => {
    loginAs(RESIDENT)
    fakeService(
      topicRoutes(
        topicView({ state: 'awaiting_callback', stateLabel: '待回访', supportedByMe: true }),
        {
          [`GET /api/topics/${TOPIC_ID}/outcome`]: () => ok({ ...OUTCOME, meetingId: undefined }),
          [`GET /api/topics/${TOPIC_ID}/callbacks/summary`]: () => ok(SUMMARY),
          [`GET /api/topics/${TOPIC_ID}/callback/mine`]: () =>
            ok({
              topicId: TOPIC_ID,
              topicState: 'awaiting_callback',
              canAnswer: false,
              petitioner: false,
              answeredAt: '2025-04-19T02:00:00.000Z',
            }),
        },
      ),
    )
    render(<TopicPage />)
    await screen.findByText('3 人评价，2 人认为已解决')
    await settle()
    expect(screen.queryByText('提交评价')).toBeNull()
  })

  it('asks the petitioner for a rating at call-back and shows the public figures', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(
      topicRoutes(
        topicView({
          state: 'awaiting_callback',
          stateLabel: '待回访',
          allowedEvents: ['confirm_solved', 'report_unsolved'],
        }),
        {
          [`GET /api/topics/${TOPIC_ID}/outcome`]: () => ok({ ...OUTCOME, meetingId: undefined }),
          [`GET /api/topics/${TOPIC_ID}/callbacks/summary`]: () => ok(SUMMARY),
          [`GET /api/topics/${TOPIC_ID}/callback/mine`]: () =>
            ok({
              topicId: TOPIC_ID,
              topicState: 'awaiting_callback',
              canAnswer: true,
              petitioner: true,
            }),
          [`POST /api/topics/${TOPIC_ID}/callback`]: () =>
            ok({
              topicId: TOPIC_ID,
              topicState: 'closed',
              solved: true,
              rating: 5,
              answeredAt: '2025-04-20T02:00:00.000Z',
            }),
        },
      ),
    )
    const { container } = render(<TopicPage />)
    await screen.findByText('3 人评价，2 人认为已解决')
    expect(screen.getByText('平均满意度 4.3 分')).toBeTruthy()
    expect(screen.getByText('回访评价')).toBeTruthy()
    expect(screen.queryByText('记录回访')).toBeNull()

    fireEvent.click(screen.getByText('已解决'))
    fireEvent.click(container.querySelector('.rating-form__star--5') as HTMLElement)
    fireEvent.click(screen.getByText('提交评价'))
    await settle()
    expect(calls.find((call) => call.url.endsWith('/callback'))?.data).toEqual({
      solved: true,
      rating: 5,
    })
    // The answer changes the topic: the page loads it again.
    expect(calls.filter((call) => call.url.endsWith(TOPIC_ID)).length).toBe(2)
  })

  it('gives staff the call-back record instead of the residents’ rating form', async () => {
    loginAs(CONVENER)
    fakeService(
      topicRoutes(
        topicView({
          state: 'awaiting_callback',
          stateLabel: '待回访',
          allowedEvents: ['confirm_solved', 'report_unsolved'],
          pii: PII,
        }),
        {
          [`GET /api/topics/${TOPIC_ID}/outcome`]: () => ok({ ...OUTCOME, meetingId: undefined }),
          [`GET /api/topics/${TOPIC_ID}/callbacks/summary`]: () =>
            ok({ ...SUMMARY, answered: 0, solved: 0, averageRating: null }),
        },
      ),
    )
    render(<TopicPage />)
    await screen.findByText('记录回访')
    await screen.findByText('回访进行中，暂无评价')
    expect(screen.queryByText('回访评价')).toBeNull()
  })

  it('shows nothing of a call-back to a visitor before one is made', async () => {
    const calls = fakeService(topicRoutes(topicView()))
    render(<TopicPage />)
    await screen.findByText('永胜小区充电桩一年没通电')
    await settle()
    expect(screen.queryByText('回访满意度')).toBeNull()
    expect(screen.queryByText('协商成果')).toBeNull()
    expect(calls.some((call) => /outcome|summary|meetings/.test(call.url))).toBe(false)
  })
})
