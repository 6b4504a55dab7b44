import Taro from '@tarojs/taro'
import { ApiError, apiBase, request } from '@/services/request'
import { TOKEN_STORAGE_KEY, getToken, setToken } from '@/services/session'
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
