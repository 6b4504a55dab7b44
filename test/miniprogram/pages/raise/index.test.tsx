import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Raise from '@/pages/raise/index'
import { draftStorageKey } from '@/services/raise'
import type { RoomPublic } from '@/services/rooms'
import { saveSession } from '@/services/session'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok, type RecordedCall } from '../../support/requests'

const ROOM_ID = '64b000000000000000000001'
const ROOM: RoomPublic = {
  id: ROOM_ID,
  name: '长西社区协商议事室',
  scene: 'QJPCX1',
  supportThreshold: 10,
  archived: false,
  unit: { id: 'u4', name: '长西社区', kind: 'village' },
  path: [{ id: 'u4', name: '长西社区', kind: 'village' }],
  conveners: [],
  members: [],
  onDutyToday: [],
}

const RAISED = {
  id: '64b0000000000000000000aa',
  roomId: ROOM_ID,
  room: { id: ROOM_ID, name: ROOM.name },
  title: '小区东门绿化带挡路',
  description: '东门出去要绕一大圈，老人买菜很不方便。',
  category: 'traffic',
  categoryLabel: '交通出行',
  photos: [],
  source: 'resident',
  sourceLabel: '群众出题',
  anonymous: false,
  author: { displayName: '张阿姨' },
  state: 'open',
  stateLabel: '征集附议',
  supportCount: 0,
  commentCount: 0,
  canSupport: false,
  canWithdrawSupport: false,
  createdAt: '2024-05-01T08:00:00.000Z',
  allowedEvents: ['withdraw'],
}

function logIn(): void {
  saveSession({
    accessToken: 'token',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] },
  })
}

type Routes = Parameters<typeof fakeService>[0]

