import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Outcome from '@/staff/outcome/index'
import { saveSession, type Me } from '@/services/session'
import type { StaffTopicView } from '@/services/triage'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const TOPIC_ID = '65f0000000000000000000a1'
const ROOM_ID = '65f000000000000000000001'
const DEPT_ID = '65f0000000000000000000d1'

const CONVENER: Me = {
  id: 'u3',
  displayName: '王主任',
  isStaff: true,
  grants: [{ id: 'g1', role: 'convener', roomId: ROOM_ID, roomName: '长西社区协商议事室' }],
}

const TOPIC: StaffTopicView = {
  id: TOPIC_ID,
  roomId: ROOM_ID,
  room: { id: ROOM_ID, name: '长西社区协商议事室' },
  title: '夜间施工噪音扰民',
  description: '工地每晚十一点后还在施工。',
  category: 'environment',
  categoryLabel: '环境卫生',
  source: 'resident',
  sourceLabel: '群众出题',
  state: 'meeting_scheduled',
  stateLabel: '协商会已安排',
  supportCount: 12,
  commentCount: 3,
  createdAt: '2026-03-02T02:00:00.000Z',
  allowedEvents: ['publish_outcome', 'reschedule_meeting', 'cancel_meeting'],
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
  conveners: [],
  members: [],
  onDutyToday: [],
}

