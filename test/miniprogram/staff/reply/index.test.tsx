import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Reply from '@/staff/reply/index'
import { saveSession, type Me } from '@/services/session'
import type { StaffTopicView } from '@/services/triage'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const TOPIC_ID = '65f0000000000000000000a1'
const ROOM_ID = '65f000000000000000000001'
const DEPT = { id: '65f0000000000000000000d1', name: '清江浦区住建局' }

const CONVENER: Me = {
  id: 'u3',
  displayName: '王主任',
  isStaff: true,
  grants: [{ id: 'g1', role: 'convener', roomId: ROOM_ID, roomName: '长西社区协商议事室' }],
}

function topic(overrides: Partial<StaffTopicView> = {}): StaffTopicView {
  return {
    id: TOPIC_ID,
    roomId: ROOM_ID,
    room: { id: ROOM_ID, name: '长西社区协商议事室' },
    title: '夜间施工噪音扰民',
    description: '工地每晚十一点后还在施工，影响休息。',
    category: 'environment',
    categoryLabel: '环境卫生',
    source: 'resident',
    sourceLabel: '群众出题',
    state: 'screening',
    stateLabel: '研判中',
    supportCount: 12,
    commentCount: 3,
    createdAt: '2026-03-02T02:00:00.000Z',
    replyDueAt: '2099-03-05T15:59:59.999Z',
    allowedEvents: [
      'reply_explain',
      'reply_answer',
      'reply_research',
      'escalate_up',
      'to_consultation',
      'to_micro_suggestion',
    ],
    ...overrides,
  }
}

const ROOM = {
  id: ROOM_ID,
  name: '长西社区协商议事室',
  scene: 'QJPCX1',
  supportThreshold: 10,
  archived: false,
  unit: { id: 'u-cx', name: '长西社区', kind: 'village' },
  path: [
    { id: 'u-ha', name: '淮安市', kind: 'city' },
    { id: 'u-qjp', name: '清江浦区', kind: 'district' },
    { id: 'u-cxj', name: '长西街道', kind: 'town' },
    { id: 'u-cx', name: '长西社区', kind: 'village' },
  ],
  conveners: [],
  members: [],
  onDutyToday: [],
}

function replyResult(body: Record<string, unknown>, state: string) {
  return ok({
    topicId: TOPIC_ID,
    state,
    reply: { ...body, byId: 'u3', at: '2026-03-03T02:00:00.000Z' },
    replyDueAt: '2026-03-20T15:59:59.999Z',
    ...(body.departmentUnitId ? { department: DEPT } : {}),
  })
}

