/**
 * A fake WeChat server-API for development, the demo and tests: a real HTTP server on WeChat's paths that
 * follows WeChat's documented contracts (errcodes in HTTP 200 JSON, one-time login codes, stable_token,
 * subscription grants, template field rules, content-check verdicts, real QR PNGs).
 *
 * Debug routes (CORS-open, for the demo): GET /__fake/sent[?touser=openid] → {messages},
 * GET /__fake/stats, GET /__fake/login-code?name=alice → {code, openid} (a one-time wx.login code),
 * POST /__fake/grant {openid, templateId, count?} (what the subscribe popup's "允许" grants),
 * POST /__fake/expire-tokens. Login code `dev-<name>` always maps to the same openid and is reusable;
 * phone code `dev-phone-<digits>` likewise returns that number.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TemplateFieldType } from '../../shared/wechat/template-fields'
import { ROUTES, type FakeConfig, type FakeReply } from './handlers'
import { openidFor } from './ids'
import {
  fail,
  FakeState,
  type Fault,
  type FakeApi,
  type MediaCheckRecord,
  type RateLimit,
  type SentMessage,
} from './state'
import { DEFAULT_FAKE_TEMPLATES, DEFAULT_REVIEW_WORDS, DEFAULT_RISKY_WORDS } from './templates'

export type { FakeApi, Fault, MediaCheckRecord, RateLimit, SentMessage } from './state'
export { DEFAULT_FAKE_TEMPLATES } from './templates'

export const FAKE_APP_ID = 'wx0000000000fake01'
export const FAKE_SECRET = 'fake-wechat-app-secret-0000000000'

export interface FakeWechatOptions {
  port?: number
  host?: string
  appId?: string
  secret?: string
  /** Login/phone code lifetime (default 5 minutes, like WeChat). */
  codeTtlMs?: number
  /** Access token lifetime (default 7200 s). */
  tokenTtlSec?: number
  rateLimits?: Partial<Record<FakeApi, RateLimit>>
  riskyWords?: string[]
  reviewWords?: string[]
  templates?: Record<string, Record<string, TemplateFieldType>>
  /** When set, pages outside the list answer 41030. */
  pages?: string[]
  /** Return a unionid (app bound to an Open Platform account). Default false. */
  unionid?: boolean
  now?: () => number
}

export interface FakeWechat {
  readonly baseUrl: string
  readonly appId: string
  readonly secret: string
  close(): Promise<void>
  /** Every accepted subscription message, oldest first. */
  sent(): SentMessage[]
  /** Adds one-time subscription grants (what the user's "允许" in the popup gives). */
  grant(openid: string, templateId: string, count?: number): void
  grantsLeft(openid: string, templateId: string): number
  /** Makes every issued access token expired (42001); stable_token then issues a new one. */
  expireTokens(): void
  /** Makes every issued access token invalid (40001), as after a force refresh elsewhere. */
  invalidateTokens(): void
  /** What wx.login would hand the mini program for user `name`: single use, expires after codeTtlMs. */
  issueLoginCode(name: string): string
  /** What the getPhoneNumber button would hand over: single use, expires after codeTtlMs. */
  issuePhoneCode(phone: string): string
  /** The openid that login codes for `name` (and `dev-<name>`) resolve to. */
  openidFor(name: string): string
  /** Makes the next call(s) of an API fail, hang or lag. */
  failNext(api: FakeApi, fault: Fault): void
  mediaChecks(): MediaCheckRecord[]
  stats(): { calls: Partial<Record<FakeApi, number>>; tokensIssued: number; forceRefreshes: number }
}

const MAX_BODY = 1024 * 1024

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) req.destroy(new Error('body too large'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function send(res: ServerResponse, reply: FakeReply | { status: number; debug: unknown }): void {
  if ('image' in reply) {
    res.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.image.length })
    res.end(reply.image)
    return
  }
  const status = 'status' in reply ? reply.status : 200 // WeChat answers errors with HTTP 200 too
  const body = JSON.stringify('debug' in reply ? reply.debug : reply.json)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(body)
}

