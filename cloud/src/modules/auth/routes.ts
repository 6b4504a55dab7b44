import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { DomainError } from '../../../../shared/errors'
import { access } from '../../plugins/route-access'
import { ErrorSchema } from '../users/schema'
import {
  AuthTokensSchema,
  DemoAccountsSchema,
  PasswordLoginBodySchema,
  RefreshBodySchema,
  WechatLoginBodySchema,
} from './schema'
import {
  listDemoAccounts,
  loginWithPassword,
  loginWithWechat,
  logout,
  refreshTokens,
  type AuthContext,
} from './service'

const tags = ['auth']

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const context = (request: FastifyRequest): AuthContext => ({
    db: app.db,
    config: app.config,
    wechat: app.wechat,
    client: {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    },
  })

  app.post(
    '/api/auth/wechat',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '微信登录 WeChat login',
        description:
          '用 wx.login 的 code 换取登录凭证；首次登录自动注册为群众。已用过的 code → WECHAT_CODE_USED，' +
          '无效或过期 → WECHAT_CODE_INVALID · Exchanges a wx.login code for tokens.',
        body: WechatLoginBodySchema,
        response: { 200: AuthTokensSchema, 400: ErrorSchema, 403: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => loginWithWechat(context(request), request.body.code),
  )

  app.post(
    '/api/auth/password',
    {
      config: { access: access.public(), rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: '账号密码登录（工作人员）Staff password login',
        description:
          '连续 5 次密码错误锁定 15 分钟（ACCOUNT_LOCKED）；每个 IP 每分钟最多 10 次 · ' +
          '5 failures in 15 min lock the account for 15 min; 10 attempts per minute per IP.',
        body: PasswordLoginBodySchema,
        response: {
          200: AuthTokensSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request) =>
      loginWithPassword(context(request), request.body.username, request.body.password),
  )

  app.post(
    '/api/auth/refresh',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '刷新登录凭证 Refresh tokens',
        description:
          '返回新的一对凭证，旧 refreshToken 随即作废；再次使用旧的 → REFRESH_TOKEN_REUSED 并使整组登录失效 · ' +
          'Rotates the refresh token; replaying an old one revokes the whole session family.',
        body: RefreshBodySchema,
        response: { 200: AuthTokensSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => refreshTokens(context(request), request.body.refreshToken),
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '退出登录 Log out',
        description: '使本次登录的全部凭证失效 · Revokes the caller’s session family.',
        response: { 204: { type: 'null' }, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      await logout(app.db, app.authz.requireAuth(request).familyId)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/auth/demo-accounts',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '演示账号列表 Demo accounts',
        description:
          '仅演示模式（DEMO_MODE）可用，否则 404 DEMO_MODE_ONLY；用 code 调用 /api/auth/wechat 登录 · ' +
          'Demo mode only; log in by posting the code to /api/auth/wechat.',
        response: { 200: DemoAccountsSchema, 404: ErrorSchema },
      },
    },
    async () => {
      if (!app.config.demoMode) throw new DomainError('DEMO_MODE_ONLY')
      return { items: await listDemoAccounts(app.db) }
    },
  )
}

export default authRoutes
