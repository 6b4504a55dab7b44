import { Type, type Static } from '@sinclair/typebox'

export const HealthStatusSchema = Type.Union([Type.Literal('ok'), Type.Literal('degraded')])

export const HealthSchema = Type.Object({
  status: HealthStatusSchema,
  db: Type.Union([Type.Literal('embedded'), Type.Literal('external')], {
    description:
      '数据库类型：内置（开发/测试）或外部 MongoDB · embedded (dev/test) or external MongoDB',
  }),
  version: Type.String({ description: '服务版本 Service version (package.json)' }),
})
export type Health = Static<typeof HealthSchema>
