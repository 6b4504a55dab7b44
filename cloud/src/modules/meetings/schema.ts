/**
 * Request and response schemas of the meetings module. Response schemas are allow-lists
 * (fast-json-stringify drops unlisted fields); the fields only staff may see (`checkinCode`, phones,
 * real names) are optional and the service adds them only for callers holding `meeting.schedule`.
 */
import { Type, type Static } from '@sinclair/typebox'
import {
  INVITABLE_KINDS,
  INVITE_KINDS,
  MEETING_STATUSES,
  type InvitableKind,
  type InviteKind,
  type MeetingStatus,
  type RsvpAnswer,
} from '../../../../shared/domain/meeting-rules'
import { TOPIC_STATES, type TopicState } from '../../../../shared/domain/topic-machine'
import { MEETING_FORMS, type MeetingForm } from '../../../../shared/domain/types'

export const ObjectIdSchema = Type.String({
  pattern: '^[0-9a-fA-F]{24}$',
  description: '24 位十六进制 id · 24-hex id',
})

const DateTime = Type.String({
  format: 'date-time',
  description: 'ISO 8601，须带时区 · ISO 8601 with time zone',
})

const enumOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description })

const FormSchema = enumOf<MeetingForm>(
  MEETING_FORMS,
  '现场 on_site · 地头 field · 议事室 room · 线上 online',
)
const StatusSchema = enumOf<MeetingStatus>(MEETING_STATUSES, '已安排 · 已取消 · 已召开')
const InviteKindSchema = enumOf<InviteKind>(INVITE_KINDS, '参会人类别 Invitee kind')
const RsvpSchema = enumOf<RsvpAnswer>(['pending', 'accepted', 'declined'], '回复 RSVP')

export const MeetingIdParamsSchema = Type.Object({ id: ObjectIdSchema })
export const RoomIdParamsSchema = Type.Object({ roomId: ObjectIdSchema })

const PlaceSchema = Type.Object(
  {
    address: Type.String({ minLength: 1, maxLength: 120 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
)

const OnlineUrl = Type.String({ pattern: '^https://\\S+$', maxLength: 500 })

export const InviteInputSchema = Type.Object(
  {
    kind: enumOf<InvitableKind>(INVITABLE_KINDS, '委员 · 部门 · 群众代表 · 专家 · 其他'),
    userId: Type.Optional(ObjectIdSchema),
    departmentUnitId: Type.Optional(ObjectIdSchema),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  },
  {
    additionalProperties: false,
    description:
      '委员：userId；部门：departmentUnitId（由该部门工作人员回复、签到）；其他：userId 或 name（无账号者可留 phone）',
  },
)
export type InviteInput = Static<typeof InviteInputSchema>

export const ScheduleMeetingBodySchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    form: FormSchema,
    startsAt: DateTime,
    endsAt: Type.Optional(DateTime),
    place: Type.Optional(PlaceSchema),
    onlineUrl: Type.Optional(OnlineUrl),
    allowWalkIn: Type.Optional(
      Type.Boolean({ description: '允许未受邀群众凭签到码现场签到（默认允许）' }),
    ),
    topicIds: Type.Array(ObjectIdSchema, { minItems: 1, maxItems: 20, uniqueItems: true }),
    agendaNotes: Type.Optional(
      Type.Record(ObjectIdSchema, Type.String({ maxLength: 200 }), {
        description: '议题 id → 议程说明 · agenda note per topic',
      }),
    ),
    invites: Type.Array(InviteInputSchema, { maxItems: 200, default: [] }),
  },
  { additionalProperties: false },
)
export type ScheduleMeetingBody = Static<typeof ScheduleMeetingBodySchema>

export const RescheduleMeetingBodySchema = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    form: Type.Optional(FormSchema),
    startsAt: Type.Optional(DateTime),
    endsAt: Type.Optional(DateTime),
    place: Type.Optional(PlaceSchema),
    onlineUrl: Type.Optional(OnlineUrl),
    allowWalkIn: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type RescheduleMeetingBody = Static<typeof RescheduleMeetingBodySchema>

export const CancelMeetingBodySchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
)

export const RsvpBodySchema = Type.Object(
  { answer: enumOf<'accepted' | 'declined'>(['accepted', 'declined'], '参加 · 不参加') },
  { additionalProperties: false },
)

export const CheckinBodySchema = Type.Object(
  { code: Type.String({ pattern: '^\\d{6}$', description: '6 位签到码 · 6-digit code' }) },
  { additionalProperties: false },
)

