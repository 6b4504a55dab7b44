import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TopicActions, { staffActions } from '@/components/topic-actions'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'
import {
  CONVENER,
  loginAs,
  RESIDENT,
  ROOM_ID,
  TOPIC_ID,
  topicView,
} from '../../pages/topic/fixtures'

const LABELS = { reply: '四步答复', callback: '记录回访' }
const PII = {
  realName: '张秀英',
  phone: '13800000000',
  petitionerName: null,
  petitionerPhone: null,
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
})

describe('topic actions', () => {
  it('shows a resident no staff actions, even on their own topic', () => {
    loginAs(RESIDENT)
    fakeService({})
    const topic = topicView({ allowedEvents: ['withdraw'] })
    const { container } = render(<TopicActions topic={topic} onChanged={jest.fn()} />)
    expect(container.innerHTML).toBe('')
    expect(staffActions(topic, LABELS)).toEqual([])
  })

  it('gives a petitioner at call-back no staff action: they rate on the page instead', () => {
    const topic = topicView({
      state: 'awaiting_callback',
      allowedEvents: ['confirm_solved', 'report_unsolved'],
    })
    expect(staffActions(topic, LABELS)).toEqual([])
  })

  it('offers a convener who may reply 四步答复, linking to the staff reply page', () => {
    loginAs(CONVENER)
    fakeService({})
    const topic = topicView({
      state: 'screening',
      allowedEvents: ['reply_explain', 'reply_answer', 'reply_research', 'to_consultation'],
    })
    render(<TopicActions topic={topic} onChanged={jest.fn()} />)
    expect(screen.getByText('工作人员操作')).toBeTruthy()
    fireEvent.click(screen.getByText('四步答复'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/staff/reply/index?id=${TOPIC_ID}` })
    expect(screen.queryByText('受理研判')).toBeNull()
  })

  it('maps scheduling and publishing to their staff pages', () => {
    const topic = topicView({ allowedEvents: ['schedule_meeting', 'publish_outcome', 'merge'] })
    expect(staffActions(topic, LABELS)).toEqual([
      {
        key: 'schedule',
        kind: 'page',
        label: '安排协商会',
        url: `/staff/schedule/index?roomId=${ROOM_ID}&topicId=${TOPIC_ID}`,
      },
      {
        key: 'outcome',
        kind: 'page',
        label: '发布协商成果',
        url: `/staff/outcome/index?id=${TOPIC_ID}`,
      },
    ])
  })

  it('takes a topic up for screening right here after a confirmation', async () => {
    loginAs(CONVENER)
    const calls = fakeService({
      [`POST /api/topics/${TOPIC_ID}/screening`]: () =>
        ok(topicView({ state: 'screening', stateLabel: '研判中' })),
    })
    const onChanged = jest.fn()
    render(
      <TopicActions
        topic={topicView({ allowedEvents: ['start_screening'] })}
        onChanged={onChanged}
      />,
    )
    fireEvent.click(screen.getByText('受理研判'))
    await settle()
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '受理研判' }))
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST /api/topics/${TOPIC_ID}/screening`,
    ])
    expect(onChanged).toHaveBeenCalledTimes(1)
  })

  it('does nothing when the confirmation is cancelled', async () => {
    loginAs(CONVENER)
    const calls = fakeService({})
    jest
      .mocked(Taro.showModal)
      .mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' })
    const onChanged = jest.fn()
    render(
      <TopicActions
        topic={topicView({ allowedEvents: ['start_screening'] })}
        onChanged={onChanged}
      />,
    )
    fireEvent.click(screen.getByText('受理研判'))
    await settle()
    expect(calls).toHaveLength(0)
    expect(onChanged).not.toHaveBeenCalled()
  })

  it('shows why the service refused an inline action', async () => {
    loginAs(CONVENER)
    fakeService({
      [`POST /api/topics/${TOPIC_ID}/screening`]: () =>
        failure(409, 'CONFLICT', '议题状态已变化，请刷新后重试'),
    })
    render(
      <TopicActions
        topic={topicView({ allowedEvents: ['start_screening'] })}
        onChanged={jest.fn()}
      />,
    )
    fireEvent.click(screen.getByText('受理研判'))
    await screen.findByText('议题状态已变化，请刷新后重试')
  })

  it('records a phone call-back for staff, requiring the result and a note', async () => {
    loginAs(CONVENER)
    const calls = fakeService({
      [`POST /api/topics/${TOPIC_ID}/callback-record`]: () =>
        ok({
          topicId: TOPIC_ID,
          topicState: 'reopened',
          solved: false,
          answeredAt: '2025-04-01T02:00:00.000Z',
        }),
    })
    const onChanged = jest.fn()
    const topic = topicView({
      state: 'awaiting_callback',
      allowedEvents: ['confirm_solved', 'report_unsolved'],
      pii: PII,
    })
    render(<TopicActions topic={topic} onChanged={onChanged} />)
    fireEvent.click(screen.getByText('记录回访'))
    fireEvent.click(screen.getByText('保存回访记录'))
    expect(screen.getByText('请选择是否已解决')).toBeTruthy()
    fireEvent.click(screen.getByText('未解决'))
    fireEvent.click(screen.getByText('保存回访记录'))
    expect(screen.getByText('请填写回访记录')).toBeTruthy()
    expect(calls).toHaveLength(0)

    fireEvent.change(screen.getByPlaceholderText('回访记录：诉求人怎么说（必填）'), {
      target: { value: '充电桩通电了，但收费太高' },
    })
    fireEvent.click(screen.getByText('2'))
    fireEvent.click(screen.getByText('保存回访记录'))
    await settle()
    expect(calls[0].data).toEqual({
      solved: false,
      rating: 2,
      note: '充电桩通电了，但收费太高',
      method: 'phone',
    })
    expect(onChanged).toHaveBeenCalledTimes(1)
  })

  it('offers the reopened topic’s two routes', () => {
    const topic = topicView({ state: 'reopened', allowedEvents: ['resume_actions', 'rescreen'] })
    expect(staffActions(topic, LABELS).map((action) => action.label)).toEqual([
      '继续办理',
      '重新研判',
    ])
  })
})
