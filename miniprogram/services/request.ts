import Taro from '@tarojs/taro'
import { ApiError, parseErrorBody, type ClientErrorCode } from './api-error'
import { clearSession, getRefreshToken, getToken, saveSession, type AuthResult } from './session'

export { ApiError } from './api-error'
export type { ClientErrorCode } from './api-error'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: HttpMethod
  data?: Record<string, unknown> | unknown[]
  /** Milliseconds before the call counts as a network failure. */
  timeout?: number
  /**
   * false: send no token and leave the session alone whatever the answer (login, refresh and
   * public reads). Default true.
   */
  auth?: boolean
}

const DEFAULT_TIMEOUT_MS = 10_000
export const LOGIN_PAGE = '/pages/login/index'

/** Answers after which the login is gone for good: the user has to log in again. */
const SESSION_ENDED: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  'TOKEN_EXPIRED', // only reaches here when refreshing is impossible or did not help
  'TOKEN_INVALID',
  'SESSION_REVOKED',
  'REFRESH_TOKEN_REUSED',
  'REFRESH_TOKEN_INVALID',
])

/**
 * The service origin: '' on H5 (the service serves the page, so same origin) and the build-time
 * API_BASE in the mini program. `typeof` keeps this safe where the constant is not injected (tests).
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return ''
  return typeof API_BASE === 'string' ? API_BASE : ''
}

/** One HTTP exchange: typed data for 2xx, otherwise an ApiError. */
async function attempt<T>(path: string, options: RequestOptions, token?: string): Promise<T> {
  const method = options.method ?? 'GET'
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  // A JSON content type with an empty body is a 400 for the service, so body-carrying methods
  // always send at least `{}` (wx.request sets the JSON content type by itself).
  const data = options.data ?? (method === 'GET' || method === 'DELETE' ? undefined : {})

  // Taro's typings model the body as any; it is narrowed to `unknown` right below.
  let response: Taro.request.SuccessCallbackResult
  try {
    response = await Taro.request({
      url: `${apiBase()}${path}`,
      method,
      data,
      header,
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
      dataType: 'json',
    })
  } catch {
    // Taro rejects only when no HTTP answer arrived (offline, DNS, timeout, domain not whitelisted).
    throw new ApiError('NETWORK', 0)
  }

  const body: unknown = response.data
  // The service validates its replies against its response schemas, so a 2xx body is the promised T.
  if (response.statusCode >= 200 && response.statusCode < 300) return body as T

  const error = parseErrorBody(response.statusCode, body)
  if (error.code === 'RATE_LIMITED') {
    // Every page gets the same gentle nudge; the caller still receives the error.
    void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 })
  }
  throw error
}

let redirecting = false

/** Opens the login page (once, even when several requests fail together), saying why. */
function goToLogin(reason: ClientErrorCode): void {
  if (redirecting) return
  const pages = Taro.getCurrentPages()
  const current = pages[pages.length - 1]?.route ?? ''
  if (current.includes('pages/login/index')) return
  redirecting = true
  Taro.navigateTo({ url: `${LOGIN_PAGE}?reason=${reason}` })
    .catch(() => undefined)
    .finally(() => {
      redirecting = false
    })
}

/** Reacts to an answer that says something about the login itself. */
function handleSessionError(error: unknown): void {
  if (!(error instanceof ApiError)) return
  if (error.code === 'UNAUTHENTICATED') {
    // No usable login was sent: forget leftovers; the page decides whether to offer a login.
    clearSession()
  } else if (SESSION_ENDED.has(error.code)) {
    clearSession()
    goToLogin(error.code)
  }
}

// One refresh at a time: requests that find the token expired while a refresh runs wait for it.
let refreshing: Promise<void> | null = null

async function exchangeRefreshToken(): Promise<void> {
  const refreshToken = getRefreshToken()
  if (!refreshToken) throw new ApiError('REFRESH_TOKEN_INVALID', 401)
  const result = await attempt<AuthResult>(
    '/api/auth/refresh',
    { method: 'POST', data: { refreshToken } },
    undefined,
  )
  saveSession(result)
}

/** Makes sure the stored access token is newer than `staleToken`. */
function refreshSession(staleToken: string): Promise<void> {
  // Another request already refreshed after this one was sent: just use the new token.
  if (refreshing === null && getToken() !== staleToken && getToken() !== undefined) {
    return Promise.resolve()
  }
  refreshing ??= exchangeRefreshToken().finally(() => {
    refreshing = null
  })
  return refreshing
}

/**
 * The only way pages talk to the service: adds the token, returns typed data or throws ApiError.
 * An expired access token is refreshed once (shared by concurrent requests) and the request
 * retried; when the login is over for good the session is cleared and the login page opened.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (options.auth === false) return attempt<T>(path, options)
  const token = getToken()
  try {
    return await attempt<T>(path, options, token)
  } catch (error) {
    const expired = error instanceof ApiError && error.code === 'TOKEN_EXPIRED'
    if (!expired || token === undefined || getRefreshToken() === undefined) {
      handleSessionError(error)
      throw error
    }
  }
  try {
    await refreshSession(token)
    return await attempt<T>(path, options, getToken())
  } catch (error) {
    handleSessionError(error)
    throw error
  }
}
