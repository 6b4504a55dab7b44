import { act, fireEvent, render, screen } from '@testing-library/react'
import RatingForm from '@/components/rating-form'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'
import { loginAs, RESIDENT, TOPIC_ID } from '../../pages/topic/fixtures'

const CALLBACK = `POST /api/topics/${TOPIC_ID}/callback`

function answered(solved: boolean, rating: number) {
  return ok({
    topicId: TOPIC_ID,
    topicState: solved ? 'closed' : 'reopened',
    solved,
    rating,
    answeredAt: '2025-04-01T02:00:00.000Z',
  })
}

function star(container: HTMLElement, n: number): Element {
  const found = container.querySelector(`.rating-form__star--${n}`)
  if (!found) throw new Error(`no star ${n}`)
  return found
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

let calls: RecordedCall[]

beforeEach(() => {
  resetTaroMock()
  loginAs(RESIDENT)
})

describe('rating form', () => {
  it('asks whether it is solved, then for a rating, before sending anything', async () => {
    calls = fakeService({ [CALLBACK]: () => answered(true, 4) })
    render(<RatingForm topicId={TOPIC_ID} />)
    fireEvent.click(screen.getByText('提交评价'))
    expect(screen.getByText('请选择问题是否已解决')).toBeTruthy()
    fireEvent.click(screen.getByText('已解决'))
    fireEvent.click(screen.getByText('提交评价'))
    expect(screen.getByText('请为办理结果打分')).toBeTruthy()
    await settle()
    expect(calls).toHaveLength(0)
  })

  it('requires a reason when it is not solved and sends it as the comment', async () => {
    calls = fakeService({ [CALLBACK]: () => answered(false, 2) })
    const onDone = jest.fn()
    const { container } = render(<RatingForm topicId={TOPIC_ID} onDone={onDone} />)
    fireEvent.click(screen.getByText('未解决'))
    fireEvent.click(star(container, 2))
    expect(screen.getByText('2 分 · 不满意')).toBeTruthy()
    fireEvent.click(screen.getByText('提交评价'))
    expect(screen.getByText('请说明问题为何没有解决')).toBeTruthy()
    expect(calls).toHaveLength(0)

    fireEvent.change(screen.getByPlaceholderText('请说明还有什么问题没有解决（必填）'), {
      target: { value: '  只通了一半的桩  ' },
    })
    fireEvent.click(screen.getByText('提交评价'))
    await screen.findByText('已收到您的反馈，议事室会重新办理')
    expect(calls[0].data).toEqual({ solved: false, rating: 2, comment: '只通了一半的桩' })
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ solved: false, rating: 2 }))
  })

  it('sends solved with five stars and no comment, and thanks the resident', async () => {
    calls = fakeService({ [CALLBACK]: () => answered(true, 5) })
    const { container } = render(<RatingForm topicId={TOPIC_ID} />)
    fireEvent.click(screen.getByText('已解决'))
    fireEvent.click(star(container, 5))
    expect(container.querySelectorAll('.rating-form__star--on')).toHaveLength(5)
    fireEvent.click(screen.getByText('提交评价'))
    await screen.findByText('感谢您的评价！')
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([CALLBACK])
    expect(calls[0].data).toEqual({ solved: true, rating: 5 })
  })

  it('shows the service’s refusal', async () => {
    calls = fakeService({ [CALLBACK]: () => failure(409, 'ALREADY_RATED', '您已评价过该议题') })
    const { container } = render(<RatingForm topicId={TOPIC_ID} />)
    fireEvent.click(screen.getByText('已解决'))
    fireEvent.click(star(container, 3))
    fireEvent.click(screen.getByText('提交评价'))
    await screen.findByText('您已评价过该议题')
    expect(screen.getByText('提交评价')).toBeTruthy()
  })
})
