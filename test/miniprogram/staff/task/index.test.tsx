import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TaskPage from '@/staff/task/index'
import type { ActionItemDetail } from '@/services/action-items'
import type { RoomPublic } from '@/services/rooms'
import { saveSession, type MeGrant } from '@/services/session'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'
import { DEPT_ID, ROOM_ID, detail } from '../tasks/fixtures'

const ITEM_ID = '66b000000000000000000a01'

const ROOM: RoomPublic = {
  id: ROOM_ID,
  name: '永胜社区协商议事室',
  scene: 'YS0001',
  supportThreshold: 10,
  unit: { id: 'u-ys', name: '永胜社区', kind: 'village' },
  path: [
    { id: 'u-qjp', name: '清江浦区', kind: 'district' },
    { id: 'u-ys', name: '永胜社区', kind: 'village' },
  ],
  conveners: [],
  members: [],
  onDutyToday: [],
}

const OFFICER: MeGrant = { id: 'g1', role: 'dept_officer', unitId: DEPT_ID }
const MEMBER: MeGrant = { id: 'g2', role: 'member', roomId: ROOM_ID }
const OFFICE: MeGrant = { id: 'g3', role: 'office_staff', unitId: 'u-qjp' }

function logIn(grant: MeGrant): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'me', displayName: '我', isStaff: true, grants: [grant] },
  })
}

type Routes = Parameters<typeof fakeService>[0]

/** An item service that remembers notes and progress, like the real one. */
function service(initial: ActionItemDetail, extra: Routes = {}): RecordedCall[] {
  let item = initial
  return fakeService({
    [`GET /api/action-items/${ITEM_ID}`]: () => ok(item),
    [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
    [`POST /api/action-items/${ITEM_ID}/progress`]: (call) => {
      const body = call.data as { percent: number; note: string }
      const done = body.percent === 100
      item = {
        ...item,
        percent: body.percent,
        status: done ? 'done' : 'in_progress',
        statusLabel: done ? '已办结' : '办理中',
        updates: [
          ...item.updates,
          {
            at: new Date().toISOString(),
            by: { id: 'me', displayName: '我' },
            percent: body.percent,
            note: body.note,
            photos: [],
          },
        ],
      }
      return ok({ item, topicState: done ? 'awaiting_callback' : 'in_progress' })
    },
    [`POST /api/action-items/${ITEM_ID}/supervision-notes`]: (call) => {
      const note = {
        id: `n${item.notes.length + 1}`,
        text: (call.data as { text: string }).text,
        at: new Date().toISOString(),
        by: { id: 'me', displayName: '陈委员' },
      }
      item = { ...item, notes: [...item.notes, note] }
      return ok(note, 201)
    },
    [`POST /api/action-items/${ITEM_ID}/remind`]: () => {
      item = {
        ...item,
        reminderCount: item.reminderCount + 1,
        reminders: [
          ...item.reminders,
          { at: new Date().toISOString(), kind: 'manual', by: { id: 'me', displayName: '陈委员' } },
        ],
      }
      return ok(item)
    },
    ...extra,
  })
}

function posted(calls: RecordedCall[], suffix: string): unknown[] {
  return calls
    .filter((call) => call.method === 'POST' && call.url.endsWith(suffix))
    .map((call) => call.data)
}

function typeInto(placeholder: string, value: string): void {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
}

/** A recorded entry (progress or note), not the text still in the form. */
const ENTRY = { selector: '.task__entry-text' }
const PROGRESS_NOTE = '说明做了什么、下一步安排（必填）'
const SUPERVISION_NOTE = '写下督办意见，责任单位和召集人都会看到'

async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ id: ITEM_ID })
})