function service(extra: Routes = {}): RecordedCall[] {
  return fakeService({
    [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
    'GET /api/topics/similar*': () => ok({ items: [] }),
    [`POST /api/rooms/${ROOM_ID}/topics`]: () => ok(RAISED, 201),
    ...extra,
  })
}

function type(placeholder: string | RegExp, value: string): void {
  fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
}

function chooseCategory(container: HTMLElement, index: number): void {
  const select = container.querySelector('.raise__category select')
  if (!select) throw new Error('no category picker')
  fireEvent.change(select, { target: { value: String(index) } })
}

/** What the category picker shows (the chosen label or the placeholder). */
function pickerText(container: HTMLElement): string | null | undefined {
  return container.querySelector('.raise__picker')?.textContent
}

/** Fills in a complete, valid form (交通出行). */
function fillForm(container: HTMLElement): void {
  chooseCategory(container, 0)
  type(/一句话说清楚问题/, '  小区东门绿化带挡路 ')
  type(/在哪里、什么情况/, '东门出去要绕一大圈，老人买菜很不方便。')
}

async function openForm() {
  const view = render(<Raise />)
  await screen.findByText('提交到：长西社区协商议事室')
  return view
}

function posted(calls: RecordedCall[]): RecordedCall | undefined {
  return calls.find((call) => call.method === 'POST' && call.url.endsWith('/topics'))
}

beforeEach(() => {
  resetTaroMock()
  delete process.env.TARO_ENV
  setRouterParams({ roomId: ROOM_ID })
})

describe('raise page: the form', () => {
  it('explains every missing or too short field in Chinese and sends nothing', async () => {
    logIn()
    const calls = service()
    const { container } = await openForm()
    type(/一句话说清楚问题/, '灯')
    type(/在哪里、什么情况/, '坏了')
    fireEvent.click(screen.getByText('提交'))

    expect(screen.getByText('请选择问题类别')).toBeTruthy()
    expect(screen.getByText('标题至少 2 个字')).toBeTruthy()
    expect(screen.getByText('请把情况描述得具体一些（至少 5 个字）')).toBeTruthy()
    expect(screen.getByText('还有内容需要修改，请看标红的提示')).toBeTruthy()
    expect(posted(calls)).toBeUndefined()

    chooseCategory(container, 1)
    expect(screen.queryByText('请选择问题类别')).toBeNull()
    expect(pickerText(container)).toBe('市政设施')
  })

  it('asks a grid worker for the petitioner and checks the phone number', async () => {
    logIn()
    setRouterParams({ roomId: ROOM_ID, source: 'grid_worker' })
    const calls = service()
    const { container } = await openForm()
    expect(Taro.setNavigationBarTitle).toHaveBeenCalledWith({ title: '代群众反映' })
    fillForm(container)
    type('便于回访，仅工作人员可见', 'abc')
    fireEvent.click(screen.getByText('提交'))
    expect(screen.getByText('请填写诉求人姓名')).toBeTruthy()
    expect(screen.getByText('电话号码格式不对，请只填数字')).toBeTruthy()

    type('替哪位群众反映？', '李大爷')
    type('便于回访，仅工作人员可见', '13800000000')
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('提交成功')
    expect(posted(calls)?.data).toMatchObject({
      source: 'grid_worker',
      petitioner: { name: '李大爷', phone: '13800000000' },
    })
  })

  it('submits the trimmed text, category, address and anonymity', async () => {
    logIn()
    const calls = service()
    const { container } = await openForm()
    fillForm(container)
    type(/长西社区 3 号楼东侧/, ' 长西社区东门 ')
    fireEvent.click(screen.getByRole('switch'))
    expect(screen.getByText('公众看不到你的名字，工作人员可见')).toBeTruthy()

    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })

    await screen.findByText('提交成功')
    const call = posted(calls)
    expect(call?.url).toMatch(new RegExp(`/api/rooms/${ROOM_ID}/topics$`))
    expect(call?.header.Authorization).toBe('Bearer token')
    expect(call?.data).toEqual({
      title: '小区东门绿化带挡路',
      description: '东门出去要绕一大圈，老人买菜很不方便。',
      category: 'traffic',
      anonymous: true,
      place: { address: '长西社区东门' },
    })
  })

  it('shows the content-check refusal and keeps what was typed', async () => {
    logIn()
    service({
      [`POST /api/rooms/${ROOM_ID}/topics`]: () =>
        failure(
          422,
          'WECHAT_CONTENT_RISKY',
          '议题内容含有违规信息，未能提交。请修改标题或描述后再试。',
        ),
    })
    const { container } = await openForm()
    fillForm(container)
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('议题内容含有违规信息，未能提交。请修改标题或描述后再试。')
    expect(screen.getByDisplayValue('小区东门绿化带挡路')).toBeTruthy()
    expect(screen.queryByText('提交成功')).toBeNull()
    expect((screen.getByText('提交') as HTMLButtonElement).disabled).toBe(false)
  })

  it('says a topic held for review is under review', async () => {
    logIn()
    service({
      [`POST /api/rooms/${ROOM_ID}/topics`]: () =>
        ok({ ...RAISED, state: 'pending_review', stateLabel: '审核中' }, 201),
    })
    const { container } = await openForm()
    fillForm(container)
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('已提交，正在审核')
    expect(screen.getByText('当前状态：审核中')).toBeTruthy()
  })

  it('sends a logged-out user to log in first and keeps the draft', async () => {
    const calls = service()
    const { container, unmount } = await openForm()
    expect(screen.getByText('登录后才能提交。已填写的内容会保存在本机，不会丢失。')).toBeTruthy()
    fillForm(container)
    fireEvent.click(screen.getByText('提交'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(screen.getByText('请先登录，已填写的内容已保存')).toBeTruthy()
    expect(posted(calls)).toBeUndefined()
    unmount()

    logIn()
    await openForm()
    expect(screen.getByDisplayValue('小区东门绿化带挡路')).toBeTruthy()
    expect(screen.queryByText('登录后才能提交。已填写的内容会保存在本机，不会丢失。')).toBeNull()
  })
})

describe('raise page: similar topics', () => {
  it('shows similar topics once typing pauses, with a way to support one', async () => {
    const calls = service({
      'GET /api/topics/similar*': () =>
        ok({
          items: [
            {
              id: '64b0000000000000000000bb',
              roomId: ROOM_ID,
              title: '东门绿化带能否开个口',
              state: 'open',
              stateLabel: '征集附议',
              supportCount: 12,
              score: 0.8,
            },
          ],
        }),
    })
    await openForm()
    type(/一句话说清楚问题/, '东门')
    type(/一句话说清楚问题/, '东门绿化')
    type(/一句话说清楚问题/, '东门绿化带')

    await screen.findByText('类似的议题')
    expect(screen.getByText('东门绿化带能否开个口')).toBeTruthy()
    expect(screen.getByText('征集附议 · 附议 12')).toBeTruthy()
    const similarCalls = calls.filter((call) => call.url.includes('/api/topics/similar'))
    expect(similarCalls).toHaveLength(1)
    expect(similarCalls[0].url).toContain(`roomId=${ROOM_ID}`)
    expect(similarCalls[0].url).toContain(`q=${encodeURIComponent('东门绿化带')}`)

    fireEvent.click(screen.getByText('去附议'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/pages/topic/index?id=64b0000000000000000000bb',
    })
  })

  it('does not ask while the title is a single character', async () => {
    const calls = service()
    await openForm()
    type(/一句话说清楚问题/, '灯')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(calls.some((call) => call.url.includes('/api/topics/similar'))).toBe(false)
  })
})

describe('raise page: the draft', () => {
  it('restores what was typed after leaving and coming back, per room', async () => {
    service()
    const first = await openForm()
    fillForm(first.container)
    fireEvent.click(screen.getByRole('switch'))
    first.unmount()

    const second = await openForm()
    expect(screen.getByDisplayValue('小区东门绿化带挡路')).toBeTruthy()
    expect(screen.getByDisplayValue('东门出去要绕一大圈，老人买菜很不方便。')).toBeTruthy()
    expect(pickerText(second.container)).toBe('交通出行')
    expect((screen.getByRole('switch') as HTMLInputElement).checked).toBe(true)
  })

  it('keeps drafts apart per room', async () => {
    const other = { ...ROOM, id: '64b000000000000000000002', name: '沿河村地头协商议事室' }
    fakeService({
      [`GET /api/rooms/${ROOM_ID}`]: () => ok(ROOM),
      [`GET /api/rooms/${other.id}`]: () => ok(other),
      'GET /api/topics/similar*': () => ok({ items: [] }),
    })
    const first = await openForm()
    fillForm(first.container)
    first.unmount()

    setRouterParams({ roomId: other.id })
    render(<Raise />)
    await screen.findByText('提交到：沿河村地头协商议事室')
    expect(screen.queryByDisplayValue('小区东门绿化带挡路')).toBeNull()
    expect(Taro.getStorageSync(draftStorageKey(ROOM_ID))).toMatchObject({
      title: '  小区东门绿化带挡路 ',
      category: 'traffic',
    })
  })

  it('clears the draft after a successful submit', async () => {
    logIn()
    service()
    const { container } = await openForm()
    fillForm(container)
    expect(Taro.getStorageSync(draftStorageKey(ROOM_ID))).toBeTruthy()
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('提交成功')
    expect(Taro.getStorageSync(draftStorageKey(ROOM_ID))).toBe('')
  })
})

describe('raise page: photos', () => {
  function uploaded(key: string) {
    return {
      statusCode: 201,
      data: JSON.stringify({
        key,
        url: `/api/uploads/photos/${key}`,
        width: 800,
        height: 600,
        bytes: 1000,
        contentType: 'image/jpeg',
      }),
    }
  }

  it('uploads picked photos, shows a failed one with a retry, and sends the stored keys', async () => {
    logIn()
    const calls = service()
    jest.mocked(Taro.chooseImage).mockResolvedValue({
      tempFilePaths: ['/tmp/a.jpg', '/tmp/b.jpg'],
    } as never)
    let finishA: (value: { statusCode: number; data: string }) => void = () => undefined
    jest
      .mocked(Taro.uploadFile)
      .mockImplementationOnce(
        () =>
          new Promise((resolve) => {
            finishA = resolve
          }) as never,
      )
      .mockResolvedValueOnce({
        statusCode: 415,
        data: JSON.stringify({
          statusCode: 415,
          code: 'PHOTO_TYPE_UNSUPPORTED',
          message: '仅支持 JPEG、PNG、WebP 格式的照片',
        }),
      } as never)
    const { container } = await openForm()
    fillForm(container)

    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'))
    })
    expect(Taro.chooseImage).toHaveBeenCalledWith(expect.objectContaining({ count: 9 }))
    expect(screen.getByText('上传中…')).toBeTruthy()
    await screen.findByText('上传失败')
    expect(screen.getByText('仅支持 JPEG、PNG、WebP 格式的照片')).toBeTruthy()

    fireEvent.click(screen.getByText('提交'))
    expect(screen.getByText('照片还在上传，请稍候再提交')).toBeTruthy()

    await act(async () => finishA(uploaded('photo-a')))
    expect(screen.queryByText('上传中…')).toBeNull()
    expect(screen.getByText('有照片上传失败，请重试或删除')).toBeTruthy()

    jest.mocked(Taro.uploadFile).mockResolvedValueOnce(uploaded('photo-b') as never)
    await act(async () => {
      fireEvent.click(screen.getByText('重试'))
    })
    await waitFor(() => expect(screen.queryByText('上传失败')).toBeNull())
    expect(jest.mocked(Taro.uploadFile).mock.calls[2][0]).toMatchObject({
      filePath: '/tmp/b.jpg',
      name: 'file',
    })

    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('提交成功')
    expect(posted(calls)?.data).toMatchObject({ photoKeys: ['photo-a', 'photo-b'] })
  })

  it('removes a photo, and the draft keeps only stored photos', async () => {
    logIn()
    const calls = service()
    jest.mocked(Taro.chooseImage).mockResolvedValue({ tempFilePaths: ['/tmp/a.jpg'] } as never)
    jest.mocked(Taro.uploadFile).mockResolvedValue(uploaded('photo-a') as never)
    const first = await openForm()
    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'))
    })
    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'))
    })
    expect(screen.getAllByText('删除')).toHaveLength(2)
    first.unmount()

    const second = await openForm()
    expect(screen.getAllByText('删除')).toHaveLength(2)
    fireEvent.click(screen.getAllByText('删除')[0])
    expect(screen.getAllByText('删除')).toHaveLength(1)
    fillForm(second.container)
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('提交成功')
    expect(posted(calls)?.data).toMatchObject({ photoKeys: ['photo-a'] })
  })

  it('asks to log in before adding photos', async () => {
    service()
    await openForm()
    expect(screen.queryByText('添加照片')).toBeNull()
    expect(screen.getByText('登录后可以添加照片')).toBeTruthy()
  })
})

