/**
 * The one catalogue of error codes. Services throw `DomainError(code)`; the HTTP error handler turns it
 * into `{ statusCode, code, message }`; the mini program switches on `code`. Add codes here only.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '请求内容不符合要求' },
  BAD_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  NOT_FOUND: { status: 404, message: '找不到请求的内容' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '数据已被修改，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传内容过大' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  DB_UNAVAILABLE: { status: 503, message: '数据库暂时不可用' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export class DomainError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number
  readonly details?: unknown

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERRORS[code].message)
    this.name = 'DomainError'
    this.code = code
    this.statusCode = ERRORS[code].status
    this.details = details
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value)
}
