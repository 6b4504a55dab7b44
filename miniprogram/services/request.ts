import Taro from '@tarojs/taro'
import { ApiError, parseErrorBody } from './api-error'
import { clearToken, getToken } from './session'

export { ApiError } from './api-error'
export type { ClientErrorCode } from './api-error'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: HttpMethod
  data?: Record<string, unknown> | unknown[]
  /** Milliseconds before the call counts as a network failure. */
  timeout?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * The service origin: '' on H5 (the service serves the page, so same origin) and the build-time
 * API_BASE in the mini program. `typeof` keeps this safe where the constant is not injected (tests).
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return ''
  return typeof API_BASE === 'string' ? API_BASE : ''
}

/** The only way pages talk to the service: adds the token, returns typed data or throws ApiError. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = getToken()
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`

  // Taro's typings model the body as any; it is narrowed to `unknown` right below.
  let response: Taro.request.SuccessCallbackResult
  try {
    response = await Taro.request({
      url: `${apiBase()}${path}`,
      method: options.method ?? 'GET',
      data: options.data,
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
  switch (error.code) {
    case 'UNAUTHENTICATED':
      // The token is expired or revoked: drop it so the next screen asks the user to log in again.
      clearToken()
      break
    case 'RATE_LIMITED':
      // Every page gets the same gentle nudge; the caller still receives the error.
      void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 })
      break
    default:
      break
  }
  throw error
}
