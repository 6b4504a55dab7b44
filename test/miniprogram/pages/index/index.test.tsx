import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import Index from '@/pages/index/index'
import { rememberRoom } from '@/services/recent-rooms'
import type { RoomPublic } from '@/services/rooms'
import { saveSession } from '@/services/session'
import type { TopicSummary } from '@/services/topic-summary'
import { resetTaroMock, triggerPullDownRefresh } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'

const requestMock = jest.mocked(Taro.request)

function scanned(result: string, path: string): Taro.scanCode.SuccessCallbackResult {
  return { result, path, charSet: 'utf-8', rawData: '', scanType: 'QR_CODE', errMsg: 'scanCode:ok' }
}

type Reply = { statusCode: number; data: unknown }

function reply(statusCode: number, data: unknown): Reply {
  return { statusCode, data }
}

/** A request the test answers later, to observe the loading state and out-of-order replies. */
function deferredReply() {
  let settle: (value: Reply) => void = () => undefined
  const promise = new Promise<Reply>((resolve) => {
    settle = resolve
  })
  requestMock.mockImplementationOnce(() => promise as unknown as ReturnType<typeof Taro.request>)
  return {
    answer: async (value: Reply) => {
      await act(async () => settle(value))
    },
  }
}

function answerNext(value: Reply): void {
  requestMock.mockImplementationOnce(
    () => Promise.resolve(value) as unknown as ReturnType<typeof Taro.request>,
  )
}

beforeEach(() => {
  resetTaroMock()
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete process.env.TARO_ENV
})

