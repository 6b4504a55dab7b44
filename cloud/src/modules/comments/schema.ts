/**
 * Request and response schemas of the comments module. Response schemas are allow-lists: a public
 * comment view cannot carry the text of a hidden comment or its author's id unless the service put it
 * there for a moderator.
 */
import { Type, type Static } from '@sinclair/typebox'
import { COMMENT_STATUSES, REPORT_REASONS } from './model'
import { QUEUE_FILTERS } from './moderation'

const ObjectIdSchema = Type.String({
  pattern: '^[0-9a-fA-F]{24}$',
  description: '24 位十六进制 id · 24-hex id',
})

const literals = <T extends string>(values: readonly T[], description: string, fallback?: T) =>
  Type.Unsafe<T>({
    type: 'string',
    enum: [...values],
    description,
    ...(fallback ? { default: fallback } : {}),
  })

export const IdParamsSchema = Type.Object({ id: ObjectIdSchema })
export const RoomParamsSchema = Type.Object({ roomId: ObjectIdSchema })
export const RoomUserParamsSchema = Type.Object({ roomId: ObjectIdSchema, userId: ObjectIdSchema })

export const PostCommentBodySchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500, description: '评论内容 · Text (1–500)' }),
    replyToId: Type.Optional(ObjectIdSchema),
  },
  { additionalProperties: false },
)
export type PostCommentBody = Static<typeof PostCommentBodySchema>

export const PageQuerySchema = Type.Object({
  cursor: Type.Optional(ObjectIdSchema),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
})

export const QueueQuerySchema = Type.Object({
  status: literals(
    QUEUE_FILTERS,
    '待审核 pending（默认）/ held / auto_hidden / reported / hidden',
    'pending',
  ),
  cursor: Type.Optional(ObjectIdSchema),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
})

export const ReportBodySchema = Type.Object(
  {
    reason: literals(REPORT_REASONS, '举报原因 · Reason'),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const ReasonBodySchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200, description: '原因 · Reason' }) },
  { additionalProperties: false },
)

export const BlockBodySchema = Type.Object(
  {
    userId: ObjectIdSchema,
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    until: Type.Optional(Type.String({ format: 'date-time', description: '截止时间；不填则长期' })),
  },
  { additionalProperties: false },
)

const StatusSchema = literals(COMMENT_STATUSES, '评论状态 · Status')

const DecisionSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([ObjectIdSchema, Type.Null()]),
  action: Type.String(),
  from: Type.Optional(StatusSchema),
  to: StatusSchema,
  reason: Type.Optional(Type.String()),
})

export const CommentSchema = Type.Object({
  id: ObjectIdSchema,
  topicId: ObjectIdSchema,
  replyToId: Type.Optional(ObjectIdSchema),
  author: Type.Object({
    displayName: Type.String(),
    id: Type.Optional(ObjectIdSchema),
  }),
  text: Type.Optional(Type.String()),
  status: StatusSchema,
  placeholder: Type.Optional(Type.String()),
  mine: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  moderation: Type.Optional(
    Type.Object({
      needsReview: Type.Boolean(),
      reportCount: Type.Integer(),
      openReports: Type.Integer(),
      contentCheck: Type.Optional(
        Type.Object({
          suggest: Type.String(),
          label: Type.Optional(Type.Integer()),
          traceId: Type.Optional(Type.String()),
        }),
      ),
      history: Type.Array(DecisionSchema),
    }),
  ),
})

export const CommentPageSchema = Type.Object({
  items: Type.Array(CommentSchema),
  nextCursor: Type.Union([ObjectIdSchema, Type.Null()]),
})

export const QueuePageSchema = Type.Object({
  items: Type.Array(
    Type.Composite([
      CommentSchema,
      Type.Object({
        topic: Type.Object({ id: ObjectIdSchema, title: Type.String() }),
        reports: Type.Array(
          Type.Object({
            reason: Type.String(),
            note: Type.Optional(Type.String()),
            at: Type.String({ format: 'date-time' }),
          }),
        ),
      }),
    ]),
  ),
  nextCursor: Type.Union([ObjectIdSchema, Type.Null()]),
})

export const ReportResultSchema = Type.Object({
  created: Type.Boolean(),
  status: Type.Union([Type.Literal('visible'), Type.Literal('hidden')]),
})

export const BlockSchema = Type.Object({
  roomId: ObjectIdSchema,
  userId: ObjectIdSchema,
  displayName: Type.String(),
  reason: Type.String(),
  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  byId: ObjectIdSchema,
  createdAt: Type.String({ format: 'date-time' }),
})

export const BlockListSchema = Type.Object({ items: Type.Array(BlockSchema) })

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
})

export const NoContentSchema = Type.Null({ description: '无内容 · No content' })

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}
