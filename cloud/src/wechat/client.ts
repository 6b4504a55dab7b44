/**
 * Typed client for the WeChat server APIs the mini program needs. Every call has a timeout and bounded
 * retries (see http.ts); token-authenticated calls retry exactly once with a replaced token on
 * 40001/40014/42001 (see token-manager.ts); errcodes become WechatError with our codes (errors.ts).
 */
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { checkPage, checkScene, QR_WIDTH_MAX, QR_WIDTH_MIN } from '../../../shared/wechat/scene'
import { validateTemplateData } from '../../../shared/wechat/template-fields'
import { errorFromErrcode, TOKEN_ERRCODES, WechatError, type WechatApi } from './errors'
import { sendWechatRequest, type HttpOptions, type WechatJson, type WechatRequest } from './http'
import { SessionKey } from './session-key'
import { createTokenManager } from './token-manager'
import type { SecSuggest, WechatClient, WechatClientOptions } from './types'

export * from './types'
export { WechatError } from './errors'
export { SessionKey } from './session-key'
export { MemoryTokenStore, type TokenStore, type StoredToken } from './token-store'

const MSG_SEC_MAX_CHARS = 2500
const SUGGESTS: readonly SecSuggest[] = ['pass', 'review', 'risky']

function str(json: WechatJson, key: string): string | undefined {
  const v = json[key]
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

/** Throws our error for a non-zero errcode; otherwise returns the body. */
function ok(api: WechatApi, json: WechatJson): WechatJson {
  if (json.errcode !== undefined && json.errcode !== 0) {
    throw errorFromErrcode(api, json.errcode, json.errmsg)
  }
  return json
}

function malformed(api: WechatApi, what: string): WechatError {
  return new WechatError('WECHAT_ERROR', api, { wechatMessage: `unexpected reply: ${what}` })
}

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { appId, secret } = options
  const now = options.now ?? Date.now
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: options.timeoutMs ?? 5000,
    retries: options.retries ?? 2,
    retryDelayMs: options.retryDelayMs ?? 200,
  }
  const validateData = options.validateTemplateData ?? true

  async function json(req: WechatRequest): Promise<WechatJson> {
    const reply = await sendWechatRequest(http, req)
    if (reply.kind !== 'json') throw malformed(req.api, reply.contentType)
    return reply.json
  }

  const tokens = createTokenManager({
    appId,
    store: options.tokenStore,
    now,
    ownerId: options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
    refreshAheadMs: options.refreshAheadMs,
    waitMs: options.tokenWaitMs,
    async fetchToken(forceRefresh) {
      const body = ok(
        'stable_token',
        await json({
          api: 'stable_token',
          method: 'POST',
          path: '/cgi-bin/stable_token',
          body: {
            grant_type: 'client_credential',
            appid: appId,
            secret,
            force_refresh: forceRefresh,
          },
        }),
      )
      const token = str(body, 'access_token')
      if (!token || typeof body.expires_in !== 'number') throw malformed('stable_token', 'no token')
      return { token, expiresInSec: body.expires_in }
    },
  })

  /** Calls an access_token API; on a rejected token, replaces it once and retries once. */
  async function withToken(req: WechatRequest) {
    let token = await tokens.getToken()
    for (let attempt = 0; ; attempt++) {
      const reply = await sendWechatRequest(http, {
        ...req,
        query: { ...req.query, access_token: token },
      })
      const errcode = reply.kind === 'json' ? reply.json.errcode : undefined
      if (errcode === undefined || !TOKEN_ERRCODES.has(errcode) || attempt > 0) return reply
      token = await tokens.replaceRejected(token)
    }
  }

  async function tokenJson(req: WechatRequest): Promise<WechatJson> {
    const reply = await withToken(req)
    if (reply.kind !== 'json') throw malformed(req.api, reply.contentType)
    return ok(req.api, reply.json)
  }

  return {
    appId,

    getAccessToken: () => tokens.getToken(),

    async code2Session(jsCode) {
      if (typeof jsCode !== 'string' || jsCode.length === 0 || jsCode.length > 256) {
        throw new WechatError('WECHAT_CODE_INVALID', 'jscode2session')
      }
      const body = ok(
        'jscode2session',
        await json({
          api: 'jscode2session',
          method: 'GET',
          path: '/sns/jscode2session',
          query: { appid: appId, secret, js_code: jsCode, grant_type: 'authorization_code' },
        }),
      )
      const openid = str(body, 'openid')
      const sessionKey = str(body, 'session_key')
      if (!openid || !sessionKey) throw malformed('jscode2session', 'no openid')
      const unionid = str(body, 'unionid')
      return { openid, sessionKey: new SessionKey(sessionKey), ...(unionid ? { unionid } : {}) }
    },

    async getPhoneNumber(code, openid) {
      if (!code) throw new WechatError('WECHAT_CODE_INVALID', 'getuserphonenumber')
      const body = await tokenJson({
        api: 'getuserphonenumber',
        method: 'POST',
        path: '/wxa/business/getuserphonenumber',
        body: openid ? { code, openid } : { code },
      })
      const info = body.phone_info as Record<string, unknown> | undefined
      const phoneNumber = info?.phoneNumber
      const purePhoneNumber = info?.purePhoneNumber
      if (typeof phoneNumber !== 'string' || typeof purePhoneNumber !== 'string') {
        throw malformed('getuserphonenumber', 'no phone_info')
      }
      return { phoneNumber, purePhoneNumber, countryCode: String(info?.countryCode ?? '') }
    },

    async getUnlimitedQrCode(req) {
      const api = 'getwxacodeunlimit'
      const sceneProblem = checkScene(req.scene)
      if (sceneProblem)
        throw new WechatError('WECHAT_SCENE_INVALID', api, { wechatMessage: sceneProblem })
      const pageProblem = req.page === undefined ? null : checkPage(req.page)
      if (pageProblem)
        throw new WechatError('WECHAT_PAGE_INVALID', api, { wechatMessage: pageProblem })
      if (req.width !== undefined && (req.width < QR_WIDTH_MIN || req.width > QR_WIDTH_MAX)) {
        throw new WechatError('WECHAT_REQUEST_INVALID', api, {
          wechatMessage: 'width out of range',
        })
      }
      const reply = await withToken({
        api,
        method: 'POST',
        path: '/wxa/getwxacodeunlimit',
        body: {
          scene: req.scene,
          ...(req.page === undefined ? {} : { page: req.page }),
          ...(req.width === undefined ? {} : { width: req.width }),
          check_path: req.checkPath ?? true,
          env_version: req.envVersion ?? 'release',
          is_hyaline: req.isHyaline ?? false,
        },
      })
      if (reply.kind === 'image') return reply.body
      ok(api, reply.json) // WeChat answers JSON only on errors
      throw malformed(api, 'JSON without errcode instead of an image')
    },

    async msgSecCheck(req) {
      const api = 'msg_sec_check'
      if (Array.from(req.content).length > MSG_SEC_MAX_CHARS) {
        throw new WechatError('WECHAT_REQUEST_INVALID', api, { wechatMessage: 'content > 2500' })
      }
      let body: WechatJson
      try {
        body = await tokenJson({
          api,
          method: 'POST',
          path: '/wxa/msg_sec_check',
          body: { version: 2, ...req },
        })
      } catch (err) {
        // 87014 is v1's "risky content"; it is a verdict, not a failure.
        if (err instanceof WechatError && err.errcode === 87014)
          return { suggest: 'risky', label: 21000 }
        throw err
      }
      const result = body.result as { suggest?: unknown; label?: unknown } | undefined
      const suggest = SUGGESTS.find((s) => s === result?.suggest)
      if (!suggest) throw malformed(api, 'no result.suggest')
      return {
        suggest,
        label: Number(result?.label ?? 0),
        ...(str(body, 'trace_id') ? { traceId: str(body, 'trace_id') } : {}),
      }
    },

    async mediaCheckAsync(req) {
      const api = 'media_check_async'
      const body = await tokenJson({
        api,
        method: 'POST',
        path: '/wxa/media_check_async',
        body: {
          media_url: req.mediaUrl,
          media_type: req.mediaType === 'audio' ? 1 : 2,
          version: 2,
          scene: req.scene,
          openid: req.openid,
        },
      })
      const traceId = str(body, 'trace_id')
      if (!traceId) throw malformed(api, 'no trace_id')
      return { traceId }
    },

    async sendSubscribeMessage(msg) {
      const api = 'subscribe_send'
      if (validateData) {
        const bad = validateTemplateData(msg.data)
        if (bad) {
          throw new WechatError('WECHAT_TEMPLATE_DATA_INVALID', api, {
            field: bad.field,
            wechatMessage: `local check: data.${bad.field}.value ${bad.problem}`,
          })
        }
      }
      const data: Record<string, { value: string }> = {}
      for (const [key, value] of Object.entries(msg.data)) data[key] = { value }
      await tokenJson({
        api,
        method: 'POST',
        path: '/cgi-bin/message/subscribe/send',
        body: {
          touser: msg.touser,
          template_id: msg.templateId,
          data,
          ...(msg.page === undefined ? {} : { page: msg.page }),
          miniprogram_state: msg.miniprogramState ?? 'formal',
          lang: msg.lang ?? 'zh_CN',
        },
      })
    },
  }
}
