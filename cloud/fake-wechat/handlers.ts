/** One handler per WeChat API, answering with WeChat's documented shapes and errcodes. */
import {
  checkPage,
  checkScene,
  QR_WIDTH_DEFAULT,
  QR_WIDTH_MAX,
  QR_WIDTH_MIN,
} from '../../shared/wechat/scene'
import { validateTemplateValue } from '../../shared/wechat/template-fields'
import { renderQrPng } from './qr-png'
import { OPENID_PATTERN, openidFor, randomId, unionidFor } from './ids'
import { fail, ok, type FakeApi, type FakeState, type WechatBody } from './state'
import type { TemplateDefinitions } from './templates'

export interface FakeConfig {
  appId: string
  secret: string
  templates: TemplateDefinitions
  riskyWords: readonly string[]
  reviewWords: readonly string[]
  /** When set, pages outside it are 41030 (like check_path / a page missing in the live version). */
  pages?: readonly string[]
  unionid: boolean
  now: () => number
}

export interface FakeRequest {
  state: FakeState
  config: FakeConfig
  query: URLSearchParams
  /** Parsed JSON body; `undefined` for GET, `null` when the body is not JSON. */
  body: unknown
}

export type FakeReply = { json: WechatBody } | { image: Buffer; contentType: string }

type Handler = (req: FakeRequest) => Promise<FakeReply> | FakeReply

const DEV_CODE = /^dev-([A-Za-z0-9_-]{1,64})$/
const DEV_PHONE_CODE = /^dev-phone-(\d{5,15})$/
const BAD_JSON = fail(47001, 'data format error hint: post body is not json')

function obj(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null
}

function sceneOk(scene: unknown): boolean {
  return scene === 1 || scene === 2 || scene === 3 || scene === 4
}

function pageKnown(config: FakeConfig, page: string): boolean {
  return !config.pages || config.pages.includes(page.split('?')[0])
}

const stableToken: Handler = ({ state, config, body }) => {
  const b = obj(body)
  if (!b) return { json: BAD_JSON }
  if (b.grant_type !== 'client_credential') return { json: fail(40002, 'invalid grant_type') }
  if (b.appid !== config.appId) return { json: fail(40013, 'invalid appid') }
  if (b.secret !== config.secret) return { json: fail(40125, 'invalid appsecret') }
  return { json: state.stableToken(b.force_refresh === true) }
}

const jscode2session: Handler = ({ state, config, query }) => {
  const appid = query.get('appid')
  const secret = query.get('secret')
  const code = query.get('js_code')
  if (!appid) return { json: fail(41002, 'appid missing') }
  if (!secret) return { json: fail(41004, 'appsecret missing') }
  if (!code) return { json: fail(41008, 'missing code') }
  if (appid !== config.appId) return { json: fail(40013, 'invalid appid') }
  if (secret !== config.secret) return { json: fail(40125, 'invalid appsecret') }
  if (query.get('grant_type') !== 'authorization_code')
    return { json: fail(40002, 'invalid grant_type') }
  const dev = DEV_CODE.exec(code)
  const name = dev && !code.startsWith('dev-phone-') ? dev[1] : state.useCode('login', code)
  if (name === 'used') return { json: fail(40163, 'code been used') }
  if (name === 'invalid') return { json: fail(40029, 'invalid code') }
  return {
    json: {
      openid: openidFor(config.appId, name),
      session_key: randomId(18),
      ...(config.unionid ? { unionid: unionidFor(name) } : {}),
      errcode: 0,
      errmsg: 'ok',
    },
  }
}

const getuserphonenumber: Handler = ({ state, config, body }) => {
  const b = obj(body)
  if (!b) return { json: BAD_JSON }
  if (typeof b.code !== 'string' || !b.code) return { json: fail(40029, 'invalid code') }
  const dev = DEV_PHONE_CODE.exec(b.code)
  const phone = dev ? dev[1] : state.useCode('phone', b.code)
  if (phone === 'used' || phone === 'invalid') return { json: fail(40029, 'invalid code') }
  return {
    json: ok({
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(config.now() / 1000), appid: config.appId },
      },
    }),
  }
}

