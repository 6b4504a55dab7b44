/**
 * The demo's view of WeChat (registered only when the service talks to the fake WeChat; see
 * `isFakeWechat`): whether it is there and which templates exist, the subscription messages the fake
 * received for the caller, and the stand-in for the "允许" of WeChat's subscription popup on H5.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { access } from '../../plugins/route-access'
import {
  DemoInfoSchema,
  DemoMessagesSchema,
  DemoSubscribeBodySchema,
  ErrorSchema,
  SubscriptionsSchema,
} from './schema'
import { fakeWechatDebug, getDemoInfo, listDemoMessages, simulateDemoSubscription } from './service'

const tags = ['demo']

function errors(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

const demoWechatRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const templates = app.config.notifications.templates
  const fake = fakeWechatDebug(app.config.wechat.apiBase)
  const me = (request: FastifyRequest) => app.authz.requireAuth(request).userId

  app.get(
    '/api/demo/wechat',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '模拟微信（演示）The service talks to the fake WeChat',
        description: '仅演示环境存在：小程序网页版据此模拟微信的订阅弹窗，并显示微信收到的消息。',
        response: { 200: DemoInfoSchema },
      },
    },
    async () => getDemoInfo(templates),
  )

  app.get(
    '/api/demo/wechat/messages',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '微信收到的消息（演示）Messages the fake WeChat received for me',
        description: '模拟微信服务器收到的、发给当前用户的订阅消息（最新 50 条，最新在前）。',
        response: { 200: DemoMessagesSchema, ...errors(401, 502) },
      },
    },
    async (request) => listDemoMessages(app.db, fake, templates, me(request)),
  )

  app.post(
    '/api/demo/wechat/subscribe',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '模拟订阅弹窗点“允许”（演示）Simulate tapping 允许 in the subscription popup',
        description:
          '在模拟微信处为每个模板增加一次可发送次数，并像 POST /api/me/subscriptions 收到 accept 一样记录。' +
          '未通过微信登录的账号（没有 openid）返回 409 WECHAT_NOT_LINKED。',
        body: DemoSubscribeBodySchema,
        response: { 200: SubscriptionsSchema, ...errors(400, 401, 409, 502) },
      },
    },
    async (request) => simulateDemoSubscription(app.db, fake, templates, me(request), request.body),
  )
}

export default demoWechatRoutes
