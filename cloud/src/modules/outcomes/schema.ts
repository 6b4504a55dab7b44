/**
 * Request and response schemas of the outcomes module (协商成果, 交办, 督办, 回访). Response schemas are
 * allow-lists: fast-json-stringify drops every field not listed, so the public outcome page and the
 * satisfaction summary cannot leak who reported progress or who answered.
 */
import { Type, type Static } from '@sinclair/typebox'
import type { ActionUrgency } from '../../../../shared/domain/deadlines'
import { SUPERVISION_FILTERS } from '../../../../shared/domain/supervision'
import { TOPIC_STATES, type TopicState } from '../../../../shared/domain/topic-machine'
import {
  ACTION_ITEM_STATUSES,
  ACTION_TRACKS,
  RATING_MAX,
  RATING_MIN,
  type ActionItemStatus,
  type ActionTrack,
} from '../../../../shared/domain/types'

const ObjectIdSchema = Type.String({
  pattern: '^[0-9a-fA-F]{24}$',
  description: '24 位十六进制 id · 24-hex id',
})
const DateTime = Type.String({ format: 'date-time' })

function enumOf<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description })
}

const URGENCIES: readonly ActionUrgency[] = [
  'done',
  'done_late',
  'on_track',
  'due_soon',
  'overdue',
  'escalate',
]

export const TrackSchema = enumOf<ActionTrack>(ACTION_TRACKS, '快速办/统筹办/持续办 · track')
export const ItemStatusSchema = enumOf<ActionItemStatus>(ACTION_ITEM_STATUSES, '任务状态 · status')
export const UrgencySchema = enumOf<ActionUrgency>(URGENCIES, '时限状态 · urgency')
export const TopicStateSchema = enumOf<TopicState>(TOPIC_STATES, '议题状态 · topic state')

export const IdParamsSchema = Type.Object({ id: ObjectIdSchema })

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
})

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

export const PhotoSchema = Type.Object({
  key: Type.String(),
  width: Type.Optional(Type.Integer()),
  height: Type.Optional(Type.Integer()),
  bytes: Type.Integer(),
  contentType: Type.String(),
})

const UnitNameSchema = Type.Object({ id: Type.String(), name: Type.String() })
const PersonSchema = Type.Object({ id: Type.String(), displayName: Type.String() })

// ---- outcome ----------------------------------------------------------------------------------

export const ActionItemInputSchema = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 100 }),
  ownerUnitId: ObjectIdSchema,
  track: TrackSchema,
  dueAt: Type.Optional(
    Type.String({ format: 'date-time', description: '缺省按办理类型计算 · default by track' }),
  ),
  detail: Type.Optional(Type.String({ maxLength: 2000 })),
  settledOnSpot: Type.Optional(
    Type.Boolean({ description: '快速办：会上当场办结 · quick items settled at the meeting' }),
  ),
})

export const PublishOutcomeBodySchema = Type.Object({
  plan: Type.String({ minLength: 5, maxLength: 5000 }),
  actionItems: Type.Array(ActionItemInputSchema, { maxItems: 20, default: [] }),
})
export type PublishOutcomeBody = Static<typeof PublishOutcomeBodySchema>

export const LatestUpdateSchema = Type.Object({
  at: DateTime,
  percent: Type.Integer(),
  note: Type.String(),
  photos: Type.Array(PhotoSchema),
})

/** An action item as anyone may see it: no person, only the owner unit's name. */
export const ActionItemPublicSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  detail: Type.Optional(Type.String()),
  track: TrackSchema,
  trackLabel: Type.String(),
  ownerUnit: UnitNameSchema,
  dueAt: DateTime,
  status: ItemStatusSchema,
  statusLabel: Type.String(),
  percent: Type.Integer(),
  doneAt: Type.Optional(DateTime),
  urgency: UrgencySchema,
  escalated: Type.Boolean(),
  latestUpdate: Type.Optional(LatestUpdateSchema),
})
export type ActionItemPublic = Static<typeof ActionItemPublicSchema>

export const OutcomeSchema = Type.Object({
  topicId: Type.String(),
  topicState: TopicStateSchema,
  meetingId: Type.Optional(Type.String()),
  plan: Type.String(),
  publishedAt: DateTime,
  items: Type.Array(ActionItemPublicSchema),
})
export type OutcomeView = Static<typeof OutcomeSchema>

// ---- action items (staff) ---------------------------------------------------------------------

export const ActionItemEntrySchema = Type.Composite([
  ActionItemPublicSchema,
  Type.Object({
    topic: Type.Object({ id: Type.String(), title: Type.String(), state: TopicStateSchema }),
    roomId: Type.String(),
    escalatedAt: Type.Optional(DateTime),
    escalatedTo: Type.Optional(UnitNameSchema),
    reminderCount: Type.Integer(),
    lastRemindedAt: Type.Optional(DateTime),
  }),
])
export type ActionItemEntry = Static<typeof ActionItemEntrySchema>

