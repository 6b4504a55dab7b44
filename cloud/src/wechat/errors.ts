/**
 * WechatError and the mapping from WeChat `errcode`s to our codes. It is a DomainError with a code from
 * the WECHAT_* part of the catalogue, so the one HTTP error handler answers it like any other.
 */
import { DomainError } from '../../../shared/errors'
import { type WechatErrorCode } from '../../../shared/wechat/error-codes'

export type WechatApi =
  | 'stable_token'
  | 'jscode2session'
  | 'getuserphonenumber'
  | 'getwxacodeunlimit'
  | 'msg_sec_check'
  | 'media_check_async'
  | 'subscribe_send'

export class WechatError extends DomainError {
  declare readonly code: WechatErrorCode
  /** WeChat's errcode, when WeChat answered; absent for timeouts, network and local validation. */
  readonly errcode?: number
  /** WeChat's own errmsg, for logs only (may be English, never shown to users). */
  readonly wechatMessage?: string
  readonly api: WechatApi
  /** The template data key WeChat (or our own check) rejected, for 47003. */
  readonly field?: string

  constructor(
    code: WechatErrorCode,
    api: WechatApi,
    extra: { errcode?: number; wechatMessage?: string; field?: string; cause?: unknown } = {},
  ) {
    super(code)
    if (extra.cause !== undefined) this.cause = extra.cause
    this.name = 'WechatError'
    this.api = api
    this.errcode = extra.errcode
    this.wechatMessage = extra.wechatMessage
    this.field = extra.field
  }
}

export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

const COMMON: Readonly<Record<number, WechatErrorCode>> = {
  [-1]: 'WECHAT_BUSY',
  40001: 'WECHAT_TOKEN_INVALID',
  40014: 'WECHAT_TOKEN_INVALID',
  42001: 'WECHAT_TOKEN_INVALID',
  41001: 'WECHAT_TOKEN_INVALID',
  40002: 'WECHAT_CONFIG_INVALID',
  40013: 'WECHAT_CONFIG_INVALID',
  40125: 'WECHAT_CONFIG_INVALID',
  40164: 'WECHAT_CONFIG_INVALID', // server IP not in the API whitelist
  40243: 'WECHAT_CONFIG_INVALID', // AppSecret frozen
  41002: 'WECHAT_CONFIG_INVALID',
  41004: 'WECHAT_CONFIG_INVALID',
  48001: 'WECHAT_CONFIG_INVALID', // capability not granted to this app
  40003: 'WECHAT_OPENID_INVALID',
  43104: 'WECHAT_OPENID_INVALID',
  40029: 'WECHAT_CODE_INVALID',
  40163: 'WECHAT_CODE_USED',
  40226: 'WECHAT_CODE_BLOCKED',
  41008: 'WECHAT_CODE_INVALID',
  45009: 'WECHAT_RATE_LIMITED',
  45011: 'WECHAT_RATE_LIMITED',
  43101: 'WECHAT_NO_SUBSCRIPTION',
  40037: 'WECHAT_TEMPLATE_INVALID',
  47003: 'WECHAT_TEMPLATE_DATA_INVALID',
  41030: 'WECHAT_PAGE_INVALID',
  87014: 'WECHAT_CONTENT_RISKY',
  40129: 'WECHAT_REQUEST_INVALID',
  44002: 'WECHAT_REQUEST_INVALID',
  47001: 'WECHAT_REQUEST_INVALID',
  43302: 'WECHAT_REQUEST_INVALID',
}

/** Same errcode, different meaning per API. */
const PER_API: Partial<Record<WechatApi, Readonly<Record<number, WechatErrorCode>>>> = {
  getwxacodeunlimit: { 40129: 'WECHAT_SCENE_INVALID', 40169: 'WECHAT_SCENE_INVALID' },
  // On the token endpoint itself 40001 means the AppSecret is wrong, not that a token expired.
  stable_token: { 40001: 'WECHAT_CONFIG_INVALID' },
}

/** `argument invalid! data.thing3.value invalid` → `thing3`. */
export function fieldFromErrmsg(errmsg: string | undefined): string | undefined {
  const m = /data\.([A-Za-z_]+\d*)\.value/.exec(errmsg ?? '')
  return m ? m[1] : undefined
}

export function errorFromErrcode(api: WechatApi, errcode: number, errmsg?: string): WechatError {
  const code = PER_API[api]?.[errcode] ?? COMMON[errcode] ?? 'WECHAT_ERROR'
  const field = errcode === 47003 ? fieldFromErrmsg(errmsg) : undefined
  return new WechatError(code, api, { errcode, wechatMessage: errmsg, field })
}
