/**
 * Schemas of the demo view of WeChat (fake WeChat only): which subscription messages the fake WeChat
 * server received for the caller, and the stand-in for the "允许" of WeChat's subscription popup on H5.
 */
import { Type, type Static } from '@sinclair/typebox'
import { TEMPLATE_KEYS, type TemplateKey } from '../../../../shared/notifications/kinds'

export { ErrorSchema } from '../org/schema'
export { SubscriptionsSchema } from '../notifications/schema'

const TemplateKeySchema = Type.Unsafe<TemplateKey>({
  type: 'string',
  enum: [...TEMPLATE_KEYS],
  description: '模板 Template',
})

const DemoTemplateSchema = Type.Object({
  key: TemplateKeySchema,
  templateId: Type.String(),
  title: Type.String({ description: '模板标题，如“议题进展提醒” Template title' }),
})
export type DemoTemplate = Static<typeof DemoTemplateSchema>

export const DemoInfoSchema = Type.Object(
  {
    fake: Type.Literal(true),
    templates: Type.Array(DemoTemplateSchema),
  },
  {
    description:
      '本服务连接的是模拟微信（演示环境）。连接真实微信时没有 /api/demo/wechat 接口（404）' +
      ' The service talks to the fake WeChat; with real WeChat these routes do not exist.',
  },
)
export type DemoInfo = Static<typeof DemoInfoSchema>

const DemoFieldSchema = Type.Object({
  key: Type.String({ description: '微信字段名 WeChat field key, e.g. thing1' }),
  label: Type.String({ description: '字段含义 What the field says, e.g. 议题名称' }),
  value: Type.String(),
})

export const DemoMessageSchema = Type.Object({
  msgid: Type.Integer(),
  templateId: Type.String(),
  templateKey: Type.Union([TemplateKeySchema, Type.Null()]),
  title: Type.String({ description: '模板标题 Template title' }),
  page: Type.Optional(Type.String({ description: '点击消息打开的页面 Page the message opens' })),
  fields: Type.Array(DemoFieldSchema),
  sentAt: Type.String({ format: 'date-time' }),
})
export type DemoMessage = Static<typeof DemoMessageSchema>

export const DemoMessagesSchema = Type.Object(
  {
    messages: Type.Array(DemoMessageSchema),
    wechatLinked: Type.Boolean({
      description: '该账号是否通过微信登录（有 openid）Whether the account has a WeChat openid',
    }),
  },
  {
    description:
      '模拟微信收到的、发给我的订阅消息，最新在前 Messages the fake WeChat received for me',
  },
)
export type DemoMessages = Static<typeof DemoMessagesSchema>

export const DemoSubscribeBodySchema = Type.Object(
  {
    templateIds: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 3,
      uniqueItems: true,
      description: '弹窗里列出的模板 id（与 wx.requestSubscribeMessage 一样最多 3 个）',
    }),
  },
  { additionalProperties: false },
)
export type DemoSubscribeBody = Static<typeof DemoSubscribeBodySchema>
