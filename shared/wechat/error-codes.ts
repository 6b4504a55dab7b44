/**
 * WeChat-specific error codes, in the same shape as `ERRORS` in `shared/errors.ts` so the lead can merge
 * them into the one catalogue. Messages are user-facing (Chinese); WeChat's own `errmsg` stays in logs.
 */
export const WECHAT_ERRORS = {
  WECHAT_CODE_INVALID: { status: 400, message: '登录凭证无效或已过期，请重新登录' },
  WECHAT_CODE_USED: { status: 400, message: '登录凭证已被使用，请重新登录' },
  WECHAT_CODE_BLOCKED: { status: 403, message: '该微信账号存在安全风险，暂时无法登录' },
  WECHAT_OPENID_INVALID: { status: 400, message: '微信用户标识无效' },
  WECHAT_RATE_LIMITED: { status: 429, message: '微信接口调用太频繁，请稍后再试' },
  WECHAT_BUSY: { status: 503, message: '微信服务繁忙，请稍后再试' },
  WECHAT_TIMEOUT: { status: 504, message: '微信服务响应超时，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '暂时无法连接微信服务，请稍后再试' },
  WECHAT_TOKEN_INVALID: { status: 502, message: '微信接口凭证失效，请稍后再试' },
  WECHAT_CONFIG_INVALID: { status: 500, message: '微信服务配置有误，请联系管理员' },
  WECHAT_NO_SUBSCRIPTION: { status: 409, message: '用户未订阅该消息，或订阅次数已用完' },
  WECHAT_TEMPLATE_INVALID: { status: 500, message: '订阅消息模板无效，请联系管理员' },
  WECHAT_TEMPLATE_DATA_INVALID: { status: 422, message: '订阅消息内容不符合模板要求' },
  WECHAT_PAGE_INVALID: { status: 400, message: '小程序页面不存在或尚未发布' },
  WECHAT_SCENE_INVALID: { status: 400, message: '小程序码参数不符合要求' },
  WECHAT_CONTENT_RISKY: { status: 422, message: '内容含有违规信息，请修改后再提交' },
  WECHAT_REQUEST_INVALID: { status: 502, message: '微信接口请求参数有误' },
  WECHAT_ERROR: { status: 502, message: '微信接口调用失败，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>

export type WechatErrorCode = keyof typeof WECHAT_ERRORS

export function isWechatErrorCode(value: unknown): value is WechatErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(WECHAT_ERRORS, value)
}
