import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import DutyPage from '@/staff/duty/index'
import type { RoomPublic } from '@/services/rooms'
import { saveSession, type MeGrant } from '@/services/session'
import type { TopicSummary } from '@/services/topic-summary'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ME = { id: 'm1', displayName: '陈委员' }

function room(id: string, name: string, onDuty: boolean): RoomPublic {
  return {
    id,
    name,
    scene: `S${id}`,
    supportThreshold: 10,
    unit: { id: `u-${id}`, name, kind: 'village' },
    path: [],
    conveners: [],
    members: [ME],
    onDutyToday: onDuty ? [ME] : [{ id: 'm2', displayName: '刘委员' }],
  }
}

function topic(id: string, title: string, state: TopicSummary['state']): TopicSummary {
  return {
    id,
    roomId: 'r1',
    title,
    category: 'municipal',
    categoryLabel: '市政设施',
    source: 'resident',
    sourceLabel: '群众出题',
    state,
    stateLabel: state === 'open' ? '征集附议' : '研判中',
    anonymous: false,
    author: { displayName: '张阿姨' },
    supportCount: 3,
    commentCount: 1,
    createdAt: '2024-05-01T08:00:00.000Z',
  }
}

function logIn(grants: MeGrant[]): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { ...ME, isStaff: grants.length > 0, grants },
  })
}

const page = (items: TopicSummary[]) => ok({ items, nextCursor: null })

function service(): RecordedCall[] {
  return fakeService({
    'GET /api/rooms/r1': () => ok(room('r1', '长西社区协商议事室', false)),
    'GET /api/rooms/r2': () => ok(room('r2', '永胜社区协商议事室', true)),
    'GET /api/rooms/r1/topics?sort=new&state=screening&limit=20': () => page([]),
    'GET /api/rooms/r1/topics?sort=new&state=researching&limit=20': () => page([]),
    'GET /api/rooms/r1/topics?sort=new&state=open&limit=20': () => page([]),
    'GET /api/rooms/r2/topics?sort=new&state=screening&limit=20': () =>
      page([topic('t1', '运河步道没有公厕', 'screening')]),
    'GET /api/rooms/r2/topics?sort=new&state=researching&limit=20': () => page([]),
    'GET /api/rooms/r2/topics?sort=new&state=open&limit=20': () =>
      page([topic('t2', '小区缺少休息座椅', 'open')]),
  })
}

const ATTACHED: MeGrant[] = [
  { id: 'g1', role: 'member', roomId: 'r1', roomName: '长西社区协商议事室' },
  { id: 'g2', role: 'member', roomId: 'r2', roomName: '永胜社区协商议事室' },
]

beforeEach(() => {
  resetTaroMock()
})

describe('duty inbox', () => {
  it('puts the room where I am on duty first, with the topics awaiting an answer', async () => {
    logIn(ATTACHED)
    service()
    render(<DutyPage />)
    await screen.findByText('运河步道没有公厕')
    const names = Array.from(document.querySelectorAll('.duty__room-name')).map(
      (el) => el.textContent,
    )
    expect(names).toEqual(['永胜社区协商议事室', '长西社区协商议事室'])
    const first = document.querySelector('.duty__room') as HTMLElement
    expect(first.textContent).toContain('今日值班')
    expect(first.textContent).toContain('今天由您值班：研判中的议题请及时答复')
    expect(first.textContent).toContain('待答复（1）')
    expect(first.textContent).toContain('征集附议中（1）')
    expect(screen.getByText('今日值班：刘委员')).toBeTruthy()
    expect(screen.getByText('暂无待答复的议题')).toBeTruthy()
  })

  it('opens a topic to answer it', async () => {
    logIn(ATTACHED)
    service()
    render(<DutyPage />)
    fireEvent.click(await screen.findByText('运河步道没有公厕'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=t1' })
  })

  it('recommends a topic in the room as a member (委员荐题)', async () => {
    logIn(ATTACHED)
    service()
    render(<DutyPage />)
    await screen.findByText('运河步道没有公厕')
    fireEvent.click(screen.getAllByText('委员荐题')[0])
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/pages/raise/index?roomId=r2&source=member_recommended',
    })
  })

  it('says so when the member is not attached to any room', async () => {
    logIn([{ id: 'g9', role: 'member', unitId: 'sector-1', unitName: '经济界' }])
    const calls = service()
    render(<DutyPage />)
    await screen.findByText('您还没有挂钩的议事室')
    expect(calls).toHaveLength(0)
  })

  it('offers a retry when loading fails', async () => {
    logIn(ATTACHED.slice(0, 1))
    fakeService({ 'GET /api/rooms/r1': () => failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用') })
    render(<DutyPage />)
    await screen.findByText('暂时无法加载值班信息')
    expect(screen.getByText('重试')).toBeTruthy()
  })
})
