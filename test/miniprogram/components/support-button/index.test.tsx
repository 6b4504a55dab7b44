import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SupportButton, { type SupportButtonProps } from '@/components/support-button'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'
import { loginAs, RESIDENT, TOPIC_ID } from '../../pages/topic/fixtures'

const SUPPORT = `PUT /api/topics/${TOPIC_ID}/support`
const WITHDRAW = `DELETE /api/topics/${TOPIC_ID}/support`

function props(overrides: Partial<SupportButtonProps> = {}): SupportButtonProps {
  return {
    topicId: TOPIC_ID,
    state: 'open',
    supportCount: 12,
    supportedByMe: false,
    canSupport: true,
    canWithdrawSupport: false,
    ...overrides,
  }
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
})

describe('support button', () => {
  it('shows the count and supports once even when tapped twice', async () => {
    loginAs(RESIDENT)
    const calls = fakeService({
      [SUPPORT]: () => ok({ supportCount: 13, supportedByMe: true, state: 'open' }),
    })
    const onChange = jest.fn()
    render(<SupportButton {...props()} onChange={onChange} />)
    expect(screen.getByText('12 人附议')).toBeTruthy()

    fireEvent.click(screen.getByText('附议'))
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('13 人附议')
    expect(screen.getByText('已附议 · 撤回附议')).toBeTruthy()
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1)
    expect(calls[0].header.Authorization).toBe('Bearer access')
    expect(onChange).toHaveBeenCalledWith({ supportCount: 13, supportedByMe: true, state: 'open' })
  })

  it('keeps the service count when a repeated support is answered idempotently', async () => {
    loginAs(RESIDENT)
    // Supported from another phone meanwhile: the service answers the same count, not one more.
    fakeService({ [SUPPORT]: () => ok({ supportCount: 12, supportedByMe: true, state: 'open' }) })
    render(<SupportButton {...props()} />)
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('已附议 · 撤回附议')
    expect(screen.getByText('12 人附议')).toBeTruthy()
  })

  it('withdraws a support and offers to support again', async () => {
    loginAs(RESIDENT)
    const calls = fakeService({
      [WITHDRAW]: () => ok({ supportCount: 11, supportedByMe: false, state: 'open' }),
    })
    render(
      <SupportButton
        {...props({ supportedByMe: true, canSupport: false, canWithdrawSupport: true })}
      />,
    )
    fireEvent.click(screen.getByText('已附议 · 撤回附议'))
    await screen.findByText('11 人附议')
    expect(calls.map((call) => call.method)).toEqual(['DELETE'])
    expect((screen.getByText('附议') as HTMLButtonElement).disabled).toBe(false)
    expect(screen.queryByText('接收进展通知')).toBeNull()
  })

  it('opens the login page instead of calling the service when nobody is logged in', async () => {
    const calls = fakeService({})
    render(<SupportButton {...props({ canSupport: false })} />)
    fireEvent.click(screen.getByText('附议'))
    await settle()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(calls).toHaveLength(0)
  })

  it('shows the reason the service gives when it refuses', async () => {
    loginAs(RESIDENT)
    fakeService({ [SUPPORT]: () => failure(409, 'SELF_SUPPORT', '不能附议自己提出的议题') })
    render(<SupportButton {...props()} />)
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('不能附议自己提出的议题')
    expect(screen.getByText('12 人附议')).toBeTruthy()
    expect(screen.getByText('附议')).toBeTruthy()
  })

  it('falls back to the catalogue wording when the refusal message is not Chinese', async () => {
    loginAs(RESIDENT)
    fakeService({ [SUPPORT]: () => failure(409, 'SUPPORT_CLOSED', 'closed') })
    render(<SupportButton {...props()} />)
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('议题已不再征集附议')
  })

  it('offers progress notices after a support and asks WeChat only on that tap', async () => {
    loginAs(RESIDENT)
    const calls = fakeService({
      [SUPPORT]: () => ok({ supportCount: 13, supportedByMe: true, state: 'open' }),
      'GET /api/notifications/templates': () =>
        ok({ moments: { after_support: ['tmpl-progress'] } }),
      'POST /api/me/subscriptions': () => ok({ saved: 1 }),
    })
    jest
      .mocked(Taro.requestSubscribeMessage)
      .mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-progress': 'accept' })
    render(<SupportButton {...props()} />)
    fireEvent.click(screen.getByText('附议'))
    await screen.findByText('接收进展通知')
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('接收进展通知'))
    await screen.findByText('已开启进展通知')
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl-progress'] })
    const saved = calls.find((call) => call.url.endsWith('/api/me/subscriptions'))
    expect(saved?.data).toEqual({ results: { 'tmpl-progress': 'accept' } })
  })

  it('says supports are closed when the topic no longer collects them', () => {
    loginAs(RESIDENT)
    fakeService({})
    render(<SupportButton {...props({ state: 'in_progress', canSupport: false })} />)
    expect((screen.getByText('已停止征集附议') as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows a finished support as done when it can no longer be withdrawn', () => {
    loginAs(RESIDENT)
    fakeService({})
    render(
      <SupportButton
        {...props({ state: 'in_progress', supportedByMe: true, canSupport: false })}
      />,
    )
    expect((screen.getByText('已附议') as HTMLButtonElement).disabled).toBe(true)
  })
})
