import { ERRORS, isErrorCode, type ErrorCode } from '@shared/errors'

/** Codes the client can see: the service's catalogue plus failures that never reach the service. */
type ClientOnlyCode = 'NETWORK' | 'BAD_RESPONSE' | 'WECHAT_LOGIN_FAILED'
export type ClientErrorCode = ErrorCode | ClientOnlyCode

const CLIENT_MESSAGES: Record<ClientOnlyCode, string> = {
  NETWORK: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务返回了无法识别的内容',
  WECHAT_LOGIN_FAILED: '微信登录没有成功，请重试',
}

function isClientOnly(code: ClientErrorCode): code is ClientOnlyCode {
  return Object.prototype.hasOwnProperty.call(CLIENT_MESSAGES, code)
}

/** Chinese text to show the user for a code (the catalogue is the single source of wording). */
export function messageFor(code: ClientErrorCode): string {
  return isClientOnly(code) ? CLIENT_MESSAGES[code] : ERRORS[code].message
}

/** A failed call to the service; pages switch on `code`, show `message`. */
export class ApiError extends Error {
  readonly code: ClientErrorCode
  /** HTTP status, 0 when the request never got an answer. */
  readonly statusCode: number

  constructor(code: ClientErrorCode, statusCode: number, message?: string) {
    super(message ?? messageFor(code))
    this.name = 'ApiError'
    this.code = code
    this.statusCode = statusCode
  }
}

interface ErrorBody {
  statusCode?: unknown
  code?: unknown
  message?: unknown
}

// Errors that never passed through the service's handler (a proxy, a crash) still get a sensible code.
// Generic codes only: a bare status (a proxy's HTML page, an empty body) says nothing more specific,
// and searching the whole catalogue would pick whichever specific code happens to share the status.
const CODE_FOR_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  // The service answers 503 only when its database does not respond (GET /health's degraded body).
  503: 'DB_UNAVAILABLE',
}

function codeForStatus(status: number): ErrorCode {
  return CODE_FOR_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')
}

/** Turns a non-2xx answer with the service's `{statusCode, code, message}` body into an ApiError. */
export function parseErrorBody(status: number, body: unknown): ApiError {
  const parsed: ErrorBody = typeof body === 'object' && body !== null ? body : {}
  if (!isErrorCode(parsed.code)) return new ApiError(codeForStatus(status), status)
  // The service's DomainError messages are written for users in Chinese; framework and plugin messages
  // (schema validation, rate limiting) pass through in English, so those fall back to the catalogue.
  const serverMessage =
    typeof parsed.message === 'string' && /[\u4e00-\u9fff]/.test(parsed.message)
      ? parsed.message
      : undefined
  return new ApiError(parsed.code, status, serverMessage)
}
