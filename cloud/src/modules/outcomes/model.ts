/**
 * What follows a meeting, in the outcomes module's own collections keyed by topicId: `outcomes`
 * (the agreed plan, 协商成果), `action_items` (交办: one owner unit, one deadline, a track, progress
 * reports, reminders and escalation), `supervision_notes` (督办 notes by members and staff) and
 * `callbacks` (回访: one request per person and round, answered in the app or recorded by staff).
 * The only outcomes file importing mongoose.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose'
import {
  ACTION_ITEM_STATUSES,
  ACTION_TRACKS,
  RATING_MAX,
  RATING_MIN,
  type ActionItemStatus,
  type ActionTrack,
} from '../../../../shared/domain/types'
import type { PhotoRef } from '../topics/model'

export interface OutcomeDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  /** The meeting it came out of (absent if the meeting record was not found). */
  meetingId?: Types.ObjectId
  /** The agreed plan in plain words; public. */
  plan: string
  publishedAt: Date
  publishedBy: Types.ObjectId
}

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    meetingId: { type: Schema.Types.ObjectId },
    plan: { type: String, required: true, trim: true, maxlength: 5000 },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'outcomes', versionKey: false },
)
// The topic's current outcome (latest first): a topic reopened and screened again may meet again.
outcomeSchema.index({ topicId: 1, publishedAt: -1 })

export interface ProgressUpdateDoc {
  at: Date
  byId: Types.ObjectId
  percent: number
  note: string
  photos: PhotoRef[]
}

export type ReminderKind = 'manual' | 'auto'

export interface ReminderDoc {
  at: Date
  /** Absent for automatic reminders (escalation by the scheduler). */
  byId?: Types.ObjectId
  kind: ReminderKind
}

export interface ActionItemDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  outcomeId: Types.ObjectId
  roomId: Types.ObjectId
  /** The room's unit and its ancestors (root first): supervision lists of a unit subtree. */
  unitAncestors: Types.ObjectId[]
  /** The unit that does the work (谁负责): usually a department, any unit allowed. */
  ownerUnitId: Types.ObjectId
  /** The owner unit's ancestors and itself: "items for my department's subtree" in one match. */
  ownerUnitPath: Types.ObjectId[]
  title: string
  detail?: string
  track: ActionTrack
  dueAt: Date
  status: ActionItemStatus
  percent: number
  doneAt?: Date
  updates: ProgressUpdateDoc[]
  reminders: ReminderDoc[]
  escalatedAt?: Date
  escalatedToUnitId?: Types.ObjectId
  createdAt: Date
}

const photoSchema = new Schema<PhotoRef>(
  {
    key: { type: String, required: true },
    width: Number,
    height: Number,
    bytes: { type: Number, required: true },
    contentType: { type: String, required: true },
  },
  { _id: false },
)

