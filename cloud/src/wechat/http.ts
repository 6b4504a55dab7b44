/**
 * One HTTP exchange with the WeChat API: a timeout per attempt (AbortController), bounded retries with
 * exponential backoff for network failures and errcode -1 (system busy) only. Timeouts are not retried:
 * WeChat may already have acted (a sent message, a consumed code), and callers wait at most `timeoutMs`.
 */
import { WechatError, type WechatApi } from './errors'

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface HttpOptions {
  baseUrl: string
  fetch: FetchLike
  timeoutMs: number
  retries: number
  retryDelayMs: number
}

export interface WechatRequest {
  api: WechatApi
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string>
  body?: unknown
}

export type WechatReply =
  { kind: 'json'; json: WechatJson } | { kind: 'image'; contentType: string; body: Buffer }

export interface WechatJson {
  errcode?: number
  errmsg?: string
  [key: string]: unknown
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function backoff(base: number, attempt: number): number {
  const exp = Math.min(base * 2 ** attempt, 2000)
  return exp / 2 + Math.random() * (exp / 2) // jitter so instances do not retry in step
}

type Attempt =
  { ok: true; reply: WechatReply } | { ok: false; retryable: boolean; error: WechatError }

async function attemptOnce(opts: HttpOptions, req: WechatRequest, url: string): Promise<Attempt> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs)
  try {
    const res = await opts.fetch(url, {
      method: req.method,
      headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: controller.signal,
    })
    const body = Buffer.from(await res.arrayBuffer()) // read inside the timeout: a stalled body counts
    if (!res.ok) {
      const error = new WechatError('WECHAT_UNAVAILABLE', req.api, {
        wechatMessage: `HTTP ${res.status}`,
      })
      return { ok: false, retryable: res.status >= 500, error }
    }
    const contentType = res.headers.get('content-type') ?? ''
    if (contentType.startsWith('image/')) {
      return { ok: true, reply: { kind: 'image', contentType, body } }
    }
    let json: WechatJson
    try {
      json = JSON.parse(body.toString('utf8')) as WechatJson
    } catch (cause) {
      return {
        ok: false,
        retryable: false,
        error: new WechatError('WECHAT_ERROR', req.api, { cause }),
      }
    }
    return { ok: true, reply: { kind: 'json', json } }
  } catch (cause) {
    if (controller.signal.aborted) {
      return {
        ok: false,
        retryable: false,
        error: new WechatError('WECHAT_TIMEOUT', req.api, { cause }),
      }
    }
    return {
      ok: false,
      retryable: true,
      error: new WechatError('WECHAT_UNAVAILABLE', req.api, { cause }),
    }
  } finally {
    clearTimeout(timer)
  }
}

/** Sends the request; returns WeChat's reply (errcode -1 only after the retries ran out). */
export async function sendWechatRequest(
  opts: HttpOptions,
  req: WechatRequest,
): Promise<WechatReply> {
  const url = new URL(opts.baseUrl.replace(/\/+$/, '') + req.path) // keeps a proxy's path prefix
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v)
  for (let attempt = 0; ; attempt++) {
    const result = await attemptOnce(opts, req, url.toString())
    const last = attempt >= opts.retries
    if (result.ok) {
      const busy = result.reply.kind === 'json' && result.reply.json.errcode === -1
      if (!busy || last) return result.reply
    } else if (!result.retryable || last) {
      throw result.error
    }
    await sleep(backoff(opts.retryDelayMs, attempt))
  }
}
