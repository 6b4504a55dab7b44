/**
 * Request and response schemas of the topics API. Response schemas are an allow-list too: the
 * serializer drops every field not listed, so a topic view cannot leak a field the service forgot to
 * leave out (real names and phones appear only under `pii`).
 */
import { Type, type Static } from '@sinclair/typebox'
import {
  TOPIC_STATES,
  type TopicEvent,
  type TopicState,
} from '../../../../shared/domain/topic-machine'
import {
  CATEGORIES,
  ESCALATION_TARGETS,
  REPLY_KINDS,
  ROLES,
  TOPIC_SOURCES,
  type Category,
  type Role,
  type TopicSource,
} from '../../../../shared/domain/types'
import { MeetingSummarySchema } from '../meetings/schema'

const ObjectId = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: '24 位十六进制 id' })
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

function stringEnum<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description })
}

export const CategorySchema = stringEnum<Category>(CATEGORIES, '类别 Category')
export const SourceSchema = stringEnum<TopicSource>(TOPIC_SOURCES, '来源 Source')
export const StateSchema = stringEnum<TopicState>(TOPIC_STATES, '状态 State')

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { description: '错误 Error' },
)

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

export const IdParamsSchema = Type.Object({ id: ObjectId })
export const RoomParamsSchema = Type.Object({ roomId: ObjectId })

const PlaceSchema = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address: Type.Optional(Type.String({ maxLength: 120 })),
  },
  {
    additionalProperties: false,
    // Coordinates come in pairs.
    dependencies: { lat: ['lng'], lng: ['lat'] },
    description: '地点：坐标和/或地址 · lat/lng and/or address',
  },
)

export const RaiseTopicBodySchema = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 60 }),
    description: Type.String({ minLength: 5, maxLength: 2000 }),
    category: CategorySchema,
    photoKeys: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 9,
        description: '已上传照片的 key（最多 9 张）',
      }),
    ),
    place: Type.Optional(PlaceSchema),
    source: Type.Optional(SourceSchema),
    anonymous: Type.Optional(Type.Boolean({ description: '对公众匿名（工作人员仍可见）' })),
    petitioner: Type.Optional(
      Type.Object(
        {
          userId: Type.Optional(ObjectId),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
        },
        {
          additionalProperties: false,
          description: '诉求人（网格员代为反映、热线转办时必填）· on whose behalf',
        },
      ),
    ),
  },
  { additionalProperties: false },
)
export type RaiseTopicBody = Static<typeof RaiseTopicBodySchema>

const PersonSchema = Type.Object({ displayName: Type.String() })

const ReplyViewSchema = Type.Object({
  kind: stringEnum(REPLY_KINDS, '四步答复 Reply kind'),
  kindLabel: Type.String(),
  target: Type.Optional(stringEnum(ESCALATION_TARGETS, '转办去向')),
  targetLabel: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
  at: DateTime,
})

export const TopicViewSchema = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  room: Type.Object({ id: Type.String(), name: Type.String() }),
  title: Type.String(),
  description: Type.String(),
  category: CategorySchema,
  categoryLabel: Type.String(),
  photos: Type.Array(
    Type.Object({
      url: Type.String(),
      width: Type.Optional(Type.Integer()),
      height: Type.Optional(Type.Integer()),
    }),
  ),
  place: Type.Optional(PlaceSchema),
  source: SourceSchema,
  sourceLabel: Type.String(),
  anonymous: Type.Boolean(),
  author: PersonSchema,
  state: StateSchema,
  stateLabel: Type.String(),
  supportCount: Type.Integer(),
  commentCount: Type.Integer(),
  supportedByMe: Type.Optional(Type.Boolean({ description: '仅登录时' })),
  canSupport: Type.Boolean({ description: '当前用户现在可以附议' }),
  canWithdrawSupport: Type.Boolean({ description: '当前用户现在可以撤回附议' }),
  createdAt: DateTime,
  replyDueAt: Type.Optional(
    Type.String({ format: 'date-time', description: '答复期限，仅工作人员可见' }),
  ),
  reply: Type.Optional(ReplyViewSchema),
  mergedIntoId: Type.Optional(Type.String({ description: '已合并到的议题' })),
  meeting: Type.Optional(
    Type.Object(MeetingSummarySchema.properties, {
      description:
        '议题所在的协商会：议程含本议题、未取消的最近一场（按开始时间）；尚未安排或已取消则无 · ' +
        "The topic's meeting: the latest not-cancelled one with it on the agenda",
    }),
  ),
  allowedEvents: Type.Array(Type.String(), {
    description: '当前用户可执行的议题事件（未登录为空）',
  }),
  pii: Type.Optional(
    Type.Object(
      {
        realName: Nullable(Type.String()),
        phone: Nullable(Type.String()),
        petitionerName: Nullable(Type.String()),
        petitionerPhone: Nullable(Type.String()),
      },
      { description: '仅有“查看个人信息”权限时' },
    ),
  ),
})
export interface TopicView extends Omit<Static<typeof TopicViewSchema>, 'allowedEvents'> {
  allowedEvents: TopicEvent[]
}

