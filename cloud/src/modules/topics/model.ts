/**
 * `topics` (议题), their public timeline (`topic_events`) and supports (`supports`, 附议). The only
 * topics file importing mongoose. State changes go through `transition.ts` only, so the state, the
 * timeline entry and (later) the notification outbox change together in one transaction.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose'
import {
  TOPIC_EVENTS,
  TOPIC_STATES,
  type TopicState,
} from '../../../../shared/domain/topic-machine'
import {
  CATEGORIES,
  ESCALATION_TARGETS,
  REPLY_KINDS,
  TOPIC_SOURCES,
  type Category,
  type EscalationTarget,
  type ReplyKind,
  type TopicSource,
} from '../../../../shared/domain/types'

export interface PhotoRef {
  /** Storage key (see the storage interface); served through the API, never a raw path. */
  key: string
  width?: number
  height?: number
  bytes: number
  contentType: string
}

export interface PlaceDoc {
  lat?: number
  lng?: number
  address?: string
}

export interface ReplyDoc {
  kind: ReplyKind
  target?: EscalationTarget
  /** The public reply text (explanation, answer, result of research…). */
  text?: string
  byId: Types.ObjectId
  at: Date
}

export interface TopicDoc {
  _id: Types.ObjectId
  roomId: Types.ObjectId
  unitId: Types.ObjectId
  /** The room's unit and its ancestors: "topics within unit X's subtree" is one indexed match. */
  unitAncestors: Types.ObjectId[]
  title: string
  description: string
  category: Category
  photos: PhotoRef[]
  place?: PlaceDoc
  source: TopicSource
  /** Who submitted it (the resident, or the grid worker / member / office acting for someone). */
  authorId: Types.ObjectId
  /** The resident whose problem it is, when that is not the author and they have an account. */
  petitionerId?: Types.ObjectId
  /** Raised on someone's behalf (grid worker, hotline): the petitioner may have no account. */
  onBehalf: boolean
  /** Petitioner's details when they have no account (hotline, grid worker); staff-only. */
  petitionerName?: string
  petitionerPhone?: string
  /** Hidden from the public (shown as 匿名); staff with pii.read still see who. */
  anonymous: boolean
  state: TopicState
  stateChangedAt: Date
  /** Optimistic concurrency for transitions (incremented on every state change). */
  version: number
  supportCount: number
  commentCount: number
  /** jieba tokens of title + description, for similar-topic lookups (`$text` is not available). */
  searchTokens: string[]
  /** Content check (msgSecCheck) result: pass / review / risky, and WeChat's trace id. */
  contentCheck?: { suggest: string; label?: number; traceId?: string }
  /** Four-step reply: when the room must reply by, and the reply once given. */
  replyDueAt: Date
  reply?: ReplyDoc
  /** For micro-suggestions and research: the department consulted. */
  departmentUnitId?: Types.ObjectId
  /** Merged duplicates point at the topic they were merged into. */
  mergedIntoId?: Types.ObjectId
  closedAt?: Date
  createdAt: Date
  updatedAt: Date
}

