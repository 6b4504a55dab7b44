/**
 * The one catalogue of error codes. Services throw `DomainError(code)`; the HTTP error handler turns it
 * into `{ statusCode, code, message }`; the mini program switches on `code`. Codes are declared here or in
 * the two sub-catalogues next to the rules that raise them (topic pipeline, WeChat) and merged below, so
 * `ErrorCode` is the single list the mini program switches on.
 */
import { DOMAIN_ERRORS } from './domain/error-codes'
import { IDENTITY_ERRORS } from './domain/identity-error-codes'
import { TOPICS_ERRORS } from './domain/errors/topics'
import { UPLOADS_ERRORS } from './domain/errors/uploads'
import { COMMENTS_ERRORS } from './domain/errors/comments'
import { TRIAGE_ERRORS } from './domain/errors/triage'
import { MEETINGS_ERRORS } from './domain/errors/meetings'
import { OUTCOMES_ERRORS } from './domain/errors/outcomes'
import { NOTIFICATIONS_ERRORS } from './domain/errors/notifications'
import { WECHAT_ERRORS } from './wechat/error-codes'

const CORE_ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '请求内容不符合要求' },
  BAD_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  // Any other malformed request (bad URL, wrong Content-Length); listed after VALIDATION_FAILED on purpose
  // so status-based lookups keep preferring VALIDATION_FAILED for a bare 400.
  BAD_REQUEST: { status: 400, message: '请求格式有误' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  NOT_FOUND: { status: 404, message: '找不到请求的内容' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  CONFLICT: { status: 409, message: '数据已被修改，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  DB_UNAVAILABLE: { status: 503, message: '数据库暂时不可用' },
} as const satisfies Record<string, { status: number; message: string }>

export const ERRORS = {
  ...CORE_ERRORS,
  ...DOMAIN_ERRORS,
  ...IDENTITY_ERRORS,
  ...TOPICS_ERRORS,
  ...UPLOADS_ERRORS,
  ...COMMENTS_ERRORS,
  ...TRIAGE_ERRORS,
  ...MEETINGS_ERRORS,
  ...OUTCOMES_ERRORS,
  ...NOTIFICATIONS_ERRORS,
  ...WECHAT_ERRORS,
} as const

export type ErrorCode = keyof typeof ERRORS

/** The sub-catalogues, for the test that no code shadows another. */
export const SUB_CATALOGUES: Record<string, Record<string, unknown>> = {
  domain: DOMAIN_ERRORS,
  identity: IDENTITY_ERRORS,
  topics: TOPICS_ERRORS,
  uploads: UPLOADS_ERRORS,
  comments: COMMENTS_ERRORS,
  triage: TRIAGE_ERRORS,
  meetings: MEETINGS_ERRORS,
  outcomes: OUTCOMES_ERRORS,
  notifications: NOTIFICATIONS_ERRORS,
  wechat: WECHAT_ERRORS,
}

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