function service(publish?: (call: RecordedCall) => ReturnType<typeof ok>): RecordedCall[] {
  return fakeService({
    [`GET /api/topics/${TOPIC_ID}`]: () => ok(TOPIC),
    [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
    [`GET /api/rooms/${ROOM_ID}/departments`]: () =>
      ok({ items: [{ id: DEPT_ID, name: '清江浦区住建局', kind: 'department' }] }),
    [`GET /api/rooms/${ROOM_ID}/meetings`]: () =>
      ok({ items: [{ id: 'm1', startsAt: '2026-03-05T06:30:00.000Z' }] }),
    'GET /api/meetings/m1': () =>
      ok({ invites: [{ kind: 'department', name: '清江浦区住建局', departmentUnitId: DEPT_ID }] }),
    [`GET /api/topics/${TOPIC_ID}/consultations`]: () => ok({ items: [] }),
    [`POST /api/topics/${TOPIC_ID}/outcome`]:
      publish ?? (() => ok({ topicId: TOPIC_ID, topicState: 'in_progress' }, 201)),
  })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function typeInto(element: Element | undefined, value: string): void {
  if (!element) throw new Error('no field')
  fireEvent.change(element, { target: { value } })
}

function all(selector: string): Element[] {
  return Array.from(document.querySelectorAll(selector))
}

function published(calls: RecordedCall[]): unknown[] {
  return calls.filter((call) => call.method === 'POST').map((call) => call.data)
}

beforeEach(() => {
  resetTaroMock()
  saveSession({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: CONVENER })
  setRouterParams({ id: TOPIC_ID })
})

describe('publish the outcome', () => {
  it('publishes the plan with two action items, then opens the topic', async () => {
    const calls = service()
    render(<Outcome />)
    await screen.findByText('夜间施工噪音扰民')
    typeInto(
      document.querySelector('.outcome__plan') ?? undefined,
      '  施工方22点后停工，城管夜查。 ',
    )
    fireEvent.click(screen.getByText('添加任务'))
    expect(screen.getByText('任务 2')).toBeTruthy()

    const names = all('.outcome__item-name')
    typeInto(names[0], '加装隔音屏')
    fireEvent.change(await screen.findByTestId('outcome-owner-0-select'), {
      target: { value: '0' },
    })
    fireEvent.click(all('.outcome__track--coordinated')[0])
    fireEvent.change(screen.getByTestId('outcome-due-0-input'), { target: { value: '2099-04-30' } })
    typeInto(all('.outcome__detail')[0], '沿工地东侧，高度不低于3米')

    typeInto(names[1], '夜间巡查')
    fireEvent.change(screen.getByTestId('outcome-owner-1-select'), { target: { value: '1' } })
    fireEvent.click(all('.outcome__track--quick')[1])
    fireEvent.click(document.querySelector('.outcome__settled') as Element)

    fireEvent.click(screen.getByText('发布成果'))
    await settle()
    expect(published(calls)).toEqual([
      {
        plan: '施工方22点后停工，城管夜查。',
        actionItems: [
          {
            title: '加装隔音屏',
            ownerUnitId: DEPT_ID,
            track: 'coordinated',
            dueAt: '2099-04-30T23:59:59+08:00',
            detail: '沿工地东侧，高度不低于3米',
          },
          { title: '夜间巡查', ownerUnitId: 'u-cx', track: 'quick', settledOnSpot: true },
        ],
      },
    ])
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/topic/index?id=${TOPIC_ID}` })
  })

  it('offers the departments met at meetings and the room’s own units as owners', async () => {
    service()
    render(<Outcome />)
    await screen.findByTestId('outcome-owner-0-select')
    const options = all('[data-testid="outcome-owner-0-select"] option').map((o) => o.textContent)
    expect(options).toEqual([
      '',
      '清江浦区住建局（职能部门）',
      '长西社区（村/社区）',
      '清江浦区（区/县）',
    ])
  })

  it('checks the plan and every item before sending', async () => {
    const calls = service()
    render(<Outcome />)
    await screen.findByText('夜间施工噪音扰民')
    fireEvent.click(screen.getByText('添加任务'))
    typeInto(all('.outcome__item-name')[1], '修')
    fireEvent.change(screen.getByTestId('outcome-due-1-input'), { target: { value: '2020-01-01' } })
    fireEvent.click(screen.getByText('发布成果'))
    expect(screen.getByText('请写明协商成果（5 至 5000 字）')).toBeTruthy()
    expect(screen.getAllByText('请写明任务内容（2 至 100 字）')).toHaveLength(2)
    expect(screen.getAllByText('请选择责任单位')).toHaveLength(2)
    expect(screen.getAllByText('请选择办理类型')).toHaveLength(2)
    expect(screen.getByText('完成期限须晚于今天')).toBeTruthy()
    expect(screen.getByText('请先完善上面标红的内容')).toBeTruthy()
    expect(published(calls)).toEqual([])
  })

  it('removes an item and may publish with none', async () => {
    const calls = service()
    render(<Outcome />)
    await screen.findByText('夜间施工噪音扰民')
    fireEvent.click(screen.getByText('删除任务'))
    expect(screen.getByText('没有需要交办的任务时，发布后直接进入回访')).toBeTruthy()
    typeInto(document.querySelector('.outcome__plan') ?? undefined, '会上已当场解决，无需交办。')
    fireEvent.click(screen.getByText('发布成果'))
    await settle()
    expect(published(calls)).toEqual([{ plan: '会上已当场解决，无需交办。', actionItems: [] }])
  })

  it('shows the service’s reason when it refuses', async () => {
    service(() => failure(409, 'MEETING_NOT_STARTED', '该议题还没有召开协商会，不能发布成果'))
    render(<Outcome />)
    await screen.findByText('夜间施工噪音扰民')
    fireEvent.click(screen.getByText('删除任务'))
    typeInto(document.querySelector('.outcome__plan') ?? undefined, '会上已当场解决。')
    fireEvent.click(screen.getByText('发布成果'))
    await screen.findByText('该议题还没有召开协商会，不能发布成果')
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  it('explains when the topic is not ready for an outcome', async () => {
    fakeService({
      [`GET /api/topics/${TOPIC_ID}`]: () =>
        ok({ ...TOPIC, state: 'consultation', stateLabel: '待协商', allowedEvents: [] }),
      [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
      [`GET /api/rooms/${ROOM_ID}/departments`]: () => ok({ items: [] }),
      [`GET /api/rooms/${ROOM_ID}/meetings`]: () => ok({ items: [] }),
      [`GET /api/topics/${TOPIC_ID}/consultations`]: () => ok({ items: [] }),
    })
    render(<Outcome />)
    await screen.findByText('该议题现在不能发布协商成果')
    expect(screen.queryByText('发布成果')).toBeNull()
  })
})
