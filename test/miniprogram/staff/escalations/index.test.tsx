import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Escalations from '@/staff/escalations/index'
import type { RoomEscalation } from '@/services/escalations'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const ROOM_ID = '65f000000000000000000002'

const PENDING: RoomEscalation = {
  id: 'e1',
  level: 0,
  from: { id: 'r1', name: '长西社区协商议事室' },
  to: { id: ROOM_ID, name: '长西街道协商议事室' },
  status: 'pending',
  reason: '涉及多个小区，需要街道协调',
  createdAt: '2026-03-02T02:00:00.000Z',
  topic: { id: 't1', title: '小区东门绿化带开口', state: 'escalated_up' },
  dueAt: '2026-03-09T15:59:59.999Z',
  overdue: true,
  workingDaysLeft: -1,
}

function decision(status: string, reason?: string) {
  return ok({
    escalationId: 'e1',
    topicId: 't1',
    status,
    room: { id: ROOM_ID, name: '长西街道协商议事室' },
    decidedAt: '2026-03-10T02:00:00.000Z',
    ...(reason ? { decisionReason: reason } : {}),
    replyDueAt: '2026-03-13T15:59:59.999Z',
  })
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ roomId: ROOM_ID })
})

describe('escalated topics', () => {
  it('lists pending escalations with where they came from and the clock', async () => {
    const calls = fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [PENDING] }),
    })
    render(<Escalations />)
    await screen.findByText('小区东门绿化带开口')
    expect(screen.getByText('来自 长西社区协商议事室 · 第 1 级')).toBeTruthy()
    expect(screen.getByText('提级理由：涉及多个小区，需要街道协调')).toBeTruthy()
    expect(screen.getByText('已超期 1 个工作日').className).toContain('escalations__clock--overdue')
    expect(calls).toHaveLength(1)
  })

  it('accepts a topic after confirming, then offers to reply to it', async () => {
    const calls = fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [PENDING] }),
      'POST /api/escalations/e1/accept': () => decision('accepted'),
    })
    render(<Escalations />)
    fireEvent.click(await screen.findByText('接收'))
    fireEvent.click(await screen.findByText('去答复'))
    expect(calls.find((call) => call.url === '/api/escalations/e1/accept')?.method).toBe('POST')
    expect(screen.getByText(/^已接收 · /)).toBeTruthy()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/reply/index?id=t1' })
  })

  it('does nothing when the convener cancels the acceptance', async () => {
    jest.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: '' })
    const calls = fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [PENDING] }),
    })
    render(<Escalations />)
    fireEvent.click(await screen.findByText('接收'))
    await screen.findByText('接收')
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0)
  })

  it('returns a topic only with a reason, and sends it', async () => {
    const calls = fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [PENDING] }),
      'POST /api/escalations/e1/return': (call) =>
        decision('returned', (call.data as { reason: string }).reason),
    })
    render(<Escalations />)
    fireEvent.click(await screen.findByText('退回'))
    fireEvent.click(screen.getByText('确认退回'))
    expect(screen.getByText('请填写退回原因')).toBeTruthy()
    const input = document.querySelector('.escalations__return-reason') as Element
    fireEvent.change(input, { target: { value: '属社区物业范围，请社区先行协调' } })
    fireEvent.click(screen.getByText('确认退回'))
    await screen.findByText('退回原因：属社区物业范围，请社区先行协调')
    expect(calls.find((call) => call.url === '/api/escalations/e1/return')?.data).toEqual({
      reason: '属社区物业范围，请社区先行协调',
    })
  })

  it('shows the service’s reason when the decision was already taken', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [PENDING] }),
      'POST /api/escalations/e1/accept': () => failure(409, 'ESCALATION_DECIDED', '该提级已处理'),
    })
    render(<Escalations />)
    fireEvent.click(await screen.findByText('接收'))
    await screen.findByText('该提级已处理')
  })

  it('shows everything decided before under 全部', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => ok({ items: [] }),
      [`GET /api/rooms/${ROOM_ID}/escalations`]: () =>
        ok({ items: [{ ...PENDING, status: 'returned', decidedAt: '2026-03-10T02:00:00.000Z' }] }),
    })
    render(<Escalations />)
    await screen.findByText('暂无提级到本议事室的议题')
    fireEvent.click(screen.getByText('全部'))
    await screen.findByText(/^已退回 · /)
    expect(screen.queryByText('接收')).toBeNull()
  })

  it('shows 无权访问 to someone who does not run the room', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/escalations?status=pending`]: () => failure(403, 'FORBIDDEN'),
    })
    render(<Escalations />)
    await screen.findByText('无权访问')
  })
})
