import Taro from '@tarojs/taro'
import { ApiError, apiBase, request } from '@/services/request'
import {
  TOKEN_STORAGE_KEY,
  getCurrentUser,
  getRefreshToken,
  getToken,
  saveSession,
  setToken,
  type AuthResult,
} from '@/services/session'
import { resetTaroMock } from '../../__mocks__/tarojs-taro'

const requestMock = jest.mocked(Taro.request)
const globals = globalThis as { API_BASE?: string }

function answer(statusCode: number, data: unknown): void {
  requestMock.mockResolvedValueOnce({ statusCode, data, header: {}, errMsg: 'request:ok' })
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`)
  return error
}

beforeEach(() => {
  resetTaroMock()
  globals.API_BASE = 'http://127.0.0.1:3000'
  delete process.env.TARO_ENV
})

afterAll(() => {
  delete globals.API_BASE
})

describe('request', () => {
  it('sends the stored token as a bearer header to the build-time API base', async () => {
    setToken('token-123')
    answer(200, { status: 'ok' })

    await expect(request<{ status: string }>('/health')).resolves.toEqual({ status: 'ok' })

    const call = requestMock.mock.calls[0][0]
    expect(call.url).toBe('http://127.0.0.1:3000/health')
    expect(call.method).toBe('GET')
    expect(call.header).toMatchObject({ Authorization: 'Bearer token-123' })
  })

  it('sends no authorization header when nobody is logged in', async () => {
    answer(200, {})
    await request('/health')
    expect(requestMock.mock.calls[0][0].header).not.toHaveProperty('Authorization')
  })

  it('uses the page origin on H5', () => {
    process.env.TARO_ENV = 'h5'
    expect(apiBase()).toBe('')
  })

  it('passes method and body through', async () => {
    answer(201, { id: 'x' })
    await request('/topics', { method: 'POST', data: { title: '东门绿化带开口' } })
    expect(requestMock.mock.calls[0][0]).toMatchObject({
      method: 'POST',
      data: { title: '东门绿化带开口' },
    })
  })

  it('turns the service error body into an ApiError with its code and Chinese message', async () => {
    answer(409, { statusCode: 409, code: 'CONFLICT', message: '议题已被他人修改' })
    const error = await failureOf(request('/topics/1'))
    expect(error.code).toBe('CONFLICT')
    expect(error.statusCode).toBe(409)
    expect(error.message).toBe('议题已被他人修改')
  })

  it('replaces English framework messages with the catalogue wording', async () => {
    answer(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: "body must have 'title'" })
    const error = await failureOf(request('/topics'))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toBe('请求内容不符合要求')
  })

  it('derives a code from the HTTP status when the body is not the service format', async () => {
    answer(404, '<html>Not Found</html>')
    expect((await failureOf(request('/nowhere'))).code).toBe('NOT_FOUND')
    answer(502, null)
    expect((await failureOf(request('/health'))).code).toBe('INTERNAL')
  })

  it('sends a JSON object body with a POST that has no data (an empty JSON body is a 400)', async () => {
    answer(204, null)
    await request('/api/auth/logout', { method: 'POST' })
    expect(requestMock.mock.calls[0][0]).toMatchObject({ method: 'POST', data: {} })
  })

  it('forgets the token when the service says the caller is not authenticated', async () => {
    setToken('expired')
    answer(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: '请先登录' })
    expect((await failureOf(request('/me'))).code).toBe('UNAUTHENTICATED')
    expect(getToken()).toBeUndefined()
    expect(Taro.removeStorageSync).toHaveBeenCalledWith(TOKEN_STORAGE_KEY)
  })

  it('keeps the token for other errors', async () => {
    setToken('valid')
    answer(403, { statusCode: 403, code: 'FORBIDDEN', message: '没有权限执行此操作' })
    await failureOf(request('/admin'))
    expect(getToken()).toBe('valid')
  })

  it('shows a friendly toast when rate limited', async () => {
    answer(429, { statusCode: 429, code: 'RATE_LIMITED', message: 'Rate limit exceeded' })
    const error = await failureOf(request('/topics'))
    expect(error.code).toBe('RATE_LIMITED')
    expect(Taro.showToast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '操作太频繁，请稍后再试', icon: 'none' }),
    )
  })

  it('reports a network failure when no answer arrives', async () => {
    requestMock.mockRejectedValueOnce({ errMsg: 'request:fail timeout' })
    const error = await failureOf(request('/health'))
    expect(error.code).toBe('NETWORK')
    expect(error.statusCode).toBe(0)
    expect(error.message).toBe('网络连接失败，请检查网络后重试')
    expect(Taro.showToast).not.toHaveBeenCalled()
  })
})

type Call = { url: string; header: Record<string, string>; data?: unknown }
type Reply = { statusCode: number; data: unknown }

const ME = { id: 'u1', displayName: '张阿姨', isStaff: false, grants: [] }

function login(accessToken: string, refreshToken: string): void {
  saveSession({ accessToken, refreshToken, expiresIn: 900, user: ME })
}

function expired(): Reply {
  return {
    statusCode: 401,
    data: { statusCode: 401, code: 'TOKEN_EXPIRED', message: '登录已过期' },
  }
}

function pair(accessToken: string, refreshToken: string): Reply {
  const body: AuthResult = { accessToken, refreshToken, expiresIn: 900, user: ME }
  return { statusCode: 200, data: body }
}

/** Answers each call from a function of the call (so the order of concurrent calls does not matter). */
function serve(handler: (call: Call) => Reply | Promise<Reply>): Call[] {
  const calls: Call[] = []
  requestMock.mockImplementation((async (options: Call) => {
    calls.push(options)
    return { header: {}, errMsg: 'request:ok', ...(await handler(options)) }
  }) as unknown as typeof Taro.request)
  return calls
}

function bearer(call: Call): string | undefined {
  return call.header.Authorization
}

describe('request with an expired access token', () => {
  it('refreshes once with the refresh token and retries with the new access token', async () => {
    login('old-access', 'refresh-1')
    const calls = serve((call) => {
      if (call.url.endsWith('/api/auth/refresh')) return pair('new-access', 'refresh-2')
      return bearer(call) === 'Bearer new-access'
        ? { statusCode: 200, data: { ok: true } }
        : expired()
    })

    await expect(request('/api/me')).resolves.toEqual({ ok: true })

    expect(calls.map((call) => call.url.replace('http://127.0.0.1:3000', ''))).toEqual([
      '/api/me',
      '/api/auth/refresh',
      '/api/me',
    ])
    expect(calls[1].data).toEqual({ refreshToken: 'refresh-1' })
    expect(bearer(calls[1])).toBeUndefined()
    expect(getToken()).toBe('new-access')
    expect(getRefreshToken()).toBe('refresh-2')
  })

  it('shares one refresh between requests that find the token expired at the same time', async () => {
    login('old-access', 'refresh-1')
    let release: () => void = () => undefined
    const refreshAnswered = new Promise<void>((resolve) => {
      release = resolve
    })
    const calls = serve(async (call) => {
      if (call.url.endsWith('/api/auth/refresh')) {
        await refreshAnswered
        return pair('new-access', 'refresh-2')
      }
      return bearer(call) === 'Bearer new-access'
        ? { statusCode: 200, data: { url: call.url } }
        : expired()
    })

    const all = Promise.all([request('/api/me'), request('/api/rooms'), request('/api/topics')])
    await new Promise((resolve) => setTimeout(resolve, 0))
    release()

    await expect(all).resolves.toHaveLength(3)
    expect(calls.filter((call) => call.url.endsWith('/api/auth/refresh'))).toHaveLength(1)
    expect(calls.filter((call) => bearer(call) === 'Bearer new-access')).toHaveLength(3)
  })

  it('does not refresh again when the retried request is refused too', async () => {
    login('old-access', 'refresh-1')
    const calls = serve((call) =>
      call.url.endsWith('/api/auth/refresh') ? pair('new-access', 'refresh-2') : expired(),
    )

    expect((await failureOf(request('/api/me'))).code).toBe('TOKEN_EXPIRED')
    expect(calls.filter((call) => call.url.endsWith('/api/auth/refresh'))).toHaveLength(1)
    expect(calls).toHaveLength(3)
  })

  it('clears the session and opens the login page when the refresh token was already used', async () => {
    login('old-access', 'stolen-refresh')
    serve((call) =>
      call.url.endsWith('/api/auth/refresh')
        ? {
            statusCode: 401,
            data: {
              statusCode: 401,
              code: 'REFRESH_TOKEN_REUSED',
              message: '检测到登录凭证被重复使用',
            },
          }
        : expired(),
    )

    expect((await failureOf(request('/api/me'))).code).toBe('REFRESH_TOKEN_REUSED')

    expect(getToken()).toBeUndefined()
    expect(getRefreshToken()).toBeUndefined()
    expect(getCurrentUser()).toBeUndefined()
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1)
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: '/pages/login/index?reason=REFRESH_TOKEN_REUSED',
    })
  })

  it('keeps the session when the refresh cannot reach the service', async () => {
    login('old-access', 'refresh-1')
    requestMock.mockImplementation((async (options: Call) => {
      if (options.url.endsWith('/api/auth/refresh')) throw new Error('request:fail')
      return { header: {}, errMsg: 'request:ok', ...expired() }
    }) as unknown as typeof Taro.request)

    expect((await failureOf(request('/api/me'))).code).toBe('NETWORK')
    expect(getRefreshToken()).toBe('refresh-1')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })
})

describe('request when the service ends the session', () => {
  it.each(['SESSION_REVOKED', 'TOKEN_INVALID', 'REFRESH_TOKEN_INVALID'])(
    'clears the session and opens the login page on %s',
    async (code) => {
      login('access', 'refresh')
      answer(401, { statusCode: 401, code, message: '登录已失效，请重新登录' })

      expect((await failureOf(request('/api/me'))).code).toBe(code)
      expect(getRefreshToken()).toBeUndefined()
      expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/login/index?reason=${code}` })
    },
  )

  it('does not open the login page again while the user is already on it', async () => {
    login('access', 'refresh')
    jest.mocked(Taro.getCurrentPages).mockReturnValue([{ route: 'pages/login/index' }])
    answer(401, { statusCode: 401, code: 'SESSION_REVOKED', message: '登录已失效，请重新登录' })

    await failureOf(request('/api/me'))
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('sends no token and keeps the session for calls made without auth', async () => {
    login('access', 'refresh')
    answer(401, { statusCode: 401, code: 'BAD_CREDENTIALS', message: '用户名或密码错误' })

    await failureOf(request('/api/auth/password', { method: 'POST', auth: false }))
    expect(requestMock.mock.calls[0][0].header).not.toHaveProperty('Authorization')
    expect(getRefreshToken()).toBe('refresh')
  })
})
