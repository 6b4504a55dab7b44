import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TasksPage from '@/staff/tasks/index'
import { saveSession } from '@/services/session'
import { forgetSubscribeTemplates } from '@/services/subscribe'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'
import { DAYS, DEPT_ID, entry } from './fixtures'

const OVERDUE = entry({
  id: 'late',
  title: '修复东门路灯',
  dueAt: new Date(Date.now() - 3 * DAYS).toISOString(),
  urgency: 'overdue',
  reminderCount: 2,
})
const SOON = entry({
  id: 'soon',
  title: '清理楼道杂物',
  track: 'quick',
  trackLabel: '快速办',
  dueAt: new Date(Date.now() + 1 * DAYS).toISOString(),
  urgency: 'due_soon',
  percent: 50,
})
const FINE = entry({ id: 'fine' })

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: {
      id: 'o1',
      displayName: '李科长',
      isStaff: true,
      grants: [{ id: 'g1', role: 'dept_officer', unitId: DEPT_ID, unitName: '供电公司' }],
    },
  })
}

type Routes = Parameters<typeof fakeService>[0]

function service(extra: Routes = {}): RecordedCall[] {
  return fakeService({
    'GET /api/me/action-items?status=open': () => ok({ items: [OVERDUE, SOON, FINE] }),
    'GET /api/me/action-items?status=done': () =>
      ok({
        items: [
          entry({
            id: 'done',
            title: '张贴停电通知',
            status: 'done',
            statusLabel: '已办结',
            percent: 100,
            urgency: 'done',
            doneAt: new Date().toISOString(),
          }),
        ],
      }),
    'GET /api/notifications/templates': () =>
      ok({ moments: { dept_tasks: ['tmpl-task'], meeting_accept: [] } }),
    'POST /api/me/subscriptions': () => ok({ items: [] }),
    ...extra,
  })
}

function card(title: string): HTMLElement {
  const element = screen.getByText(title).closest('.task-card')
  if (!element) throw new Error(`no card for ${title}`)
  return element as HTMLElement
}

beforeEach(() => {
  resetTaroMock()
  forgetSubscribeTemplates()
})

describe('department tasks', () => {
  it('lists my unit’s open items with deadlines: overdue in red, due soon highlighted', async () => {
    logIn()
    service()
    render(<TasksPage />)
    await screen.findByText('修复东门路灯')
    expect(screen.getByText('共 3 项，其中超期 1 项')).toBeTruthy()

    const late = card('修复东门路灯')
    expect(late.className).toContain('task-card--late')
    expect(late.querySelector('.task-card__urgency')?.textContent).toBe('已超期')
    expect(late.querySelector('.task-card__due')?.textContent).toMatch(
      /^截止 \d+月\d+日 · 已超期 3 天$/,
    )
    expect(late.querySelector('.task-card__due')?.className).toContain('task-card__due--late')
    expect(late.textContent).toContain('已催办 2 次')

    const soon = card('清理楼道杂物')
    expect(soon.className).toContain('task-card--soon')
    expect(soon.querySelector('.task-card__urgency')?.textContent).toBe('即将到期')
    expect(soon.textContent).toContain('快速办')
    expect(soon.textContent).toContain('进度 50%')
    expect(soon.querySelector('.task-card__due')?.textContent).toContain('还剩 1 天')

    expect(card('为永胜小区充电桩开通电力账户').className).toContain('task-card--fine')
  })

  it('opens an item on tap', async () => {
    logIn()
    service()
    render(<TasksPage />)
    fireEvent.click(await screen.findByText('修复东门路灯'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/staff/task/index?id=late' })
  })

  it('shows finished items on the 已办结 tab', async () => {
    logIn()
    const calls = service()
    render(<TasksPage />)
    await screen.findByText('修复东门路灯')
    fireEvent.click(screen.getByText('已办结'))
    await screen.findByText('张贴停电通知')
    expect(calls.some((call) => call.url.endsWith('/api/me/action-items?status=done'))).toBe(true)
    expect(screen.queryByText('修复东门路灯')).toBeNull()
  })

  it('asks for task reminders only when 接收任务提醒 is tapped', async () => {
    logIn()
    jest
      .mocked(Taro.requestSubscribeMessage)
      .mockImplementation(() => Promise.resolve({ 'tmpl-task': 'accept' }) as never)
    const calls = service()
    render(<TasksPage />)
    await screen.findByText('修复东门路灯')
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('接收任务提醒'))
    await screen.findByText('已开启任务提醒')
    expect(jest.mocked(Taro.requestSubscribeMessage).mock.calls[0][0]).toMatchObject({
      tmplIds: ['tmpl-task'],
    })
    const recorded = calls.filter((call) => call.url.endsWith('/api/me/subscriptions'))
    expect(recorded.map((call) => call.data)).toEqual([{ results: { 'tmpl-task': 'accept' } }])
  })

  it('says so when there is nothing to do', async () => {
    logIn()
    service({ 'GET /api/me/action-items?status=open': () => ok({ items: [] }) })
    render(<TasksPage />)
    await screen.findByText('暂无待办任务')
  })

  it('explains that only departments and room staff get tasks', async () => {
    logIn()
    service({
      'GET /api/me/action-items?status=open': () => failure(403, 'FORBIDDEN', '没有权限'),
    })
    render(<TasksPage />)
    await screen.findByText('没有需要办理的任务')
  })

  it('offers a retry when loading fails', async () => {
    logIn()
    let fail = true
    service({
      'GET /api/me/action-items?status=open': () =>
        fail ? failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用') : ok({ items: [FINE] }),
    })
    render(<TasksPage />)
    await screen.findByText('数据库暂时不可用')
    fail = false
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('为永胜小区充电桩开通电力账户')
  })

  it('asks to log in first', async () => {
    service()
    render(<TasksPage />)
    fireEvent.click(await screen.findByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })
})