const topicSchema = new Schema<TopicDoc>(
  {
    roomId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    title: { type: String, required: true, trim: true, maxlength: 60 },
    description: { type: String, required: true, trim: true, maxlength: 2000 },
    category: { type: String, enum: CATEGORIES, required: true },
    photos: {
      type: [
        new Schema<PhotoRef>(
          {
            key: { type: String, required: true },
            width: Number,
            height: Number,
            bytes: { type: Number, required: true },
            contentType: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    place: {
      type: new Schema<PlaceDoc>(
        {
          lat: { type: Number, min: -90, max: 90 },
          lng: { type: Number, min: -180, max: 180 },
          address: { type: String, maxlength: 120 },
        },
        { _id: false },
      ),
    },
    source: { type: String, enum: TOPIC_SOURCES, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    petitionerId: { type: Schema.Types.ObjectId },
    onBehalf: { type: Boolean, default: false },
    petitionerName: { type: String, maxlength: 40 },
    petitionerPhone: { type: String, maxlength: 20 },
    anonymous: { type: Boolean, default: false },
    state: { type: String, enum: TOPIC_STATES, required: true },
    stateChangedAt: { type: Date, required: true },
    version: { type: Number, default: 0 },
    supportCount: { type: Number, default: 0, min: 0 },
    commentCount: { type: Number, default: 0, min: 0 },
    searchTokens: { type: [String], default: [] },
    contentCheck: {
      type: new Schema({ suggest: String, label: Number, traceId: String }, { _id: false }),
    },
    replyDueAt: { type: Date, required: true },
    reply: {
      type: new Schema<ReplyDoc>(
        {
          kind: { type: String, enum: REPLY_KINDS, required: true },
          target: { type: String, enum: ESCALATION_TARGETS },
          text: { type: String, maxlength: 2000 },
          byId: { type: Schema.Types.ObjectId, required: true },
          at: { type: Date, required: true },
        },
        { _id: false },
      ),
    },
    departmentUnitId: { type: Schema.Types.ObjectId },
    mergedIntoId: { type: Schema.Types.ObjectId },
    closedAt: { type: Date },
  },
  { collection: 'topics', versionKey: false, timestamps: true },
)
// A room's feed (list-topics.ts `listRoomTopics`): sort=new orders by (createdAt, _id) descending,
// sort=hot by (supportCount, _id) descending — _id breaks ties, so the keyset cursor is stable. One
// index per (filter, sort): the equality filter (state, category or source) right after roomId, the
// sort keys after it, so the first page is read in index order and stops after `limit` rows; other
// filters given at the same time are checked on the rows walked past.
// "new" tab, no filter (state `$in` the visible states, checked on the rows walked past).
topicSchema.index({ roomId: 1, createdAt: -1, _id: -1 })
// "new" tab by state; also the convener's queue (a room's topics in some states, newest first).
topicSchema.index({ roomId: 1, state: 1, createdAt: -1, _id: -1 })
// "new" tab by category.
topicSchema.index({ roomId: 1, category: 1, createdAt: -1, _id: -1 })
// "new" tab by source (群众出题, 委员荐题, 12345 热线…).
topicSchema.index({ roomId: 1, source: 1, createdAt: -1, _id: -1 })
// "hot" tab: most supported first, no filter (state `$in` the visible states, as for "new").
topicSchema.index({ roomId: 1, supportCount: -1, _id: -1 })
// "hot" tab by state.
topicSchema.index({ roomId: 1, state: 1, supportCount: -1, _id: -1 })
// "hot" tab by category.
topicSchema.index({ roomId: 1, category: 1, supportCount: -1, _id: -1 })
// "hot" tab by source.
topicSchema.index({ roomId: 1, source: 1, supportCount: -1, _id: -1 })
// Similar topics while typing: token overlap within a room (multikey on searchTokens).
topicSchema.index({ roomId: 1, searchTokens: 1 })
// Similar topics nearby: a lat/lng box (geo operators are not available on the embedded server).
topicSchema.index({ 'place.lat': 1, 'place.lng': 1 })
// Office staff lists and statistics for a subtree.
topicSchema.index({ unitAncestors: 1, state: 1, createdAt: -1 })
// "My topics" (author) and "topics raised for me" (petitioner).
topicSchema.index({ authorId: 1, createdAt: -1 })
topicSchema.index({ petitionerId: 1, createdAt: -1 }, { sparse: true })
// Supervision of the four-step reply: undecided topics whose reply is due (`state` in screening…).
topicSchema.index({ state: 1, replyDueAt: 1 })

export interface TopicEventDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  at: Date
  /** Null when the system fired it (threshold reached, all items done). */
  actorId: Types.ObjectId | null
  /** A state-machine event, or `created` / `reply` / `note` for timeline entries without one. */
  event: string
  from?: TopicState
  to?: TopicState
  /** Public text (a reply, a reason); staff-only notes set `public: false`. */
  note?: string
  public: boolean
  data?: Record<string, unknown>
}

const topicEventSchema = new Schema<TopicEventDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    event: {
      type: String,
      required: true,
      validate: (value: string) =>
        (TOPIC_EVENTS as readonly string[]).includes(value) || /^[a-z_]+$/.test(value),
    },
    from: { type: String, enum: TOPIC_STATES },
    to: { type: String, enum: TOPIC_STATES },
    note: { type: String, maxlength: 2000 },
    public: { type: Boolean, default: true },
    data: { type: Schema.Types.Mixed },
  },
  { collection: 'topic_events', versionKey: false },
)
// The timeline of one topic, oldest first.
topicEventSchema.index({ topicId: 1, at: 1 })

export interface SupportDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  userId: Types.ObjectId
  createdAt: Date
}

const supportSchema = new Schema<SupportDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'supports', versionKey: false },
)
// One support per person per topic — the unique index is what makes the count exact under
// concurrency; also serves "has this user supported it" and the topic's supporter list (fan-out).
supportSchema.index({ topicId: 1, userId: 1 }, { unique: true })
// "My supports" page.
supportSchema.index({ userId: 1, createdAt: -1 })

export function topicModel(connection: Connection): Model<TopicDoc> {
  return (
    (connection.models.Topic as Model<TopicDoc> | undefined) ??
    connection.model<TopicDoc>('Topic', topicSchema)
  )
}

export function topicEventModel(connection: Connection): Model<TopicEventDoc> {
  return (
    (connection.models.TopicEvent as Model<TopicEventDoc> | undefined) ??
    connection.model<TopicEventDoc>('TopicEvent', topicEventSchema)
  )
}

export function supportModel(connection: Connection): Model<SupportDoc> {
  return (
    (connection.models.Support as Model<SupportDoc> | undefined) ??
    connection.model<SupportDoc>('Support', supportSchema)
  )
}

export function toObjectId(id: string): Types.ObjectId {
  return new Types.ObjectId(id)
}