describe('one action item', () => {
  it('shows the item, its deadline, progress history with photos and the topic link', async () => {
    logIn(OFFICER)
    service(detail())
    render(<TaskPage />)
    await screen.findByText('为永胜小区充电桩开通电力账户')
    expect(screen.getByText('供电公司清江浦营业部')).toBeTruthy()
    expect(screen.getByText('统筹办')).toBeTruthy()
    expect(document.querySelector('.task__due')?.textContent).toMatch(/还剩 10 天$/)
    expect(screen.getByText('已与物业约定开户材料')).toBeTruthy()
    expect(document.querySelectorAll('.task__history .task__photo-img')).toHaveLength(1)
    fireEvent.click(screen.getByText('充电桩装好一年没通电 ›'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=topic-1' })
  })

  it('lets the owner unit’s officer report progress with a note and an uploaded photo', async () => {
    logIn(OFFICER)
    jest
      .mocked(Taro.chooseImage)
      .mockImplementation(() => Promise.resolve({ tempFilePaths: ['wxfile://site.jpg'] }) as never)
    jest.mocked(Taro.uploadFile).mockImplementation(
      () =>
        Promise.resolve({
          statusCode: 201,
          data: JSON.stringify({
            key: 'up/site.jpg',
            url: '/api/uploads/photos/up%2Fsite.jpg',
            width: 800,
            height: 600,
            bytes: 2048,
            contentType: 'image/jpeg',
          }),
        }) as never,
    )
    const calls = service(detail())
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    expect(screen.queryByText('添加督办意见')).toBeNull()
    expect(screen.queryByText('催办')).toBeNull()

    fireEvent.click(screen.getByText('50%'))
    expect(screen.getByText('本次进度 50%')).toBeTruthy()
    typeInto(PROGRESS_NOTE, '供电公司已受理开户申请')
    fireEvent.click(screen.getByText('添加照片'))
    await screen.findByText('已添加 1 张照片')
    expect(jest.mocked(Taro.uploadFile).mock.calls[0][0]).toMatchObject({
      filePath: 'wxfile://site.jpg',
      name: 'file',
    })

    fireEvent.click(screen.getByText('提交进展'))
    await screen.findByText('供电公司已受理开户申请', ENTRY)
    expect(posted(calls, '/progress')).toEqual([
      { percent: 50, note: '供电公司已受理开户申请', photoKeys: ['up/site.jpg'] },
    ])
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '进展已提交', icon: 'success' })
    expect(screen.getByText('当前进度 50%', { selector: '.task__summary *' })).toBeTruthy()
  })

  it('takes the percent from the slider and never offers less than already reported', async () => {
    logIn(OFFICER)
    const calls = service(detail({ percent: 50, urgency: 'on_track' }))
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    const quick = (label: string) =>
      screen.getByText(label, { selector: 'button' }) as HTMLButtonElement
    expect(quick('25%').disabled).toBe(true)
    expect(quick('75%').disabled).toBe(false)
    const slider = document.querySelector('.task__slider') as HTMLInputElement
    fireEvent.change(slider, { target: { value: '80' } })
    expect(screen.getByText('本次进度 80%')).toBeTruthy()
    typeInto(PROGRESS_NOTE, '线路已接入')
    fireEvent.click(screen.getByText('提交进展'))
    await screen.findByText('线路已接入', ENTRY)
    expect(posted(calls, '/progress')).toEqual([{ percent: 80, note: '线路已接入' }])
  })

  it('asks for confirmation before reporting 100% (done), and sends nothing if declined', async () => {
    logIn(OFFICER)
    const calls = service(detail())
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    fireEvent.click(screen.getByText('100% 完成'))
    typeInto(PROGRESS_NOTE, '充电桩已通电，业主可以正常使用')

    jest
      .mocked(Taro.showModal)
      .mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }) as never)
    fireEvent.click(screen.getByText('提交并办结'))
    await settle()
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认办结' }))
    expect(posted(calls, '/progress')).toEqual([])

    fireEvent.click(screen.getByText('提交并办结'))
    await screen.findByText('充电桩已通电，业主可以正常使用', ENTRY)
    expect(posted(calls, '/progress')).toEqual([
      { percent: 100, note: '充电桩已通电，业主可以正常使用' },
    ])
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '任务已办结', icon: 'success' })
    // Done: no more progress reports.
    expect(screen.queryByText('反馈进展')).toBeNull()
  })

  it('requires a note before sending a report', async () => {
    logIn(OFFICER)
    const calls = service(detail())
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    fireEvent.click(screen.getByText('75%'))
    fireEvent.click(screen.getByText('提交进展'))
    expect(screen.getByText('请填写进展说明')).toBeTruthy()
    expect(posted(calls, '/progress')).toEqual([])
  })

  it('shows the service’s reason when a report is refused', async () => {
    logIn(OFFICER)
    service(detail(), {
      [`POST /api/action-items/${ITEM_ID}/progress`]: () =>
        failure(409, 'PERCENT_DECREASED', '办理进度不能低于上次填报的 60%'),
    })
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    typeInto(PROGRESS_NOTE, '补充说明')
    fireEvent.click(screen.getByText('提交进展'))
    await screen.findByText('办理进度不能低于上次填报的 60%')
  })

  it('lets a supervising member add a supervision note and remind the owner unit', async () => {
    logIn(MEMBER)
    const calls = service(detail())
    render(<TaskPage />)
    await screen.findByText('督办')
    expect(screen.queryByText('反馈进展')).toBeNull()

    typeInto(SUPERVISION_NOTE, '请在月底前给出通电时间')
    fireEvent.click(screen.getByText('添加督办意见'))
    await screen.findByText('请在月底前给出通电时间', ENTRY)
    expect(posted(calls, '/supervision-notes')).toEqual([{ text: '请在月底前给出通电时间' }])
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '督办意见已添加', icon: 'success' })

    fireEvent.click(screen.getByText('催办'))
    await screen.findByText('催办记录')
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认催办' }))
    expect(posted(calls, '/remind')).toHaveLength(1)
  })

  it('asks for the note text before sending one', async () => {
    logIn(MEMBER)
    const calls = service(detail())
    render(<TaskPage />)
    fireEvent.click(await screen.findByText('添加督办意见'))
    expect(screen.getByText('请填写督办意见')).toBeTruthy()
    expect(posted(calls, '/supervision-notes')).toEqual([])
  })

  it('offers no reminder for a finished item, but still takes supervision notes', async () => {
    logIn(MEMBER)
    service(detail({ status: 'done', statusLabel: '已办结', percent: 100, urgency: 'done' }))
    render(<TaskPage />)
    await screen.findByText('添加督办意见')
    expect(screen.queryByText('催办')).toBeNull()
    expect(screen.queryByText('反馈进展')).toBeNull()
  })

  it('lets office staff above the room both report on the unit’s behalf and supervise', async () => {
    logIn(OFFICE)
    service(detail())
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    expect(screen.getByText('添加督办意见')).toBeTruthy()
    expect(screen.getByText('催办')).toBeTruthy()
  })

  it('lets an officer of the department above the owner unit report too', async () => {
    logIn({ id: 'g4', role: 'dept_officer', unitId: 'parent-department' })
    service(detail())
    render(<TaskPage />)
    await screen.findByText('反馈进展')
    expect(screen.queryByText('添加督办意见')).toBeNull()
  })

  it('says plainly when the caller may not see the item', async () => {
    logIn(MEMBER)
    service(detail(), {
      [`GET /api/action-items/${ITEM_ID}`]: () => failure(403, 'FORBIDDEN', '没有权限'),
    })
    render(<TaskPage />)
    await screen.findByText('无权查看该任务')
  })

  it('says plainly when the item does not exist', async () => {
    logIn(MEMBER)
    service(detail(), {
      [`GET /api/action-items/${ITEM_ID}`]: () =>
        failure(404, 'ACTION_ITEM_NOT_FOUND', '找不到该任务'),
    })
    render(<TaskPage />)
    await screen.findByText('找不到该任务')
  })
})