describe('raise page: after submitting', () => {
  it('asks for progress notices only when the button is tapped, then opens the topic', async () => {
    logIn()
    const calls = service({
      'GET /api/notifications/templates': () =>
        ok({ moments: { after_raise: ['tmpl-progress'], after_support: [] } }),
      'POST /api/me/subscriptions': () => ok({ ok: true }),
    })
    jest.mocked(Taro.requestSubscribeMessage).mockResolvedValue({
      'tmpl-progress': 'accept',
      errMsg: 'requestSubscribeMessage:ok',
    } as never)
    const { container } = await openForm()
    fillForm(container)
    await act(async () => {
      fireEvent.click(screen.getByText('提交'))
    })
    await screen.findByText('提交成功')
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled()

    await act(async () => {
      fireEvent.click(screen.getByText('接收办理进展通知'))
    })
    await screen.findByText('已开启微信通知，有进展会第一时间告诉你')
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl-progress'] })
    expect(calls.find((call) => call.url.endsWith('/api/me/subscriptions'))?.data).toEqual({
      results: { 'tmpl-progress': 'accept' },
    })

    fireEvent.click(screen.getByText('查看我的议题'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({
      url: '/pages/topic/index?id=64b0000000000000000000aa',
    })
  })
})

describe('raise page: the room', () => {
  it('refuses an archived room and leads back to it', async () => {
    service({ [`GET /api/rooms/${ROOM_ID}`]: () => ok({ ...ROOM, archived: true }) })
    render(<Raise />)
    await screen.findByText('该议事室已停用')
    expect(screen.queryByText('提交')).toBeNull()
    fireEvent.click(screen.getByText('返回议事室'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: `/pages/room/index?id=${ROOM_ID}` })
  })

  it('asks to choose a room when opened without one', async () => {
    setRouterParams({})
    const calls = service()
    render(<Raise />)
    await screen.findByText('还没有选择议事室')
    fireEvent.click(screen.getByText('选择议事室'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
    expect(calls).toHaveLength(0)
  })

  it('offers a retry when the room cannot be loaded', async () => {
    jest.mocked(Taro.request).mockRejectedValueOnce(new Error('request:fail'))
    render(<Raise />)
    await screen.findByText('网络连接失败，请检查网络后重试')
    service()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('提交到：长西社区协商议事室')
  })
})
