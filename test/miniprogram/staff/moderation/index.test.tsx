import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Moderation from '@/staff/moderation/index'
import type { ModerationItem } from '@/services/moderation'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ROOM_ID = '65f000000000000000000001'
const AUTHOR_ID = '65f0000000000000000000b1'

const REPORTED: ModerationItem = {
  id: 'c1',
  topicId: 't1',
  author: { displayName: '路人甲', id: AUTHOR_ID },
  text: '这个召集人就是个骗子',
  status: 'auto_hidden',
  mine: false,
  createdAt: '2026-03-02T02:00:00.000Z',
  moderation: { needsReview: true, reportCount: 3, openReports: 3, history: [] },
  topic: { id: 't1', title: '夜间施工噪音扰民' },
  reports: [
    { reason: 'abuse', note: '人身攻击', at: '2026-03-02T03:00:00.000Z' },
    { reason: 'spam', at: '2026-03-02T04:00:00.000Z' },
  ],
}

const BLOCK = {
  roomId: ROOM_ID,
  userId: 'u-old',
  displayName: '刷屏用户',
  reason: '反复发广告',
  until: null,
  byId: 'u3',
  createdAt: '2026-02-01T02:00:00.000Z',
}

function service(extra: Record<string, (call: RecordedCall) => ReturnType<typeof ok>> = {}) {
  let blocks = [BLOCK]
  return fakeService({
    [`GET /api/rooms/${ROOM_ID}/moderation?status=pending&limit=20`]: () =>
      ok({ items: [REPORTED], nextCursor: null }),
    [`GET /api/rooms/${ROOM_ID}/moderation?status=hidden&limit=20`]: () =>
      ok({ items: [], nextCursor: null }),
    [`GET /api/rooms/${ROOM_ID}/blocks`]: () => ok({ items: blocks }),
    'POST /api/comments/c1/hide': (call) =>
      ok({ ...REPORTED, status: 'hidden', reason: (call.data as { reason: string }).reason }),
    'POST /api/comments/c1/restore': () => ok({ ...REPORTED, status: 'visible' }),
    [`POST /api/rooms/${ROOM_ID}/blocks`]: (call) => {
      const body = call.data as { userId: string; reason: string }
      const created = { ...BLOCK, userId: body.userId, displayName: '路人甲', reason: body.reason }
      blocks = [...blocks, created]
      return ok(created, 201)
    },
    [`DELETE /api/rooms/${ROOM_ID}/blocks/u-old`]: () => {
      blocks = blocks.filter((block) => block.userId !== 'u-old')
      return ok(null, 204)
    },
    ...extra,
  })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function typeReason(value: string): void {
  const input = document.querySelector('.moderation__reason')
  if (!input) throw new Error('no reason input')
  fireEvent.change(input, { target: { value } })
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ roomId: ROOM_ID })
})

describe('comment moderation', () => {
  it('shows staff the original text, who wrote it and why it was reported', async () => {
    service()
    render(<Moderation />)
    await screen.findByText('这个召集人就是个骗子')
    expect(screen.getByText('被举报自动隐藏')).toBeTruthy()
    expect(screen.getByText('举报 2 次')).toBeTruthy()
    expect(screen.getByText('辱骂攻击：人身攻击')).toBeTruthy()
    expect(screen.getByText('议题：夜间施工噪音扰民')).toBeTruthy()
  })

  it('hides a comment only with a reason', async () => {
    const calls = service()
    render(<Moderation />)
    fireEvent.click(await screen.findByText('隐藏'))
    fireEvent.click(screen.getByText('确认隐藏'))
    expect(screen.getByText('请填写原因')).toBeTruthy()
    typeReason(' 人身攻击 ')
    fireEvent.click(screen.getByText('确认隐藏'))
    await waitFor(() =>
      expect(document.querySelector('.moderation__status')?.textContent).toBe('已隐藏'),
    )
    const hide = calls.find((call) => call.url === '/api/comments/c1/hide')
    expect(hide?.method).toBe('POST')
    expect(hide?.data).toEqual({ reason: '人身攻击' })
    expect(screen.queryByText('隐藏')).toBeNull()
  })

  it('restores a comment with a reason', async () => {
    const calls = service()
    render(<Moderation />)
    fireEvent.click(await screen.findByText('恢复'))
    typeReason('举报不实')
    fireEvent.click(screen.getByText('确认恢复'))
    await screen.findByText('公开')
    expect(calls.find((call) => call.url === '/api/comments/c1/restore')?.data).toEqual({
      reason: '举报不实',
    })
  })

  it('blocks the author from the room for the chosen time', async () => {
    const calls = service()
    render(<Moderation />)
    fireEvent.click(await screen.findByText('禁言'))
    typeReason('多次辱骂')
    fireEvent.click(screen.getByText('长期'))
    fireEvent.click(screen.getByText('确认禁言'))
    await screen.findByText('路人甲', { selector: '.moderation__block-row span' })
    const block = calls.find(
      (call) => call.method === 'POST' && call.url === `/api/rooms/${ROOM_ID}/blocks`,
    )
    expect(block?.data).toEqual({ userId: AUTHOR_ID, reason: '多次辱骂' })
  })

  it('sends a block end date when blocking for 7 days', async () => {
    const calls = service()
    render(<Moderation />)
    fireEvent.click(await screen.findByText('禁言'))
    typeReason('刷屏')
    fireEvent.click(screen.getByText('确认禁言'))
    await settle()
    const body = calls.find(
      (call) => call.method === 'POST' && call.url === `/api/rooms/${ROOM_ID}/blocks`,
    )?.data as { until: string }
    const days = (new Date(body.until).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThan(7.1)
  })

  it('lists blocked users and lifts a block', async () => {
    const calls = service()
    render(<Moderation />)
    await screen.findByText('刷屏用户')
    fireEvent.click(screen.getByText('解除禁言'))
    await screen.findByText('本议事室暂无禁言用户')
    expect(calls.some((call) => call.method === 'DELETE')).toBe(true)
  })

  it('shows the service’s reason when a decision is refused', async () => {
    service({
      'POST /api/comments/c1/hide': () => failure(409, 'COMMENT_STATE_CONFLICT', '该评论已被隐藏'),
    })
    render(<Moderation />)
    fireEvent.click(await screen.findByText('隐藏'))
    typeReason('辱骂')
    fireEvent.click(screen.getByText('确认隐藏'))
    await screen.findByText('该评论已被隐藏')
  })

  it('switches to hidden comments', async () => {
    service()
    render(<Moderation />)
    await screen.findByText('这个召集人就是个骗子')
    fireEvent.click(screen.getByText('已隐藏'))
    await screen.findByText('暂无被隐藏的评论')
  })

  it('shows 无权访问 to someone who does not run the room', async () => {
    fakeService({
      [`GET /api/rooms/${ROOM_ID}/moderation?status=pending&limit=20`]: () =>
        failure(403, 'FORBIDDEN'),
    })
    render(<Moderation />)
    await screen.findByText('无权访问')
  })
})
