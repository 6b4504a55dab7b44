/**
 * Schemas of the audit-log read API. `before`/`after` are whatever the writing service snapshotted
 * (secrets are scrubbed when recorded), so they are free-form here.
 */
import { Type, type Static } from '@sinclair/typebox'

export const AuditQuerySchema = Type.Object({
  targetKind: Type.Optional(
    Type.String({ pattern: '^[a-z_]{1,32}$', description: '对象类型，如 unit、room、user' }),
  ),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  before: Type.Optional(
    Type.String({ format: 'date-time', description: '只看此时刻之前的记录（翻页）· page cursor' }),
  ),
  beforeId: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{24}$',
      description: '与 before 一起使用：上一页最后一条的 id（同一毫秒内的记录不会漏掉）',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
})
export type AuditQueryString = Static<typeof AuditQuerySchema>

export const AuditItemSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Object({ id: Type.String(), displayName: Type.String() }), Type.Null()]),
  action: Type.String({ description: '如 unit.create、room.duty、user.grant' }),
  target: Type.Object({ kind: Type.String(), id: Type.String() }),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
export type AuditItem = Static<typeof AuditItemSchema>

export const AuditListSchema = Type.Object({
  items: Type.Array(AuditItemSchema),
  nextBefore: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: '下一页的 before 参数；null 表示没有更多',
  }),
  nextBeforeId: Type.Union([Type.String(), Type.Null()], { description: '下一页的 beforeId 参数' }),
})
export type AuditList = Static<typeof AuditListSchema>
