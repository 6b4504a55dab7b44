import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SettingsPage from '@/pages/settings/index'
import type { NotificationPrefs, Subscriptions } from '@/services/preferences'
import { saveSession, type Me } from '@/services/session'
import { getSettings } from '@/services/settings'
import { forgetSubscribeTemplates } from '@/services/subscribe'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const PREFS: NotificationPrefs = {
  mutedKinds: [],
  digest: false,
  kinds: [
    { kind: 'topic_status', label: '议题进展' },
    { kind: 'meeting_reminder', label: '协商会提醒' },
  ],
}

function subs(progress: number, reply: number, meeting: number): Subscriptions {
  return {
    topic_progress: { templateId: 'tmpl-progress', remaining: progress, always: null },
    reply: { templateId: 'tmpl-reply', remaining: reply, always: null },
    meeting: { templateId: 'tmpl-meeting', remaining: meeting, always: null },
  }
}

const TEMPLATES = {
  moments: {
    after_raise: ['tmpl-progress', 'tmpl-reply'],
    after_support: ['tmpl-progress', 'tmpl-reply'],
    meeting_accept: ['tmpl-meeting', 'tmpl-progress'],
    dept_tasks: ['tmpl-progress'],
  },
}

const RESIDENT: Me = { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] }

function logIn(user: Me = RESIDENT): void {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user })
}

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

function service(extra: Record<string, (call: RecordedCall) => ReturnType<typeof ok>> = {}) {
  return fakeService({
    'GET /api/me/notification-prefs': () => ok(PREFS),
    'GET /api/me/subscriptions': () => ok(subs(2, 0, 0)),
    'GET /api/notifications/templates': () => ok(TEMPLATES),
    ...extra,
  })
}

const switchOf = (container: HTMLElement, className: string) =>
  container.querySelector(`.${className}`) as HTMLInputElement

beforeEach(() => {
  resetTaroMock()
  forgetSubscribeTemplates()
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('settings: display', () => {
  it('makes the whole page larger at once when 大字模式 is switched on', async () => {
    service()
    const { container } = render(<SettingsPage />)
    const root = container.querySelector('.page-shell') as HTMLElement
    expect(root.classList.contains('settings')).toBe(true)
    expect(root.classList.contains('text-large')).toBe(false)

    fireEvent.click(switchOf(container, 'settings__large-text'))
    expect(root.classList.contains('text-large')).toBe(true)
    expect(getSettings().largeText).toBe(true)

    fireEvent.click(switchOf(container, 'settings__large-text'))
    expect(root.classList.contains('text-large')).toBe(false)
  })

  it('switches the language to English and back', async () => {
    service()
    render(<SettingsPage />)
    fireEvent.click(screen.getByText('English'))
    expect(screen.getByText('Large text')).toBeTruthy()
    expect(getSettings().lang).toBe('en')
    fireEvent.click(screen.getByText('中文'))
    expect(screen.getByText('大字模式')).toBeTruthy()
  })

  it('offers the display settings before logging in, and a login for the rest', async () => {
    const calls = service()
    render(<SettingsPage />)
    expect(screen.getByText('大字模式')).toBeTruthy()
    fireEvent.click(await screen.findByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(calls).toHaveLength(0)
  })
})

describe('settings: messages', () => {
  it('mutes a kind and turns the daily digest on, saving each change', async () => {
    logIn()
    const calls = service({
      'PUT /api/me/notification-prefs': (call) => ok({ ...PREFS, ...(call.data as object) }),
    })
    const { container } = render(<SettingsPage />)
    await screen.findByText('议题进展')
    const progress = switchOf(container, 'settings__kind--topic_status')
    expect(progress.checked).toBe(true)

    fireEvent.click(progress)
    await settle()
    expect(switchOf(container, 'settings__kind--topic_status').checked).toBe(false)
    fireEvent.click(switchOf(container, 'settings__digest'))
    await settle()

    const puts = calls.filter((call) => call.method === 'PUT').map((call) => call.data)
    expect(puts).toEqual([
      { mutedKinds: ['topic_status'], digest: false },
      { mutedKinds: ['topic_status'], digest: true },
    ])
    expect(switchOf(container, 'settings__digest').checked).toBe(true)
  })

  it('puts the switch back and says so when saving fails', async () => {
    logIn()
    service({
      'PUT /api/me/notification-prefs': () =>
        failure(500, 'INTERNAL', '服务器开小差了，请稍后再试'),
    })
    const { container } = render(<SettingsPage />)
    await screen.findByText('协商会提醒')
    fireEvent.click(switchOf(container, 'settings__kind--meeting_reminder'))
    await settle()
    expect(switchOf(container, 'settings__kind--meeting_reminder').checked).toBe(true)
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '服务器开小差了，请稍后再试' }),
    )
  })

  it('shows the error with a retry when the preferences cannot load', async () => {
    logIn()
    let attempts = 0
    service({
      'GET /api/me/notification-prefs': () => {
        attempts += 1
        return attempts === 1 ? failure(500, 'INTERNAL', '服务器开小差了，请稍后再试') : ok(PREFS)
      },
    })
    render(<SettingsPage />)
    fireEvent.click(await screen.findByText('重试'))
    await screen.findByText('议题进展')
  })
})

