import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Queue from '@/staff/queue/index'
import type { QueueItem } from '@/services/triage'
import {
  resetTaroMock,
  setRouterParams,
  triggerPullDownRefresh,
} from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const ROOM_ID = '65f000000000000000000001'

function item(overrides: Partial<QueueItem>): QueueItem {
  return {
    id: 't1',
    title: '夜间施工噪音扰民',
    category: 'environment',
    source: 'resident',
    state: 'screening',
    supportCount: 12,
    createdAt: '2026-03-02T02:00:00.000Z',
    receivedAt: '2026-03-02T02:00:00.000Z',
    dueAt: '2026-03-05T15:59:59.999Z',
    overdue: false,
    workingDaysLeft: 2,
    ...overrides,
  }
}

const OVERDUE = item({
  id: 't-late',
  title: '小区东门绿化带开口',
  dueAt: '2026-02-26T15:59:59.999Z',
  overdue: true,
  workingDaysLeft: -3,
})
const RESEARCHING = item({
  id: 't-research',
  title: '充电桩一直没通电',
  state: 'researching',
  workingDaysLeft: 0,
  consultation: { department: { id: 'd1', name: '清江浦区住建局' }, answered: false },
})
const ESCALATED = item({
  id: 't-up',
  title: '三朱村道路坑洼',
  state: 'escalated_up',
  source: 'member_recommended',
  escalation: {
    id: 'e1',
    from: { id: 'r9', name: '三朱村协商议事室' },
    reason: '需区里协调',
    level: 0,
  },
})

function queueBody(items: QueueItem[]) {
  return { room: { id: ROOM_ID, name: '长西社区协商议事室' }, items }
}

const CONSULTATION_TOPIC = {
  id: 't-c',
  roomId: ROOM_ID,
  title: '老旧小区加装电梯',
  category: 'municipal',
  categoryLabel: '市政设施',
  source: 'resident',
  sourceLabel: '群众出题',
  state: 'consultation',
  stateLabel: '待协商',
  anonymous: false,
  author: { displayName: '张阿姨' },
  supportCount: 30,
  commentCount: 4,
  createdAt: '2026-02-01T02:00:00.000Z',
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ roomId: ROOM_ID })
})

describe('reply queue', () => {
  it('lists topics with their clocks, overdue ones in red', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => ok(queueBody([OVERDUE, item({}), RESEARCHING])),
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () => ok({ items: [], nextCursor: null }),
    })
    render(<Queue />)
    await screen.findByText('小区东门绿化带开口')
    expect(screen.getByText('共 3 个议题待答复')).toBeTruthy()
    expect(screen.getByText('其中 1 个已超期')).toBeTruthy()

    const late = screen.getByText('已超期 3 个工作日')
    expect(late.className).toContain('queue__clock--overdue')
    expect(screen.getByText('答复期限 2月26日')).toBeTruthy()
    const onTime = screen.getByText('剩 2 个工作日')
    expect(onTime.className).not.toContain('queue__clock--overdue')
    expect(screen.getByText('今天到期')).toBeTruthy()
    expect(screen.getByText('已征询清江浦区住建局（待答复）')).toBeTruthy()
  })

  it('opens the four-step reply for the room’s own topics and the escalation inbox for incoming ones', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => ok(queueBody([item({}), ESCALATED])),
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () => ok({ items: [], nextCursor: null }),
    })
    render(<Queue />)
    fireEvent.click(await screen.findByText('夜间施工噪音扰民'))
    fireEvent.click(screen.getByText('三朱村道路坑洼'))
    expect(screen.getByText('由三朱村协商议事室提级：需区里协调')).toBeTruthy()
    expect(jest.mocked(Taro.navigateTo).mock.calls.map(([o]) => o.url)).toEqual([
      '/staff/reply/index?id=t1',
      `/staff/escalations/index?roomId=${ROOM_ID}`,
    ])
  })

  it('lists topics in consultation waiting for a meeting, with a way to schedule one', async () => {
    const calls = fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => ok(queueBody([])),
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () =>
        ok({ items: [CONSULTATION_TOPIC], nextCursor: null }),
    })
    render(<Queue />)
    await screen.findByText('暂无待答复的议题')
    expect(calls.map((call) => call.url)).toContain(
      `/api/rooms/${ROOM_ID}/topics?sort=new&state=consultation&limit=50`,
    )
    fireEvent.click(screen.getByText('安排协商会'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/staff/schedule/index?roomId=${ROOM_ID}&topicId=t-c`,
    })
  })

  it('reloads on pull-down and stops the spinner', async () => {
    let loads = 0
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => {
        loads += 1
        return ok(queueBody(loads === 1 ? [] : [item({})]))
      },
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () => ok({ items: [], nextCursor: null }),
    })
    render(<Queue />)
    await screen.findByText('暂无待答复的议题')
    triggerPullDownRefresh()
    await screen.findByText('夜间施工噪音扰民')
    await settle()
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled()
  })

  it('shows 无权访问 to someone who does not run the room', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => failure(403, 'FORBIDDEN'),
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () => ok({ items: [], nextCursor: null }),
    })
    render(<Queue />)
    await screen.findByText('无权访问')
  })

  it('retries after a failure', async () => {
    let loads = 0
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/queue`]: () => {
        loads += 1
        return loads === 1
          ? failure(500, 'INTERNAL', '服务器开小差了，请稍后再试')
          : ok(queueBody([]))
      },
      [`GET /api/rooms/${ROOM_ID}/topics*`]: () => ok({ items: [], nextCursor: null }),
    })
    render(<Queue />)
    fireEvent.click(await screen.findByText('重试'))
    await screen.findByText('暂无待答复的议题')
  })
})