const actionItemSchema = new Schema<ActionItemDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    outcomeId: { type: Schema.Types.ObjectId, required: true },
    roomId: { type: Schema.Types.ObjectId, required: true },
    unitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    ownerUnitId: { type: Schema.Types.ObjectId, required: true },
    ownerUnitPath: { type: [Schema.Types.ObjectId], default: [] },
    title: { type: String, required: true, trim: true, maxlength: 100 },
    detail: { type: String, trim: true, maxlength: 2000 },
    track: { type: String, enum: ACTION_TRACKS, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ACTION_ITEM_STATUSES, required: true },
    percent: { type: Number, required: true, min: 0, max: 100 },
    doneAt: { type: Date },
    updates: {
      type: [
        new Schema<ProgressUpdateDoc>(
          {
            at: { type: Date, required: true },
            byId: { type: Schema.Types.ObjectId, required: true },
            percent: { type: Number, required: true, min: 0, max: 100 },
            note: { type: String, required: true, maxlength: 1000 },
            photos: { type: [photoSchema], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    reminders: {
      type: [
        new Schema<ReminderDoc>(
          {
            at: { type: Date, required: true },
            byId: { type: Schema.Types.ObjectId },
            kind: { type: String, enum: ['manual', 'auto'], required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    escalatedAt: { type: Date },
    escalatedToUnitId: { type: Schema.Types.ObjectId },
    createdAt: { type: Date, required: true },
  },
  { collection: 'action_items', versionKey: false },
)
// The items of a topic's outcome, in the order they were agreed (public outcome page, "all done?").
actionItemSchema.index({ topicId: 1, outcomeId: 1, createdAt: 1 })
// A department's work list: open items within its subtree, by due date (`/api/me/action-items`).
actionItemSchema.index({ ownerUnitPath: 1, status: 1, dueAt: 1 })
// Supervision lists of a unit subtree (office staff), open items by due date.
actionItemSchema.index({ unitAncestors: 1, status: 1, dueAt: 1 })
// Supervision lists of the rooms a member or convener is attached to.
actionItemSchema.index({ roomId: 1, status: 1, dueAt: 1 })
// The escalation sweep: open, not yet escalated items past their due date.
actionItemSchema.index({ status: 1, escalatedAt: 1, dueAt: 1 })

export interface SupervisionNoteDoc {
  _id: Types.ObjectId
  actionItemId: Types.ObjectId
  topicId: Types.ObjectId
  byId: Types.ObjectId
  text: string
  at: Date
}

const supervisionNoteSchema = new Schema<SupervisionNoteDoc>(
  {
    actionItemId: { type: Schema.Types.ObjectId, required: true },
    topicId: { type: Schema.Types.ObjectId, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true, trim: true, maxlength: 1000 },
    at: { type: Date, required: true },
  },
  { collection: 'supervision_notes', versionKey: false },
)
// The notes on one item, oldest first (item detail).
supervisionNoteSchema.index({ actionItemId: 1, at: 1 })

export type CallbackMethod = 'app' | 'phone' | 'visit'

export interface CallbackDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  /**
   * The call-back round: the topic's version when it entered awaiting_callback, so a topic reopened,
   * worked on again and completed again asks everyone afresh.
   */
  round: number
  /** The petitioner or a supporter; null for a recorded call-back of a petitioner without an account. */
  userId: Types.ObjectId | null
  /** True for the petitioner's request (only that answer moves the topic). */
  petitioner: boolean
  askedAt: Date
  answeredAt?: Date
  solved?: boolean
  rating?: number
  comment?: string
  /** Staff who recorded a call-back made by phone or in person. */
  recordedBy?: Types.ObjectId
  method: CallbackMethod
}

const callbackSchema = new Schema<CallbackDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    round: { type: Number, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    petitioner: { type: Boolean, default: false },
    askedAt: { type: Date, required: true },
    answeredAt: { type: Date },
    solved: { type: Boolean },
    rating: { type: Number, min: RATING_MIN, max: RATING_MAX },
    comment: { type: String, maxlength: 1000 },
    recordedBy: { type: Schema.Types.ObjectId },
    method: { type: String, enum: ['app', 'phone', 'visit'], required: true },
  },
  { collection: 'callbacks', versionKey: false },
)
// One request per person and round — makes the fan-out idempotent; also serves "my request", the
// round's answers for the satisfaction summary and the latest round (`{ topicId, round }` prefix).
callbackSchema.index({ topicId: 1, round: 1, userId: 1 }, { unique: true })

function model<T>(db: Connection, name: string, schema: Schema<T>): Model<T> {
  return (db.models[name] as Model<T> | undefined) ?? db.model<T>(name, schema)
}

export function outcomeModel(db: Connection): Model<OutcomeDoc> {
  return model(db, 'Outcome', outcomeSchema)
}

export function actionItemModel(db: Connection): Model<ActionItemDoc> {
  return model(db, 'ActionItem', actionItemSchema)
}

export function supervisionNoteModel(db: Connection): Model<SupervisionNoteDoc> {
  return model(db, 'SupervisionNote', supervisionNoteSchema)
}

export function callbackModel(db: Connection): Model<CallbackDoc> {
  return model(db, 'Callback', callbackSchema)
}