function rgb(color: unknown): [number, number, number] {
  const c = obj(color)
  const part = (v: unknown) => Math.max(0, Math.min(255, Math.round(Number(v) || 0)))
  return c ? [part(c.r), part(c.g), part(c.b)] : [0, 0, 0]
}

const getwxacodeunlimit: Handler = ({ config, body }) => {
  const b = obj(body)
  if (!b) return { json: fail(40169, 'invalid length for scene, or the data is not json string') }
  const scene = typeof b.scene === 'string' ? b.scene : ''
  const problem = checkScene(scene)
  if (problem === 'bad_chars') return { json: fail(40129, 'invalid scene') }
  if (problem)
    return { json: fail(40169, 'invalid length for scene, or the data is not json string') }
  if (b.page !== undefined) {
    if (typeof b.page !== 'string' || checkPage(b.page))
      return { json: fail(41030, 'invalid page') }
    if (b.check_path !== false && !pageKnown(config, b.page))
      return { json: fail(41030, 'invalid page') }
  }
  const env = b.env_version ?? 'release'
  if (env !== 'release' && env !== 'trial' && env !== 'develop') {
    return { json: fail(47001, 'data format error hint: invalid env_version') }
  }
  const asked = typeof b.width === 'number' ? b.width : QR_WIDTH_DEFAULT
  const width = Math.max(QR_WIDTH_MIN, Math.min(QR_WIDTH_MAX, Math.round(asked)))
  const image = renderQrPng(scene, {
    width,
    dark: rgb(b.line_color),
    transparent: b.is_hyaline === true,
  })
  return { image, contentType: 'image/png' }
}

function verdict(config: FakeConfig, text: string) {
  const risky = config.riskyWords.find((w) => text.includes(w))
  if (risky) return { suggest: 'risky', label: 21000, keyword: risky }
  const review = config.reviewWords.find((w) => text.includes(w))
  if (review) return { suggest: 'review', label: 21000, keyword: review }
  return { suggest: 'pass', label: 100, keyword: undefined }
}

const msgSecCheck: Handler = ({ config, body }) => {
  const b = obj(body)
  if (!b) return { json: BAD_JSON }
  if (typeof b.content !== 'string' || b.content.length === 0) {
    return { json: fail(44002, 'empty post data') }
  }
  if (Array.from(b.content).length > 2500) return { json: fail(47001, 'content too long') }
  const text = [b.content, b.title, b.nickname, b.signature]
    .filter((s) => typeof s === 'string')
    .join('\n')
  const v = verdict(config, text)
  if (b.version !== 2) {
    return { json: v.suggest === 'risky' ? fail(87014, 'risky content') : ok() } // v1 semantics
  }
  if (typeof b.openid !== 'string' || !OPENID_PATTERN.test(b.openid)) {
    return { json: fail(40003, 'invalid openid') }
  }
  if (!sceneOk(b.scene)) return { json: fail(40129, 'invalid scene') }
  const detail: Record<string, unknown>[] = [
    { strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: 90 },
  ]
  if (v.keyword) {
    detail.push({
      strategy: 'keyword',
      errcode: 0,
      suggest: v.suggest,
      label: v.label,
      level: 20,
      keyword: v.keyword,
    })
  }
  return {
    json: ok({ trace_id: randomId(16), result: { suggest: v.suggest, label: v.label }, detail }),
  }
}