describe('home page', () => {
  it('shows the product name and tagline in Chinese', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    expect(screen.getByText('商量')).toBeTruthy()
    expect(screen.getByText('有事好商量 · 码上议')).toBeTruthy()
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('shows a loading line until the service answers, then the embedded database', async () => {
    const health = deferredReply()
    render(<Index />)
    expect(screen.getByText('正在连接服务…')).toBeTruthy()

    await health.answer(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))

    expect(screen.getByText('服务正常 · 数据库：内置开发库')).toBeTruthy()
    expect(screen.queryByText('正在连接服务…')).toBeNull()
    expect(requestMock.mock.calls[0][0].url).toMatch(/\/health$/)
  })

  it('names an external database', async () => {
    answerNext(reply(200, { status: 'ok', db: 'external', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务正常 · 数据库：外部数据库')
  })

  it('shows the error with a retry button, and retrying recovers', async () => {
    requestMock.mockImplementationOnce(
      () => Promise.reject(new Error('request:fail')) as ReturnType<typeof Taro.request>,
    )
    render(<Index />)

    await screen.findByText('服务暂不可用：网络连接失败，请检查网络后重试')
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    fireEvent.click(screen.getByText('重试'))

    await screen.findByText('服务正常 · 数据库：内置开发库')
    expect(screen.queryByText('重试')).toBeNull()
    expect(requestMock).toHaveBeenCalledTimes(2)
  })

  it('says the database is unavailable when the service reports itself degraded', async () => {
    answerNext(reply(503, { status: 'degraded', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务暂不可用：数据库暂时不可用')
    expect(screen.getByText('重试')).toBeTruthy()
  })

  it('shows the service version under the status', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('版本 0.1.0')
  })

  it('reloads on pull-down and then stops the refresh indicator', async () => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    render(<Index />)
    await screen.findByText('服务正常 · 数据库：内置开发库')

    answerNext(reply(200, { status: 'ok', db: 'external', version: '0.1.0' }))
    await act(async () => triggerPullDownRefresh())

    await screen.findByText('服务正常 · 数据库：外部数据库')
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  })

  it('ignores a slow earlier answer that arrives after a newer one', async () => {
    const first = deferredReply()
    render(<Index />)
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
    await act(async () => triggerPullDownRefresh())
    await screen.findByText('服务正常 · 数据库：内置开发库')

    await first.answer(
      reply(503, { statusCode: 503, code: 'DB_UNAVAILABLE', message: '数据库暂时不可用' }),
    )

    expect(screen.getByText('服务正常 · 数据库：内置开发库')).toBeTruthy()
  })
})

describe('home page: login state and entering a room', () => {
  beforeEach(() => {
    answerNext(reply(200, { status: 'ok', db: 'embedded', version: '0.1.0' }))
  })

  it('offers to log in when nobody is logged in', async () => {
    render(<Index />)
    expect(screen.getByText('尚未登录')).toBeTruthy()
    fireEvent.click(screen.getByText('登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('shows who is logged in, with a way to their page', async () => {
    saveSession({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] },
    })
    render(<Index />)
    expect(screen.getByText('已登录：张阿姨')).toBeTruthy()
    fireEvent.click(screen.getByText('我的'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/me/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('opens a room from a typed room code on H5', async () => {
    render(<Index />)
    fireEvent.change(screen.getByPlaceholderText('输入议事室码，如 QJPCX1'), {
      target: { value: ' QJPCX1 ' },
    })
    fireEvent.click(screen.getByText('进入'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=QJPCX1' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('explains a malformed room code instead of opening it', async () => {
    render(<Index />)
    fireEvent.change(screen.getByPlaceholderText('输入议事室码，如 QJPCX1'), {
      target: { value: '12' },
    })
    fireEvent.click(screen.getByText('进入'))
    await screen.findByText('议事室码由 4–16 位字母或数字组成，请检查后重试')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('scans a room code in the mini program and opens the room', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.scanCode).mockResolvedValue(scanned('*', 'pages/room/index?scene=HAQYH1'))
    render(<Index />)
    await act(async () => {
      fireEvent.click(screen.getByText('扫一扫'))
    })
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=HAQYH1' })
  })

  it('says so when the scanned code is not a room code', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.scanCode).mockResolvedValue(scanned('https://example.com/', ''))
    render(<Index />)
    fireEvent.click(screen.getByText('扫一扫'))
    await screen.findByText('这不是议事室二维码，请扫描议事室门口的二维码')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('has an empty state with the list of rooms when no room was opened yet', async () => {
    render(<Index />)
    expect(screen.getByText('还没有进入过议事室')).toBeTruthy()
    expect(screen.queryByText('扫描议事室二维码')).toBeNull()
    fireEvent.click(screen.getByText('查看全部议事室'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })

  it('offers to scan from the empty state in the mini program', async () => {
    process.env.TARO_ENV = 'weapp'
    jest.mocked(Taro.scanCode).mockResolvedValue(scanned('*', 'pages/room/index?scene=HAQYH1'))
    render(<Index />)
    await act(async () => {
      fireEvent.click(screen.getByText('扫描议事室二维码'))
    })
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=HAQYH1' })
  })

  it('sends 提出问题 to the list of rooms first when there is no room yet', async () => {
    render(<Index />)
    expect(screen.getByText('先进入一个议事室，再提出问题')).toBeTruthy()
    fireEvent.click(screen.getByText('提出问题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
    await screen.findByText('服务正常 · 数据库：内置开发库')
  })
})

const MAIN = '64b000000000000000000001'
const VILLAGE = '64b000000000000000000002'
const OFFICE = '64b000000000000000000003'

function room(id: string, name: string, scene: string, unitName: string): RoomPublic {
  return {
    id,
    name,
    scene,
    supportThreshold: 10,
    archived: false,
    unit: { id: `unit-${id}`, name: unitName, kind: 'village' },
    path: [],
    conveners: [],
    members: [],
    onDutyToday: [],
  }
}

function topic(id: string, roomId: string, title: string, supportCount: number): TopicSummary {
  return {
    id,
    roomId,
    title,
    category: 'municipal',
    categoryLabel: '市政设施',
    source: 'resident',
    sourceLabel: '群众出题',
    state: 'open',
    stateLabel: '征集附议',
    anonymous: false,
    author: { displayName: '张阿姨' },
    supportCount,
    commentCount: 0,
    createdAt: '2024-05-01T08:00:00.000Z',
  }
}

const HEALTHY = () => ok({ status: 'ok', db: 'embedded', version: '0.1.0' })

describe('home page: my rooms and what is hot there', () => {
  beforeEach(() => {
    // Opened the village room first, then the main room: the main room is the most recent.
    rememberRoom(room(VILLAGE, '沿河村地头协商议事室', 'HAQYH1', '沿河村'), new Date('2024-05-01'))
    rememberRoom(room(MAIN, '长西社区协商议事室', 'QJPCX1', '长西社区'), new Date('2024-05-02'))
  })

  it('lists the rooms opened on this device, newest first, and opens one', async () => {
    fakeService({
      'GET /health': HEALTHY,
      'GET /api/rooms/*': () => ok({ items: [], nextCursor: null }),
    })
    const { container } = render(<Index />)
    const names = Array.from(container.querySelectorAll('.home__room-name')).map(
      (node) => node.textContent,
    )
    expect(names).toEqual(['长西社区协商议事室', '沿河村地头协商议事室'])
    expect(screen.queryByText('还没有进入过议事室')).toBeNull()
    fireEvent.click(screen.getByText('沿河村地头协商议事室'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/room/index?scene=HAQYH1' })
    await screen.findByText('我的议事室里还没有议题')
  })

  it('adds the rooms of staff grants and says the role', async () => {
    saveSession({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: {
        id: 'u2',
        displayName: '王主任',
        isStaff: true,
        grants: [
          { id: 'g1', role: 'convener', roomId: OFFICE, roomName: '清江浦区协商议事室' },
          { id: 'g2', role: 'convener', roomId: MAIN, roomName: '长西社区协商议事室' },
          { id: 'g3', role: 'office_staff', unitId: 'u1', unitName: '清江浦区' },
        ],
      },
    })
    fakeService({
      'GET /health': HEALTHY,
      'GET /api/rooms/*': () => ok({ items: [], nextCursor: null }),
    })
    const { container } = render(<Index />)
    const notes = Array.from(container.querySelectorAll('.home__room')).map((node) => [
      node.querySelector('.home__room-name')?.textContent,
      node.querySelector('.home__room-note')?.textContent,
    ])
    expect(notes).toEqual([
      ['长西社区协商议事室', '长西社区 · 召集人'],
      ['沿河村地头协商议事室', '沿河村'],
      ['清江浦区协商议事室', '召集人'],
    ])
    fireEvent.click(screen.getByText('清江浦区协商议事室'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/room/index?id=${OFFICE}` })
    await screen.findByText('我的议事室里还没有议题')
  })

  it('shows the most supported topics across my rooms', async () => {
    const calls = fakeService({
      'GET /health': HEALTHY,
      [`GET /api/rooms/${MAIN}/topics*`]: () =>
        ok({
          items: [topic('t1', MAIN, '充电桩一年没通电', 25), topic('t2', MAIN, '东门绿化带', 3)],
          nextCursor: null,
        }),
      [`GET /api/rooms/${VILLAGE}/topics*`]: () =>
        ok({ items: [topic('t3', VILLAGE, '雨后农田积水', 9)], nextCursor: null }),
    })
    const { container } = render(<Index />)
    await screen.findByText('充电桩一年没通电')
    const titles = Array.from(container.querySelectorAll('.topic-card__title')).map(
      (node) => node.textContent,
    )
    expect(titles).toEqual(['充电桩一年没通电', '雨后农田积水', '东门绿化带'])
    const topicUrls = calls
      .filter((call) => call.url.includes('/topics'))
      .map((call) => call.url.replace(/^.*\/api/, '/api'))
    expect(topicUrls).toEqual([
      `/api/rooms/${MAIN}/topics?sort=hot&limit=5`,
      `/api/rooms/${VILLAGE}/topics?sort=hot&limit=5`,
    ])
    fireEvent.click(screen.getByText('雨后农田积水'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/topic/index?id=t3' })
  })

  it('shows what one room answered when another fails, and a retry when all fail', async () => {
    let fail = true
    fakeService({
      'GET /health': HEALTHY,
      [`GET /api/rooms/${MAIN}/topics*`]: () =>
        fail
          ? failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用')
          : ok({ items: [topic('t1', MAIN, '充电桩一年没通电', 25)], nextCursor: null }),
      [`GET /api/rooms/${VILLAGE}/topics*`]: () =>
        failure(503, 'DB_UNAVAILABLE', '数据库暂时不可用'),
    })
    render(<Index />)
    await screen.findByText('热议话题暂时加载不出来')
    fail = false
    fireEvent.click(screen.getByText('重新加载'))
    await screen.findByText('充电桩一年没通电')
  })

  it('raises in the most recently opened room', async () => {
    fakeService({
      'GET /health': HEALTHY,
      'GET /api/rooms/*': () => ok({ items: [], nextCursor: null }),
    })
    render(<Index />)
    expect(screen.getByText('将提交到：长西社区协商议事室')).toBeTruthy()
    fireEvent.click(screen.getByText('提出问题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/raise/index?roomId=${MAIN}` })
    await screen.findByText('我的议事室里还没有议题')
  })

  it('reloads hot topics on pull-down', async () => {
    let round = 0
    fakeService({
      'GET /health': HEALTHY,
      'GET /api/rooms/*': () => {
        round += 1
        return ok({
          items: round <= 2 ? [] : [topic(`t${round}`, MAIN, '新提出的议题', 1)],
          nextCursor: null,
        })
      },
    })
    render(<Index />)
    await screen.findByText('我的议事室里还没有议题')
    await act(async () => triggerPullDownRefresh())
    await waitFor(() => expect(screen.getAllByText('新提出的议题').length).toBeGreaterThan(0))
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  })
})
