/**
 * Request and response schemas of the triage module (four-step reply, consultations, escalations,
 * the reply clock). Responses are allow-lists: nothing about the people involved beyond ids leaves
 * through them, and department answers only through the staff-only consultation view.
 */
import { Type, type Static } from '@sinclair/typebox'
import { TOPIC_STATES, type TopicState } from '../../../../shared/domain/topic-machine'
import { UNDECIDED_STATES } from '../../../../shared/domain/triage-rules'
import {
  CATEGORIES,
  ESCALATION_TARGETS,
  REPLY_KINDS,
  TOPIC_SOURCES,
} from '../../../../shared/domain/types'
import { ObjectIdSchema } from '../org/schema'
import { ESCALATION_STATUSES } from './model'

function literalEnum<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description })
}

const DateTime = Type.String({ format: 'date-time' })
const TopicStateSchema = literalEnum<TopicState>(TOPIC_STATES, '议题状态 Topic state')
const ReplyKindSchema = literalEnum(
  REPLY_KINDS,
  '四步答复：explain 解释说明 · answer 直接答复 · research 调研后答复 · escalate 转协商/微建议',
)
const TargetSchema = literalEnum(
  ESCALATION_TARGETS,
  '第四步去向：parent_room 上级议事室 · consultation 协商议题 · micro_suggestion 微建议',
)
const EscalationStatusSchema = literalEnum(
  ESCALATION_STATUSES,
  'pending 待受理 · accepted 已受理 · returned 已退回',
)

export const RefSchema = Type.Object({ id: Type.String(), name: Type.String() })

export const TopicIdParamsSchema = Type.Object({ id: ObjectIdSchema })
export const RoomIdParamsSchema = Type.Object({ roomId: ObjectIdSchema })
export const EscalationIdParamsSchema = Type.Object({ id: ObjectIdSchema })

export const ReplyBodySchema = Type.Object(
  {
    kind: ReplyKindSchema,
    target: Type.Optional(TargetSchema),
    text: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 2000,
        description:
          '公开答复（解释说明、直接答复时必填）· Public reply, required for explain/answer',
      }),
    ),
    question: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 2000,
        description: '调研时向部门提出的问题（不公开）· Research: the question to the department',
      }),
    ),
    departmentUnitId: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]{24}$',
        description: '调研征询或微建议承办的职能部门（必填于 research、micro_suggestion）',
      }),
    ),
    parentRoomId: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]{24}$',
        description: '提级到的上级议事室；不填则为最近的上级议事室',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ReplyBody = Static<typeof ReplyBodySchema>

export const ReplyResultSchema = Type.Object({
  topicId: Type.String(),
  state: TopicStateSchema,
  reply: Type.Object({
    kind: ReplyKindSchema,
    target: Type.Optional(TargetSchema),
    text: Type.Optional(Type.String()),
    byId: Type.String(),
    at: DateTime,
  }),
  replyDueAt: DateTime,
  department: Type.Optional(RefSchema),
  consultationId: Type.Optional(Type.String()),
  escalation: Type.Optional(Type.Object({ id: Type.String(), toRoom: RefSchema, dueAt: DateTime })),
})

export const TextBodySchema = Type.Object(
  { text: Type.String({ minLength: 2, maxLength: 2000 }) },
  { additionalProperties: false },
)

export const AnswerBodySchema = Type.Object(
  {
    answer: Type.String({
      minLength: 2,
      maxLength: 2000,
      description: '部门意见（仅议事室可见）· The department answer, for the room only',
    }),
  },
  { additionalProperties: false },
)

export const ConsultationSchema = Type.Object({
  id: Type.String(),
  topicId: Type.String(),
  department: RefSchema,
  question: Type.String(),
  askedAt: DateTime,
  answer: Type.Optional(Type.String()),
  answeredAt: Type.Optional(DateTime),
})
export const ConsultationListSchema = Type.Object({ items: Type.Array(ConsultationSchema) })

export const StateResultSchema = Type.Object({ topicId: Type.String(), state: TopicStateSchema })

export const ReturnBodySchema = Type.Object(
  {
    reason: Type.Optional(
      Type.String({
        maxLength: 500,
        description: '退回原因（必填）· Why it is returned (required)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const EscalationDecisionSchema = Type.Object({
  escalationId: Type.String(),
  topicId: Type.String(),
  status: EscalationStatusSchema,
  room: RefSchema,
  decidedAt: DateTime,
  decisionReason: Type.Optional(Type.String()),
  replyDueAt: DateTime,
})

const EscalationLevelFields = {
  id: Type.String(),
  level: Type.Integer({ description: '第几级（0 = 从最初的议事室提级）' }),
  from: RefSchema,
  to: RefSchema,
  status: EscalationStatusSchema,
  reason: Type.String(),
  createdAt: DateTime,
  decidedAt: Type.Optional(DateTime),
  decisionReason: Type.Optional(Type.String()),
}
export const EscalationLevelListSchema = Type.Object({
  items: Type.Array(Type.Object(EscalationLevelFields)),
})

const ClockFields = {
  dueAt: DateTime,
  overdue: Type.Boolean(),
  workingDaysLeft: Type.Integer({ description: '剩余工作日；超期为负数' }),
}

export const RoomEscalationListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      ...EscalationLevelFields,
      topic: Type.Object({ id: Type.String(), title: Type.String(), state: TopicStateSchema }),
      ...ClockFields,
    }),
  ),
})

export const EscalationListQuerySchema = Type.Object({
  status: Type.Optional(EscalationStatusSchema),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
})

export const QueueQuerySchema = Type.Object({
  state: Type.Optional(literalEnum(UNDECIDED_STATES, '只看某一状态 · one undecided state')),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
})

const LimitsSchema = Type.Object({
  explain: DateTime,
  answer: DateTime,
  research: DateTime,
  escalate: DateTime,
})

export const RoomQueueSchema = Type.Object({
  room: RefSchema,
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      category: literalEnum(CATEGORIES, '类别'),
      source: literalEnum(TOPIC_SOURCES, '来源'),
      state: TopicStateSchema,
      supportCount: Type.Integer(),
      createdAt: DateTime,
      receivedAt: DateTime,
      ...ClockFields,
      limits: Type.Optional(LimitsSchema),
      consultation: Type.Optional(Type.Object({ department: RefSchema, answered: Type.Boolean() })),
      escalation: Type.Optional(
        Type.Object({
          id: Type.String(),
          from: RefSchema,
          reason: Type.String(),
          level: Type.Integer(),
        }),
      ),
    }),
  ),
})

export const SupervisionQuerySchema = Type.Object({
  unitId: Type.Optional(ObjectIdSchema),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})

export const ReplySupervisionSchema = Type.Object({
  total: Type.Integer(),
  rooms: Type.Array(
    Type.Object({ room: RefSchema, overdue: Type.Integer(), oldestDueAt: DateTime }),
  ),
  topics: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      state: TopicStateSchema,
      room: RefSchema,
      dueAt: DateTime,
      workingDaysLeft: Type.Integer(),
    }),
  ),
})
