/**
 * Schemas of the notifications API: the in-app notification centre, the subscription grants a user
 * gave in WeChat's prompt, the moments the mini program asks for them, and the user's preferences.
 * Response schemas are allow-lists: the dedupe keys and outbox details never leave the service.
 */
import { Type, type Static } from '@sinclair/typebox'
import {
  NOTIFICATION_KINDS,
  TEMPLATE_KEYS,
  type NotificationKind,
} from '../../../../shared/notifications/kinds'

export { ErrorSchema } from '../org/schema'

const KindSchema = Type.Unsafe<NotificationKind>({
  type: 'string',
  enum: [...NOTIFICATION_KINDS],
  description: '通知类别 Notification kind',
})

export const IdParamsSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: '24 位十六进制 id · 24-hex id' }),
})

export const NotificationQuerySchema = Type.Object({
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: '上一页返回的 nextCursor' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  unread: Type.Optional(Type.Boolean({ description: '只看未读 Unread only' })),
})
export type NotificationQuery = Static<typeof NotificationQuerySchema>

export const NotificationViewSchema = Type.Object({
  id: Type.String(),
  kind: KindSchema,
  kindLabel: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Optional(Type.String({ description: '小程序页面 Mini program page to open' })),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
})
export type NotificationView = Static<typeof NotificationViewSchema>

export const NotificationPageSchema = Type.Object(
  {
    items: Type.Array(NotificationViewSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    unreadCount: Type.Integer({ minimum: 0 }),
  },
  { description: '通知中心 The notification centre, newest first' },
)
export type NotificationPage = Static<typeof NotificationPageSchema>

export const UnreadCountSchema = Type.Object({ count: Type.Integer({ minimum: 0 }) })
export const ReadResultSchema = Type.Object({ id: Type.String(), read: Type.Literal(true) })
export const ReadAllResultSchema = Type.Object({ updated: Type.Integer({ minimum: 0 }) })

export const SUBSCRIBE_ANSWERS = ['accept', 'reject', 'ban', 'filter'] as const
export type SubscribeAnswer = (typeof SUBSCRIBE_ANSWERS)[number]

export const SubscriptionBodySchema = Type.Object(
  {
    results: Type.Record(
      Type.String({ minLength: 1, maxLength: 128 }),
      Type.Union(SUBSCRIBE_ANSWERS.map((answer) => Type.Literal(answer))),
      {
        minProperties: 1,
        maxProperties: 10,
        description:
          'wx.requestSubscribeMessage 的结果：模板 id → accept/reject/ban/filter（不含 errMsg）',
      },
    ),
    always: Type.Optional(
      Type.Boolean({
        description: '用户勾选了“总是保持以上选择，不再询问” Always keep this choice',
      }),
    ),
  },
  { additionalProperties: false },
)
export type SubscriptionBody = Static<typeof SubscriptionBodySchema>

const GrantViewSchema = Type.Object({
  templateId: Type.String(),
  remaining: Type.Integer({
    minimum: 0,
    description: '可发送的一次性订阅次数 One-time sends left',
  }),
  always: Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Null()]),
})

export const SubscriptionsSchema = Type.Object(
  Object.fromEntries(TEMPLATE_KEYS.map((key) => [key, GrantViewSchema])) as Record<
    (typeof TEMPLATE_KEYS)[number],
    typeof GrantViewSchema
  >,
  { description: '每个模板的订阅情况 Grants per template' },
)
export type Subscriptions = Static<typeof SubscriptionsSchema>

export const MOMENTS = ['after_raise', 'after_support', 'meeting_accept', 'dept_tasks'] as const
export type Moment = (typeof MOMENTS)[number]

const TemplateIdList = Type.Array(Type.String(), { maxItems: 3 })

export const TemplateMomentsSchema = Type.Object(
  {
    moments: Type.Object(
      Object.fromEntries(MOMENTS.map((moment) => [moment, TemplateIdList])) as Record<
        Moment,
        typeof TemplateIdList
      >,
    ),
  },
  {
    description:
      '各时机应请求订阅的模板 id（仅在用户点击时调用 wx.requestSubscribeMessage）' +
      ' Template ids to request at each moment, on a tap only',
  },
)
export type TemplateMoments = Static<typeof TemplateMomentsSchema>

export const PrefsBodySchema = Type.Object(
  {
    mutedKinds: Type.Array(KindSchema, {
      uniqueItems: true,
      maxItems: NOTIFICATION_KINDS.length,
      description: '不接收微信消息的类别（站内通知照常）Kinds not sent as WeChat messages',
    }),
    digest: Type.Boolean({ description: '每日汇总代替逐条消息 A daily digest instead' }),
  },
  { additionalProperties: false },
)
export type PrefsBody = Static<typeof PrefsBodySchema>

export const PrefsSchema = Type.Object({
  mutedKinds: Type.Array(KindSchema),
  digest: Type.Boolean(),
  kinds: Type.Array(Type.Object({ kind: KindSchema, label: Type.String() }), {
    description: '可设置的通知类别 Kinds, with their labels',
  }),
})
export type Prefs = Static<typeof PrefsSchema>
