/**
 * Notifications: the signed-in user's notification centre, the subscription grants they gave in
 * WeChat's prompt, their preferences, and (public) which template ids to ask for at which moment.
 * Registering this module also binds the configured templates to the app's connection, so the
 * pipeline's announcements (`announce.ts`) format messages with them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { access } from '../../plugins/route-access'
import { bindNotificationTemplates } from './announce'
import {
  ErrorSchema,
  IdParamsSchema,
  NotificationPageSchema,
  NotificationQuerySchema,
  PrefsBodySchema,
  PrefsSchema,
  ReadAllResultSchema,
  ReadResultSchema,
  SubscriptionBodySchema,
  SubscriptionsSchema,
  TemplateMomentsSchema,
  UnreadCountSchema,
} from './schema'
import {
  countUnreadNotifications,
  getMySubscriptions,
  getNotificationPrefs,
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  recordSubscriptions,
  templateMoments,
  updateNotificationPrefs,
} from './service'

const tags = ['me', 'notifications']

function errors(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const templates = app.config.notifications.templates
  bindNotificationTemplates(app.db, templates)
  const me = (request: FastifyRequest) => app.authz.requireAuth(request).userId

  app.get(
    '/api/me/notifications',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '通知中心 My notifications, newest first',
        description: '每条通知都会进入通知中心，无论是否订阅了微信消息；unread=true 只看未读。',
        querystring: NotificationQuerySchema,
        response: { 200: NotificationPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => listMyNotifications(app.db, me(request), request.query),
  )

  app.get(
    '/api/me/notifications/unread-count',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '未读通知数 Unread notifications',
        response: { 200: UnreadCountSchema, ...errors(401) },
      },
    },
    async (request) => ({ count: await countUnreadNotifications(app.db, me(request)) }),
  )

  app.post(
    '/api/me/notifications/read-all',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '全部标为已读 Mark all my notifications read',
        response: { 200: ReadAllResultSchema, ...errors(401) },
      },
    },
    async (request) => markAllNotificationsRead(app.db, me(request)),
  )

  app.post(
    '/api/me/notifications/:id/read',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '标为已读 Mark one of my notifications read',
        description: '别人的通知按不存在处理（404）。',
        params: IdParamsSchema,
        response: { 200: ReadResultSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => markNotificationRead(app.db, me(request), request.params.id),
  )

  app.get(
    '/api/me/subscriptions',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '我的消息订阅 My subscription grants per template',
        response: { 200: SubscriptionsSchema, ...errors(401) },
      },
    },
    async (request) => getMySubscriptions(app.db, templates, me(request)),
  )

  app.post(
    '/api/me/subscriptions',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '记录订阅结果 Record what wx.requestSubscribeMessage returned',
        description:
          '用户点击后调用 wx.requestSubscribeMessage，把返回的 { 模板id: accept/reject/ban/filter } 交给本接口：' +
          '每个 accept 增加一次可发送次数（最多 50 次）；勾选“总是保持以上选择”时一并传 always=true。',
        body: SubscriptionBodySchema,
        response: { 200: SubscriptionsSchema, ...errors(400, 401) },
      },
    },
    async (request) => recordSubscriptions(app.db, templates, me(request), request.body),
  )

  app.get(
    '/api/notifications/templates',
    {
      config: { access: access.public() },
      schema: {
        tags: ['notifications'],
        summary: '订阅时机与模板 Template ids to request at each moment',
        description:
          'after_raise 提出议题后、after_support 附议后、meeting_accept 接受协商会邀请时、' +
          'dept_tasks 部门任务列表：仅在用户点击时请求订阅。',
        response: { 200: TemplateMomentsSchema },
      },
    },
    async () => templateMoments(templates),
  )

  app.get(
    '/api/me/notification-prefs',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '通知偏好 My notification preferences',
        response: { 200: PrefsSchema, ...errors(401) },
      },
    },
    async (request) => getNotificationPrefs(app.db, me(request)),
  )

  app.put(
    '/api/me/notification-prefs',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '设置通知偏好 Set my notification preferences',
        description:
          'mutedKinds 中的类别不再发微信消息（站内通知照常）；digest=true 时以每日汇总代替逐条消息（紧急类别除外）。',
        body: PrefsBodySchema,
        response: { 200: PrefsSchema, ...errors(400, 401) },
      },
    },
    async (request) => updateNotificationPrefs(app.db, me(request), request.body),
  )
}

export default notificationsRoutes