export const TopicSummarySchema = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  title: Type.String(),
  category: CategorySchema,
  categoryLabel: Type.String(),
  source: SourceSchema,
  sourceLabel: Type.String(),
  state: StateSchema,
  stateLabel: Type.String(),
  anonymous: Type.Boolean(),
  author: PersonSchema,
  supportCount: Type.Integer(),
  commentCount: Type.Integer(),
  photoUrl: Type.Optional(Type.String({ description: '第一张照片' })),
  address: Type.Optional(Type.String()),
  createdAt: DateTime,
})
export type TopicSummary = Static<typeof TopicSummarySchema>

export const TopicPageSchema = Type.Object({
  items: Type.Array(TopicSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type TopicPage = Static<typeof TopicPageSchema>

const Cursor = Type.String({ minLength: 1, maxLength: 200, description: '上一页返回的 nextCursor' })
const Limit = Type.Integer({ minimum: 1, maximum: 50, default: 20 })

export const RoomTopicsQuerySchema = Type.Object({
  sort: Type.Union([Type.Literal('hot'), Type.Literal('new')], { default: 'new' }),
  state: Type.Optional(StateSchema),
  category: Type.Optional(CategorySchema),
  source: Type.Optional(SourceSchema),
  cursor: Type.Optional(Cursor),
  limit: Limit,
})
export type RoomTopicsQuery = Static<typeof RoomTopicsQuerySchema>

export const PageQuerySchema = Type.Object({ cursor: Type.Optional(Cursor), limit: Limit })
export type PageQuery = Static<typeof PageQuerySchema>

export const SimilarQuerySchema = Type.Object({
  roomId: ObjectId,
  q: Type.String({ maxLength: 2100, description: '正在输入的标题和描述' }),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
})
export type SimilarQuery = Static<typeof SimilarQuerySchema>

export const SimilarTopicSchema = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  title: Type.String(),
  state: StateSchema,
  stateLabel: Type.String(),
  supportCount: Type.Integer(),
  score: Type.Number({ description: '相似度 0…1' }),
  distanceMeters: Type.Optional(Type.Integer()),
})
export const SimilarListSchema = Type.Object({ items: Type.Array(SimilarTopicSchema) })
export type SimilarTopic = Static<typeof SimilarTopicSchema>

export const SupportResultSchema = Type.Object({
  supportCount: Type.Integer(),
  supportedByMe: Type.Boolean(),
  state: StateSchema,
})
export type SupportResult = Static<typeof SupportResultSchema>

export const WithdrawBodySchema = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)

export const ReviewBodySchema = Type.Object(
  {
    decision: Type.Union([
      Type.Literal('approve'),
      Type.Literal('reject'),
      Type.Literal('restore'),
    ]),
    reason: Type.Optional(Type.String({ maxLength: 500, description: '不予通过时必填' })),
  },
  { additionalProperties: false },
)
export type ReviewBody = Static<typeof ReviewBodySchema>

export const ScreeningBodySchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)

export const MergeBodySchema = Type.Object(
  { intoTopicId: ObjectId, note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)
export type MergeBody = Static<typeof MergeBodySchema>

export const MergeResultSchema = Type.Object({
  id: Type.String(),
  state: StateSchema,
  mergedIntoId: Type.String(),
  carriedSupports: Type.Integer({ description: '转入目标议题的附议数（已去重）' }),
  target: Type.Object({ id: Type.String(), supportCount: Type.Integer(), state: StateSchema }),
})
export type MergeResult = Static<typeof MergeResultSchema>

export const TimelineActorSchema = Type.Object({
  displayName: Type.String(),
  role: stringEnum<Role>(
    ROLES,
    '以何种身份办理：其在该议题范围内的角色，无则为群众 · role acted in',
  ),
  roleLabel: Type.String({ description: '召集人、政协委员、职能部门、联席会议办公室、群众…' }),
})
export type TimelineActor = Static<typeof TimelineActorSchema>

export const TimelineEntrySchema = Type.Object({
  at: DateTime,
  event: Type.String(),
  label: Type.String(),
  from: Type.Optional(StateSchema),
  to: Type.Optional(StateSchema),
  note: Type.Optional(Type.String()),
  public: Type.Boolean(),
  actor: Type.Union([TimelineActorSchema, Type.Null()], { description: '系统自动执行时为 null' }),
})
export const TimelineSchema = Type.Array(TimelineEntrySchema)
export type TimelineEntry = Static<typeof TimelineEntrySchema>