export async function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechat> {
  const now = options.now ?? Date.now
  const config: FakeConfig = {
    appId: options.appId ?? FAKE_APP_ID,
    secret: options.secret ?? FAKE_SECRET,
    templates: options.templates ?? DEFAULT_FAKE_TEMPLATES,
    riskyWords: options.riskyWords ?? DEFAULT_RISKY_WORDS,
    reviewWords: options.reviewWords ?? DEFAULT_REVIEW_WORDS,
    pages: options.pages,
    unionid: options.unionid ?? false,
    now,
  }
  const state = new FakeState(
    now,
    options.tokenTtlSec ?? 7200,
    options.codeTtlMs ?? 5 * 60_000,
    options.rateLimits ?? {},
  )
  const timers = new Set<NodeJS.Timeout>()
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const text = await readBody(req)
    if (url.pathname.startsWith('/__fake/')) {
      // The demo's browser pages read these routes directly, from another origin.
      res.setHeader('access-control-allow-origin', '*')
      res.setHeader('access-control-allow-headers', 'content-type')
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      send(res, debugRoute(req.method ?? 'GET', url, parseJson(text)))
      return
    }
    const route = ROUTES[url.pathname]
    if (!route) return send(res, { status: 404, debug: fail(-1, `no such api ${url.pathname}`) })
    if (req.method !== route.method)
      return send(res, { json: fail(43002, `require ${route.method}`) })
    state.count(route.api)
    const fault = state.takeFault(route.api)
    if (fault?.hang) return // never answers; close() destroys the socket
    if (fault?.delayMs) await delay(fault.delayMs)
    if (fault?.errcode !== undefined) {
      return send(res, { json: fail(fault.errcode, fault.errmsg ?? 'injected fault') })
    }
    const limited = state.rateCheck(route.api)
    if (limited) return send(res, { json: limited })
    if (route.token) {
      const bad = state.checkToken(url.searchParams.get('access_token'))
      if (bad) return send(res, { json: bad })
    }
    const body = route.method === 'POST' ? parseJson(text) : undefined
    send(res, await route.handler({ state, config, query: url.searchParams, body }))
  }

  const debugRoute = (
    method: string,
    url: URL,
    body: unknown,
  ): { status: number; debug: unknown } => {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    const key = `${method} ${url.pathname}`
    if (key === 'GET /__fake/sent') {
      const touser = url.searchParams.get('touser')
      const messages = touser ? state.sent.filter((m) => m.touser === touser) : state.sent
      return { status: 200, debug: { messages } }
    }
    if (key === 'GET /__fake/stats') return { status: 200, debug: api.stats() }
    if (key === 'GET /__fake/login-code') {
      const name = url.searchParams.get('name') ?? ''
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return { status: 400, debug: { error: 'bad name' } }
      return {
        status: 200,
        debug: { code: state.issueCode('login', name), openid: api.openidFor(name) },
      }
    }
    if (key === 'POST /__fake/grant') {
      const count = b.count === undefined ? 1 : b.count
      if (typeof b.openid !== 'string' || typeof b.templateId !== 'string') {
        return { status: 400, debug: { error: 'openid and templateId required' } }
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
        return { status: 400, debug: { error: 'count must be an integer from 1 to 1000' } }
      }
      api.grant(b.openid, b.templateId, count)
      return { status: 200, debug: { left: api.grantsLeft(b.openid, b.templateId) } }
    }
    if (key === 'POST /__fake/expire-tokens') {
      api.expireTokens()
      return { status: 200, debug: { ok: true } }
    }
    return { status: 404, debug: { error: 'unknown debug route' } }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, debug: fail(-1, String(err)) })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address

  const api: FakeWechat = {
    baseUrl: `http://${host}:${address.port}`,
    appId: config.appId,
    secret: config.secret,
    async close() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      server.closeAllConnections() // includes the sockets of hanging requests
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    sent: () => state.sent.map((m) => ({ ...m, data: { ...m.data } })),
    grant: (openid, templateId, count = 1) => state.grant(openid, templateId, count),
    grantsLeft: (openid, templateId) => state.grants.get(`${openid}|${templateId}`) ?? 0,
    expireTokens: () => state.revokeTokens('expired'),
    invalidateTokens: () => state.revokeTokens('invalid'),
    issueLoginCode: (name) => state.issueCode('login', name),
    issuePhoneCode: (phone) => state.issueCode('phone', phone),
    openidFor: (name) => openidFor(config.appId, name),
    failNext: (apiName, fault) => state.addFault(apiName, fault),
    mediaChecks: () => [...state.mediaChecks],
    stats: () => ({
      calls: Object.fromEntries(state.calls),
      tokensIssued: state.tokenSerial,
      forceRefreshes: state.forceRefreshes,
    }),
  }
  return api
}