export const ActionItemListSchema = Type.Object({ items: Type.Array(ActionItemEntrySchema) })

export const MyActionItemsQuerySchema = Type.Object({
  status: Type.Optional(
    enumOf<'open' | 'done' | 'all'>(['open', 'done', 'all'], '未办结/已办结/全部（默认未办结）'),
  ),
})

export const SupervisionQuerySchema = Type.Object({
  unitId: Type.Optional(ObjectIdSchema),
  roomId: Type.Optional(ObjectIdSchema),
  urgency: Type.Optional(
    enumOf(SUPERVISION_FILTERS, 'lagging = 逾期及应升级督办；缺省为全部未办结任务'),
  ),
})

export const SupervisionNoteSchema = Type.Object({
  id: Type.String(),
  text: Type.String(),
  at: DateTime,
  by: PersonSchema,
})
export type SupervisionNoteView = Static<typeof SupervisionNoteSchema>

export const ActionItemDetailSchema = Type.Composite([
  ActionItemEntrySchema,
  Type.Object({
    updates: Type.Array(
      Type.Object({
        at: DateTime,
        by: PersonSchema,
        percent: Type.Integer(),
        note: Type.String(),
        photos: Type.Array(PhotoSchema),
      }),
    ),
    reminders: Type.Array(
      Type.Object({
        at: DateTime,
        kind: enumOf<'manual' | 'auto'>(['manual', 'auto'], '人工催办/自动督办'),
        by: Type.Optional(PersonSchema),
      }),
    ),
    notes: Type.Array(SupervisionNoteSchema),
  }),
])
export type ActionItemDetail = Static<typeof ActionItemDetailSchema>

export const ProgressBodySchema = Type.Object({
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  note: Type.String({ minLength: 1, maxLength: 1000 }),
  photoKeys: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 9 }),
  ),
})
export type ProgressBody = Static<typeof ProgressBodySchema>

export const ProgressResultSchema = Type.Object({
  item: ActionItemEntrySchema,
  topicState: TopicStateSchema,
})

export const NoteBodySchema = Type.Object({ text: Type.String({ minLength: 1, maxLength: 1000 }) })

// ---- call-back and after reopening ------------------------------------------------------------

const Rating = Type.Integer({ minimum: RATING_MIN, maximum: RATING_MAX, description: '1–5 分' })

export const CallbackBodySchema = Type.Object({
  solved: Type.Boolean(),
  rating: Rating,
  comment: Type.Optional(
    Type.String({
      maxLength: 1000,
      description: '未解决时必填：说明原因 · required when unsolved',
    }),
  ),
})
export type CallbackBody = Static<typeof CallbackBodySchema>

export const CallbackRecordBodySchema = Type.Object({
  solved: Type.Boolean(),
  rating: Type.Optional(Rating),
  note: Type.String({ minLength: 1, maxLength: 1000 }),
  method: enumOf<'phone' | 'visit'>(['phone', 'visit'], '电话回访/上门回访'),
})
export type CallbackRecordBody = Static<typeof CallbackRecordBodySchema>

export const CallbackResultSchema = Type.Object({
  topicId: Type.String(),
  topicState: TopicStateSchema,
  solved: Type.Boolean(),
  rating: Type.Optional(Type.Integer()),
  answeredAt: DateTime,
})

export const MyCallbackSchema = Type.Object(
  {
    topicId: Type.String(),
    topicState: TopicStateSchema,
    canAnswer: Type.Boolean({
      description:
        '现在可以回答回访（诉求人，或被问到且尚未回答的附议人）· May answer the call-back now',
    }),
    petitioner: Type.Boolean({ description: '调用者是诉求人 · The caller is the petitioner' }),
    answeredAt: Type.Optional(DateTime),
  },
  { description: '我的回访 · The caller’s part in the current call-back' },
)

export const CallbackSummarySchema = Type.Object({
  topicId: Type.String(),
  topicState: TopicStateSchema,
  round: Type.Union([Type.Integer(), Type.Null()], { description: '回访轮次；尚未回访为 null' }),
  asked: Type.Integer(),
  answered: Type.Integer(),
  solved: Type.Integer(),
  unsolved: Type.Integer(),
  recorded: Type.Integer({ description: '工作人员电话/上门记录的答复数' }),
  averageRating: Type.Union([Type.Number(), Type.Null()]),
  ratingCounts: Type.Array(Type.Integer(), { description: '1 分 … 5 分各有几人' }),
  petitionerAnswered: Type.Boolean(),
})
export type CallbackSummary = Static<typeof CallbackSummarySchema>

export const ResumeBodySchema = Type.Object({
  itemIds: Type.Optional(Type.Array(ObjectIdSchema, { minItems: 1, maxItems: 20 })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
})
export type ResumeBody = Static<typeof ResumeBodySchema>

export const RescreenBodySchema = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 1000 })),
})

export const TopicStateResultSchema = Type.Object({
  topicId: Type.String(),
  topicState: TopicStateSchema,
})