const mediaCheckAsync: Handler = ({ state, body }) => {
  const b = obj(body)
  if (!b) return { json: BAD_JSON }
  if (typeof b.media_url !== 'string' || !/^https?:\/\//.test(b.media_url)) {
    return { json: fail(47001, 'data format error hint: invalid media_url') }
  }
  if (b.media_type !== 1 && b.media_type !== 2) return { json: fail(47001, 'invalid media_type') }
  if (typeof b.openid !== 'string' || !OPENID_PATTERN.test(b.openid)) {
    return { json: fail(40003, 'invalid openid') }
  }
  if (!sceneOk(b.scene)) return { json: fail(40129, 'invalid scene') }
  const traceId = randomId(16)
  state.mediaChecks.push({
    traceId,
    mediaUrl: b.media_url,
    mediaType: b.media_type,
    openid: b.openid,
    scene: Number(b.scene),
  })
  return { json: ok({ trace_id: traceId }) }
}

const STATES = ['developer', 'trial', 'formal']
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW']

const subscribeSend: Handler = ({ state, config, body }) => {
  const b = obj(body)
  if (!b) return { json: BAD_JSON }
  if (typeof b.touser !== 'string' || !OPENID_PATTERN.test(b.touser)) {
    return { json: fail(40003, 'invalid openid') }
  }
  const templateId = typeof b.template_id === 'string' ? b.template_id : ''
  const fields = config.templates[templateId]
  if (!fields) return { json: fail(40037, 'invalid template_id') }
  if (b.page !== undefined && (typeof b.page !== 'string' || !pageKnown(config, b.page))) {
    return { json: fail(41030, 'invalid page') }
  }
  const mpState = b.miniprogram_state ?? 'formal'
  const lang = b.lang ?? 'zh_CN'
  if (!STATES.includes(String(mpState))) return { json: fail(47001, 'invalid miniprogram_state') }
  if (!LANGS.includes(String(lang))) return { json: fail(47001, 'invalid lang') }
  const data = obj(b.data) ?? {}
  const values: Record<string, string> = {}
  for (const [key, type] of Object.entries(fields)) {
    const raw = obj(data[key])?.value
    const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : ''
    if (value.trim() === '')
      return { json: fail(47003, `argument invalid! data.${key}.value is empty`) }
    if (validateTemplateValue(type, value)) {
      return { json: fail(47003, `argument invalid! data.${key}.value invalid`) }
    }
    values[key] = value
  }
  if (!state.consumeGrant(b.touser, templateId)) {
    return { json: fail(43101, 'user refuse to accept the msg') }
  }
  const msgid = state.nextMsgId()
  state.sent.push({
    touser: b.touser,
    templateId,
    ...(typeof b.page === 'string' ? { page: b.page } : {}),
    data: values,
    miniprogramState: String(mpState),
    lang: String(lang),
    msgid,
    sentAt: new Date(config.now()).toISOString(),
  })
  return { json: ok({ msgid }) }
}

export interface Route {
  api: FakeApi
  method: 'GET' | 'POST'
  /** Whether the call needs `?access_token=`. */
  token: boolean
  handler: Handler
}

export const ROUTES: Record<string, Route> = {
  '/cgi-bin/stable_token': {
    api: 'stable_token',
    method: 'POST',
    token: false,
    handler: stableToken,
  },
  '/sns/jscode2session': {
    api: 'jscode2session',
    method: 'GET',
    token: false,
    handler: jscode2session,
  },
  '/wxa/business/getuserphonenumber': {
    api: 'getuserphonenumber',
    method: 'POST',
    token: true,
    handler: getuserphonenumber,
  },
  '/wxa/getwxacodeunlimit': {
    api: 'getwxacodeunlimit',
    method: 'POST',
    token: true,
    handler: getwxacodeunlimit,
  },
  '/wxa/msg_sec_check': { api: 'msg_sec_check', method: 'POST', token: true, handler: msgSecCheck },
  '/wxa/media_check_async': {
    api: 'media_check_async',
    method: 'POST',
    token: true,
    handler: mediaCheckAsync,
  },
  '/cgi-bin/message/subscribe/send': {
    api: 'subscribe_send',
    method: 'POST',
    token: true,
    handler: subscribeSend,
  },
}