export const MinutesBodySchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 20000 }),
    attendance: Type.Optional(
      Type.Array(
        Type.Object(
          { inviteId: ObjectIdSchema, attended: Type.Boolean() },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
  },
  { additionalProperties: false },
)
export type MinutesBody = Static<typeof MinutesBodySchema>

export const RoomMeetingsQuerySchema = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
)

const MeetingPlaceViewSchema = Type.Object({
  address: Type.String(),
  lat: Type.Optional(Type.Number()),
  lng: Type.Optional(Type.Number()),
})

export const AgendaItemViewSchema = Type.Object({
  topicId: Type.String(),
  order: Type.Integer(),
  note: Type.Optional(Type.String()),
  title: Type.String(),
  state: Type.Unsafe<TopicState>({ type: 'string', enum: [...TOPIC_STATES] }),
})

export const InviteViewSchema = Type.Object({
  id: Type.String(),
  kind: InviteKindSchema,
  /** Account holders: their display name; others: the name (masked for the public); departments: its name. */
  name: Type.String(),
  userId: Type.Optional(Type.String()),
  departmentUnitId: Type.Optional(Type.String()),
  rsvp: RsvpSchema,
  attended: Type.Optional(Type.Boolean()),
  // Staff only:
  realName: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  checkedInAt: Type.Optional(Type.String({ format: 'date-time' })),
  officers: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() }), {
      description: '该部门可代表部门回复、签到的工作人员',
    }),
  ),
})
export type InviteView = Static<typeof InviteViewSchema>

export const MyInviteSchema = Type.Object({
  id: Type.String(),
  kind: InviteKindSchema,
  rsvp: RsvpSchema,
  rsvpAt: Type.Optional(Type.String({ format: 'date-time' })),
  checkedInAt: Type.Optional(Type.String({ format: 'date-time' })),
  departmentUnitId: Type.Optional(Type.String()),
})
export type MyInvite = Static<typeof MyInviteSchema>

const CountsSchema = Type.Object({
  invited: Type.Integer(),
  accepted: Type.Integer(),
  declined: Type.Integer(),
  checkedIn: Type.Integer(),
  walkIns: Type.Integer(),
})

export const MeetingSummarySchema = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  title: Type.String(),
  form: FormSchema,
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  place: Type.Optional(MeetingPlaceViewSchema),
  status: StatusSchema,
  topicCount: Type.Integer(),
})
export type MeetingSummary = Static<typeof MeetingSummarySchema>

export const MeetingViewSchema = Type.Composite([
  MeetingSummarySchema,
  Type.Object({
    checkinOpensAt: Type.String({ format: 'date-time' }),
    checkinClosesAt: Type.String({ format: 'date-time' }),
    allowWalkIn: Type.Boolean(),
    agenda: Type.Array(AgendaItemViewSchema),
    invites: Type.Array(InviteViewSchema),
    counts: CountsSchema,
    minutes: Type.Optional(
      Type.Object({ text: Type.String(), recordedAt: Type.String({ format: 'date-time' }) }),
    ),
    cancelledAt: Type.Optional(Type.String({ format: 'date-time' })),
    cancelReason: Type.Optional(Type.String()),
    /** Invitees and staff only. */
    onlineUrl: Type.Optional(Type.String()),
    /** The caller's own invitation, when signed in and invited. */
    myInvite: Type.Optional(MyInviteSchema),
    /** Staff (meeting.schedule) only. */
    checkinCode: Type.Optional(Type.String()),
    canManage: Type.Boolean({ description: '调用者可调整、取消、记录纪要' }),
  }),
])
export type MeetingView = Static<typeof MeetingViewSchema>

export const MeetingListSchema = Type.Object({ items: Type.Array(MeetingSummarySchema) })

export const MyMeetingsSchema = Type.Object({
  items: Type.Array(
    Type.Composite([MeetingSummarySchema, Type.Object({ myInvite: MyInviteSchema })]),
  ),
})
export type MyMeetingItem = Static<typeof MyMeetingsSchema>['items'][number]

export const CheckinResultSchema = Type.Object({
  meetingId: Type.String(),
  invite: MyInviteSchema,
  alreadyCheckedIn: Type.Boolean(),
})
export type CheckinResult = Static<typeof CheckinResultSchema>

export const RsvpResultSchema = Type.Object({ meetingId: Type.String(), invite: MyInviteSchema })
export type RsvpResult = Static<typeof RsvpResultSchema>
