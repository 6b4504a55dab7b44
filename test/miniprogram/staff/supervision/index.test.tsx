import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SupervisionPage from '@/staff/supervision/index'
import { saveSession } from '@/services/session'
import type { OverdueReplies } from '@/services/supervision'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'
import { DAYS, ROOM_ID, entry } from '../tasks/fixtures'

const ESCALATED = entry({
  id: 'esc',
  title: '拆除东门绿化带开口',
  dueAt: new Date(Date.now() - 8 * DAYS).toISOString(),
  urgency: 'escalate',
  escalated: true,
  escalatedTo: { id: 'u-qjp', name: '清江浦区政协' },
  ownerUnit: { id: 'd2', name: '区园林局' },
})
const ON_TRACK = entry({ id: 'ok' })

const REPLIES: OverdueReplies = {
  total: 1,
  rooms: [
    {
      room: { id: ROOM_ID, name: '永胜社区协商议事室' },
      overdue: 1,
      oldestDueAt: '2024-05-01T00:00:00.000Z',
    },
  ],
  topics: [
    {
      id: 'topic-9',
      title: '运河步道没有公厕',
      state: 'screening',
      room: { id: ROOM_ID, name: '永胜社区协商议事室' },
      dueAt: '2024-05-01T00:00:00.000Z',
      workingDaysLeft: -4,
    },
  ],
}

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: {
      id: 'm1',
      displayName: '陈委员',
      isStaff: true,
      grants: [{ id: 'g1', role: 'member', roomId: ROOM_ID }],
    },
  })
}

type Routes = Parameters<typeof fakeService>[0]

function service(extra: Routes = {}): RecordedCall[] {
  return fakeService({
    'GET /api/supervision/action-items': () => ok({ items: [ESCALATED, ON_TRACK] }),
    'GET /api/supervision/action-items?urgency=lagging': () => ok({ items: [ESCALATED] }),
    'GET /api/supervision/replies': () => ok(REPLIES),
    ...extra,
  })
}

beforeEach(() => {
  resetTaroMock()
})

describe('supervision list', () => {
  it('lists open items most urgent first with their owner unit, and overdue replies', async () => {
    logIn()
    service()
    render(<SupervisionPage />)
    await screen.findByText('拆除东门绿化带开口')
    const cards = Array.from(document.querySelectorAll('.task-card'))
    expect(cards.map((card) => card.querySelector('.task-card__title')?.textContent)).toEqual([
      '拆除东门绿化带开口',
      '为永胜小区充电桩开通电力账户',
    ])
    expect(cards[0].className).toContain('task-card--late')
    expect(cards[0].textContent).toContain('责任单位：区园林局')
    expect(cards[0].textContent).toContain('已升级至清江浦区政协督办')
    expect(screen.getByText('共 1 个议题超期未答复')).toBeTruthy()
    expect(screen.getByText('永胜社区协商议事室 · 超期 4 个工作日')).toBeTruthy()
  })

  it('opens an item on the task page and an overdue topic on the topic page', async () => {
    logIn()
    service()
    render(<SupervisionPage />)
    fireEvent.click(await screen.findByText('拆除东门绿化带开口'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/task/index?id=esc' })
    fireEvent.click(screen.getByText('运河步道没有公厕'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=topic-9' })
  })

  it('narrows the list to lagging items', async () => {
    logIn()
    const calls = service()
    render(<SupervisionPage />)
    await screen.findByText('为永胜小区充电桩开通电力账户')
    fireEvent.click(screen.getByText('逾期督办'))
    await screen.findByText('拆除东门绿化带开口')
    expect(screen.queryByText('为永胜小区充电桩开通电力账户')).toBeNull()
    expect(calls.some((call) => call.url.endsWith('?urgency=lagging'))).toBe(true)
  })

  it('says so when there is nothing to supervise', async () => {
    logIn()
    service({
      'GET /api/supervision/action-items': () => ok({ items: [] }),
      'GET /api/supervision/replies': () => ok({ total: 0, rooms: [], topics: [] }),
    })
    render(<SupervisionPage />)
    await screen.findByText('暂无需要督办的任务')
    expect(screen.getByText('没有超期未答复的议题')).toBeTruthy()
  })

  it('explains who may supervise when the caller may not', async () => {
    logIn()
    service({ 'GET /api/supervision/action-items': () => failure(403, 'FORBIDDEN', '没有权限') })
    render(<SupervisionPage />)
    await screen.findByText('没有督办权限')
  })

  it('offers a retry when loading fails', async () => {
    logIn()
    service({
      'GET /api/supervision/replies': () => failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用'),
    })
    render(<SupervisionPage />)
    await screen.findByText('数据库暂时不可用')
    expect(screen.getByText('重试')).toBeTruthy()
  })
})
