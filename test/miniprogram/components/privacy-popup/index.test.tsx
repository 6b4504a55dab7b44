import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { ComponentType, createElement as CreateElement } from 'react'
import PrivacyPopup from '@/components/privacy-popup'
import {
  installPrivacyGuide,
  onNeedPrivacy,
  privacyPending,
  type PrivacyListener,
  type PrivacyResolveOption,
} from '@/components/privacy-popup/guide'
import PageShell from '@/components/page-shell'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'

// The stand-in Button does not know WeChat's agree event: here the 同意 button fires it on click,
// as WeChat does when the user taps a button with open-type agreePrivacyAuthorization.
jest.mock('@tarojs/components', () => {
  const { createElement } = jest.requireActual<{ createElement: typeof CreateElement }>('react')
  const actual = jest.requireActual<Record<string, unknown>>('@tarojs/components')
  const StandIn = actual.Button as ComponentType<Record<string, unknown>>
  return {
    ...actual,
    Button: (props: Record<string, unknown>) =>
      createElement(
        StandIn,
        props.openType === 'agreePrivacyAuthorization'
          ? { ...props, onClick: props.onAgreePrivacyAuthorization }
          : props,
      ),
  }
})

const openPrivacyContract = jest.fn()

/** What WeChat does when a page calls a privacy API before the user agreed. */
function holdPrivacyCall(): PrivacyResolveOption[] {
  const answers: PrivacyResolveOption[] = []
  act(() => onNeedPrivacy((option) => answers.push(option), { referrer: 'pages/me/index' }))
  return answers
}

beforeAll(() => {
  Object.assign(Taro, { openPrivacyContract })
})

beforeEach(() => {
  resetTaroMock()
  openPrivacyContract.mockClear()
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('privacy popup', () => {
  it('shows nothing until WeChat holds a privacy call', () => {
    const { container } = render(<PrivacyPopup />)
    expect(container.textContent).toBe('')
    holdPrivacyCall()
    expect(screen.getByText('隐私保护提示')).toBeTruthy()
    act(() => fireEvent.click(screen.getByText('不同意')))
  })

  it('tells WeChat it was shown, and lets the held call go on when the user agrees', () => {
    render(<PrivacyPopup />)
    const answers = holdPrivacyCall()
    expect(answers).toEqual([{ event: 'exposureAuthorization' }])
    act(() => fireEvent.click(screen.getByText('同意')))
    expect(answers).toEqual([
      { event: 'exposureAuthorization' },
      { event: 'agree', buttonId: 'privacy-agree' },
    ])
    expect(screen.queryByText('隐私保护提示')).toBeNull()
    expect(privacyPending()).toBe(false)
  })

  it('makes the held call fail when the user disagrees', () => {
    render(<PrivacyPopup />)
    const answers = holdPrivacyCall()
    act(() => fireEvent.click(screen.getByText('不同意')))
    expect(answers[answers.length - 1]).toEqual({ event: 'disagree' })
    expect(screen.queryByText('隐私保护提示')).toBeNull()
  })

  it('opens the privacy guide from the popup', () => {
    render(<PrivacyPopup />)
    holdPrivacyCall()
    fireEvent.click(screen.getByText('查看《隐私保护指引》'))
    expect(openPrivacyContract).toHaveBeenCalled()
    act(() => fireEvent.click(screen.getByText('不同意')))
  })

  it('marks the 同意 button for WeChat (open-type and the id WeChat checks)', () => {
    render(<PrivacyPopup />)
    holdPrivacyCall()
    const agree = screen.getByText('同意')
    expect(agree.id).toBe('privacy-agree')
    act(() => fireEvent.click(agree))
  })

  it('comes with every page (PageShell), so any page can ask', () => {
    render(
      <PageShell className="me">
        <span>我的</span>
      </PageShell>,
    )
    holdPrivacyCall()
    expect(screen.getByText('隐私保护提示')).toBeTruthy()
    act(() => fireEvent.click(screen.getByText('同意')))
  })
})

describe('installPrivacyGuide', () => {
  it('registers the listener in the mini program', () => {
    process.env.TARO_ENV = 'weapp'
    const registered: PrivacyListener[] = []
    const api = { onNeedPrivacyAuthorization: (l: PrivacyListener) => registered.push(l) }
    expect(installPrivacyGuide(api)).toBe(true)
    expect(registered).toEqual([onNeedPrivacy])
  })

  it('does nothing on H5, or where the API does not exist', () => {
    const register = jest.fn()
    process.env.TARO_ENV = 'h5'
    expect(installPrivacyGuide({ onNeedPrivacyAuthorization: register })).toBe(false)
    process.env.TARO_ENV = 'weapp'
    expect(installPrivacyGuide({})).toBe(false)
    expect(installPrivacyGuide()).toBe(false) // the Taro stand-in has no such API
    expect(register).not.toHaveBeenCalled()
  })
})