describe('settings: WeChat subscriptions', () => {
  it('shows what WeChat lets us send per template', async () => {
    logIn()
    service({ 'GET /api/me/subscriptions': () => ok(subs(2, 0, 1)) })
    const { container } = render(<SettingsPage />)
    await screen.findByText('议题进展提醒')
    const status = (key: string) =>
      container.querySelector(`.settings__template--${key} .settings__status`)?.textContent
    expect(status('topic_progress')).toBe('还可接收 2 条')
    expect(status('reply')).toBe('未开启')
    expect(status('meeting')).toBe('还可接收 1 条')
  })

  it("opens WeChat's popup for the moment on tap, records the answer and shows the new status", async () => {
    process.env.TARO_ENV = 'weapp'
    logIn()
    let grants = subs(0, 0, 0)
    const calls = service({
      'GET /api/me/subscriptions': () => ok(grants),
      'POST /api/me/subscriptions': () => {
        grants = subs(1, 1, 0)
        return ok(grants)
      },
    })
    jest
      .mocked(Taro.requestSubscribeMessage)
      .mockResolvedValue({ 'tmpl-progress': 'accept', 'tmpl-reply': 'accept' } as never)
    const { container } = render(<SettingsPage />)
    await screen.findByText('我提出和附议的议题')
    await settle()
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()
    const templateCalls = calls.filter((call) => call.url === '/api/notifications/templates')
    expect(templateCalls).toHaveLength(1) // fetched ahead, so the tap reaches WeChat at once

    await act(async () => {
      fireEvent.click(container.querySelector('.settings__subscribe--after_raise') as Element)
    })
    await settle()
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({
      tmplIds: ['tmpl-progress', 'tmpl-reply'],
    })
    expect(calls.find((call) => call.method === 'POST')?.data).toEqual({
      results: { 'tmpl-progress': 'accept', 'tmpl-reply': 'accept' },
    })
    expect(calls.filter((call) => call.url === '/api/notifications/templates')).toHaveLength(1)
    expect(
      container.querySelector('.settings__template--reply .settings__status')?.textContent,
    ).toBe('还可接收 1 条')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已开启订阅' }))
  })

  it('offers the department-task moment to department officers only', async () => {
    logIn()
    service()
    const resident = render(<SettingsPage />)
    await screen.findByText('协商会')
    expect(screen.queryByText('部门任务')).toBeNull()
    expect(resident.container.querySelector('.settings__subscribe--dept_tasks')).toBeNull()
    resident.unmount()

    logIn({
      id: 'u5',
      displayName: '住建局小刘',
      isStaff: true,
      grants: [{ id: 'g1', role: 'dept_officer', unitId: 'd1', unitName: '区住建局' }],
    })
    const officer = render(<SettingsPage />)
    await screen.findByText('部门任务')
    expect(officer.container.querySelector('.settings__subscribe--dept_tasks')).not.toBeNull()
  })
})