/** A service for a room with one department above it. */
function service(view: StaffTopicView = topic()): RecordedCall[] {
  return fakeService({
    [`GET /api/topics/${TOPIC_ID}`]: () => ok(view),
    [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
    [`GET /api/rooms/${ROOM_ID}/departments`]: () =>
      ok({ items: [{ id: DEPT.id, name: DEPT.name, kind: 'department' }] }),
    [`GET /api/rooms/${ROOM_ID}/meetings`]: () =>
      ok({ items: [{ id: 'm1', startsAt: '2026-02-01T02:00:00.000Z' }] }),
    'GET /api/meetings/m1': () =>
      ok({ invites: [{ kind: 'department', name: DEPT.name, departmentUnitId: DEPT.id }] }),
    [`GET /api/topics/${TOPIC_ID}/consultations`]: () => ok({ items: [] }),
    [`POST /api/topics/${TOPIC_ID}/reply`]: (call) => {
      const body = call.data as Record<string, unknown>
      const states: Record<string, string> = {
        explain: 'closed_explained',
        answer: 'closed_answered',
        research: 'researching',
        escalate: 'consultation',
      }
      return replyResult(body, states[String(body.kind)])
    },
  })
}

function sentBodies(calls: RecordedCall[]): unknown[] {
  return calls.filter((call) => call.url.endsWith('/reply')).map((call) => call.data)
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

async function openPage(): Promise<void> {
  render(<Reply />)
  await screen.findByText('夜间施工噪音扰民')
}

function type(selector: string, value: string): void {
  const field = document.querySelector(selector)
  if (!field) throw new Error(`no ${selector}`)
  fireEvent.change(field, { target: { value } })
}

async function submit(): Promise<void> {
  fireEvent.click(screen.getByText('提交答复'))
  await settle()
}

beforeEach(() => {
  resetTaroMock()
  saveSession({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: CONVENER })
  setRouterParams({ id: TOPIC_ID })
})

describe('four-step reply', () => {
  it('explains and closes: the public text is required, then sent', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('解释说明'))
    await submit()
    expect(screen.getByText('请填写公开答复（2 至 2000 字）')).toBeTruthy()
    expect(sentBodies(calls)).toEqual([])

    type('.reply__text', '  夜间施工已取得许可，施工方将加装隔音屏。  ')
    await submit()
    expect(Taro.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '答复将公开，议题随即办结。' }),
    )
    expect(sentBodies(calls)).toEqual([
      { kind: 'explain', text: '夜间施工已取得许可，施工方将加装隔音屏。' },
    ])
    await screen.findByText('已提交答复')
    expect(screen.getByText('议题状态：已解释说明')).toBeTruthy()
  })

  it('answers directly with the text only', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('直接答复'))
    type('.reply__text', '已联系城管夜间巡查。')
    await submit()
    expect(sentBodies(calls)).toEqual([{ kind: 'answer', text: '已联系城管夜间巡查。' }])
  })

  it('researches: a department must be picked; the private question goes with it', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('调研后答复'))
    expect(screen.getByText('公开说明（选填，不填则显示默认说明）')).toBeTruthy()
    await submit()
    expect(screen.getByText('请选择职能部门')).toBeTruthy()
    expect(sentBodies(calls)).toEqual([])

    const select = await screen.findByTestId('reply-department-select')
    expect(screen.getByText('清江浦区住建局（职能部门）')).toBeTruthy()
    fireEvent.change(select, { target: { value: '0' } })
    type('.reply__question', '该工地夜间施工是否办理了许可？')
    await submit()
    expect(sentBodies(calls)).toEqual([
      {
        kind: 'research',
        departmentUnitId: DEPT.id,
        question: '该工地夜间施工是否办理了许可？',
      },
    ])
    await screen.findByText('已向清江浦区住建局征询意见，请在 3月20日 前作出答复')
  })

  it('escalates: a target is required; consultation sends the target and the public note', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('转协商/微建议'))
    await submit()
    expect(screen.getByText('请选择去向')).toBeTruthy()
    fireEvent.click(screen.getByText('列为协商议题'))
    type('.reply__text', '涉及多方，将组织协商。')
    await submit()
    expect(sentBodies(calls)).toEqual([
      { kind: 'escalate', target: 'consultation', text: '涉及多方，将组织协商。' },
    ])
  })

  it('passes a micro-suggestion to the department picked', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('转协商/微建议'))
    fireEvent.click(screen.getByText('转微建议'))
    await submit()
    expect(screen.getByText('请选择职能部门')).toBeTruthy()
    fireEvent.change(await screen.findByTestId('reply-department-select'), {
      target: { value: '0' },
    })
    await submit()
    expect(sentBodies(calls)).toEqual([
      { kind: 'escalate', target: 'micro_suggestion', departmentUnitId: DEPT.id },
    ])
  })

  it('escalates to the nearest parent room unless another is chosen', async () => {
    const calls = service()
    await openPage()
    fireEvent.click(screen.getByText('转协商/微建议'))
    fireEvent.click(screen.getByText('提交上级议事室'))
    expect(screen.getAllByText('最近的上级议事室（自动）').length).toBeGreaterThan(0)
    await submit()
    expect(sentBodies(calls)).toEqual([{ kind: 'escalate', target: 'parent_room' }])
  })

  it('offers only the steps the service allows now', async () => {
    service(topic({ state: 'researching', allowedEvents: ['reply_answer', 'to_consultation'] }))
    await openPage()
    expect(screen.getByText('直接答复')).toBeTruthy()
    expect(screen.getByText('转协商/微建议')).toBeTruthy()
    expect(screen.queryByText('解释说明')).toBeNull()
    expect(screen.queryByText('调研后答复')).toBeNull()
  })

  it('takes an open topic up for screening first, then offers the four steps', async () => {
    const calls = fakeService({
      [`GET /api/topics/${TOPIC_ID}`]: () =>
        ok(topic({ state: 'open', stateLabel: '征集附议', allowedEvents: ['start_screening'] })),
      [`POST /api/topics/${TOPIC_ID}/screening`]: () => ok(topic()),
    })
    await openPage()
    expect(screen.queryByText('提交答复')).toBeNull()
    type('.reply__screen-note', '先电话联系居民')
    fireEvent.click(screen.getByText('受理研判', { selector: 'button' }))
    await screen.findByText('提交答复')
    const screening = calls.find((call) => call.url.endsWith('/screening'))
    expect(screening?.method).toBe('POST')
    expect(screening?.data).toEqual({ note: '先电话联系居民' })
  })

  it('shows the reply clock in red once overdue', async () => {
    service(topic({ replyDueAt: '2020-01-06T15:59:59.999Z' }))
    await openPage()
    const clock = document.querySelector('.reply__clock')
    expect(clock?.className).toContain('reply__clock--overdue')
    expect(clock?.textContent).toMatch(/^已超期/)
  })

  it('shows the service’s reason by code, and reloads when the topic moved on', async () => {
    let loads = 0
    fakeService({
      [`GET /api/topics/${TOPIC_ID}`]: () => {
        loads += 1
        return ok(topic())
      },
      [`POST /api/topics/${TOPIC_ID}/reply`]: (call) =>
        (call.data as { kind: string }).kind === 'answer'
          ? failure(409, 'ILLEGAL_TRANSITION', '议题处于“已答复”状态，不能“直接答复”')
          : failure(403, 'NOT_ON_DUTY', '您今天不在该议事室值班'),
    })
    await openPage()
    fireEvent.click(screen.getByText('解释说明'))
    type('.reply__text', '依据规定解释。')
    await submit()
    await screen.findByText('您今天不在该议事室值班')

    fireEvent.click(screen.getByText('直接答复'))
    type('.reply__text', '已处理。')
    await submit()
    await screen.findByText('议题状态已变化，已为你刷新')
    expect(loads).toBe(2)
  })

  it('says so when no reply is due in the topic’s state', async () => {
    fakeService({ [`GET /api/topics/${TOPIC_ID}`]: () => ok(topic({ allowedEvents: [] })) })
    await openPage()
    expect(screen.getByText('该议题当前状态下无需答复')).toBeTruthy()
    expect(screen.queryByText('提交答复')).toBeNull()
  })

  it('shows 无权访问 when the service refuses the caller', async () => {
    fakeService({ [`GET /api/topics/${TOPIC_ID}`]: () => failure(403, 'FORBIDDEN') })
    render(<Reply />)
    await screen.findByText('无权访问')
  })
})
