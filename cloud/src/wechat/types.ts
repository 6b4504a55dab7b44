/** Public types of the WeChat server-API client. */
import type { SessionKey } from './session-key'
import type { FetchLike } from './http'
import type { TokenStore } from './token-store'

export interface WechatClientOptions {
  appId: string
  secret: string
  /** `https://api.weixin.qq.com` in production, the fake's URL in development and tests. */
  baseUrl: string
  tokenStore: TokenStore
  fetch?: FetchLike
  /** Per attempt (default 5000 ms). */
  timeoutMs?: number
  /** Extra attempts for network errors and errcode -1 (default 2). */
  retries?: number
  /** First backoff step (default 200 ms, doubling, with jitter). */
  retryDelayMs?: number
  now?: () => number
  /** Identifies this instance in the token lease (default hostname-pid-random). */
  instanceId?: string
  /** Refresh the token this long before expiry (default 5 min). */
  refreshAheadMs?: number
  /** Wait at most this long for another instance's token refresh (default 5 s). */
  tokenWaitMs?: number
  /** Check template data against the field rules before sending (default true). */
  validateTemplateData?: boolean
}

export interface WechatLogin {
  openid: string
  /** Present only when the mini program is bound to an Open Platform account. */
  unionid?: string
  sessionKey: SessionKey
}

export interface WechatPhone {
  /** With country code for foreign numbers. */
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
}

export interface QrCodeRequest {
  /** ≤ 32 visible characters: digits, letters and !#$&'()*+,/:;=?@-._~ */
  scene: string
  /** e.g. `pages/room/index`; no leading slash, no query. Default: the home page. */
  page?: string
  /** 280–1280 px, default 430. */
  width?: number
  /** Default true: the page must exist in the released version. */
  checkPath?: boolean
  envVersion?: 'release' | 'trial' | 'develop'
  isHyaline?: boolean
}

/** 1 资料, 2 评论, 3 论坛, 4 社交日志 */
export type SecScene = 1 | 2 | 3 | 4

export interface MsgSecCheckRequest {
  /** ≤ 2500 characters. */
  content: string
  /** The author; must have opened the mini program in the last 2 hours. */
  openid: string
  scene: SecScene
  title?: string
  nickname?: string
  signature?: string
}

export type SecSuggest = 'pass' | 'review' | 'risky'

export interface SecVerdict {
  suggest: SecSuggest
  /** 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 20008 欺诈, 20012 低俗, 20013 版权, 21000 其他 */
  label: number
  traceId?: string
}

export interface MediaCheckRequest {
  /** A publicly downloadable URL. */
  mediaUrl: string
  mediaType: 'audio' | 'image'
  openid: string
  scene: SecScene
}

export interface SubscribeMessage {
  touser: string
  templateId: string
  /** In-app page, query allowed (`pages/topic/index?id=1`). */
  page?: string
  /** `{ thing1: '…', time2: '…' }`; the client wraps each value as `{ value }`. */
  data: Record<string, string>
  miniprogramState?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW'
}

export interface WechatClient {
  readonly appId: string
  code2Session(jsCode: string): Promise<WechatLogin>
  getPhoneNumber(code: string, openid?: string): Promise<WechatPhone>
  /** PNG (or whatever image WeChat sends) bytes of an unlimited mini program code. */
  getUnlimitedQrCode(request: QrCodeRequest): Promise<Buffer>
  msgSecCheck(request: MsgSecCheckRequest): Promise<SecVerdict>
  /** Starts an async image/audio check; the verdict arrives later by message push, keyed by trace id. */
  mediaCheckAsync(request: MediaCheckRequest): Promise<{ traceId: string }>
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>
  /** The current access token (for APIs this client does not wrap yet). */
  getAccessToken(): Promise<string>
}
