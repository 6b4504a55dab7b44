/**
 * Comments on topics (`comments`), residents' reports of them (`comment_reports`) and users blocked
 * from speaking in a room (`room_blocks`). The only comments file importing mongoose.
 *
 * A comment's text is never changed or deleted: moderation only changes its `status`, and every
 * decision is appended to its `history`.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose'
import {
  COMMENT_STATUSES,
  REPORT_REASONS,
  type CommentStatus,
  type ReportReason,
} from '../../../../shared/domain/comment-view'

// The status and report-reason vocabularies (meanings there) are shared with the mini program;
// re-exported for this module's files.
export { COMMENT_STATUSES, REPORT_REASONS, type CommentStatus, type ReportReason }

export interface CommentDecisionDoc {
  at: Date
  /** Null for automatic decisions (held by the content check, hidden by reports). */
  actorId: Types.ObjectId | null
  action: 'held' | 'auto_hide' | 'hide' | 'restore'
  from?: CommentStatus
  to: CommentStatus
  reason?: string
}

export interface CommentDoc {
  _id: Types.ObjectId
  topicId: Types.ObjectId
  /**
   * The topic's room when the comment was written (a record). Moderation follows the topic's CURRENT
   * room, which differs after an escalation is accepted.
   */
  roomId: Types.ObjectId
  authorId: Types.ObjectId
  /** One-level replies: the top-level comment this one answers. */
  replyToId?: Types.ObjectId
  text: string
  status: CommentStatus
  /**
   * Whether it was ever public. Only such comments count in the topic's `commentCount` and appear in
   * the public list (as a placeholder once hidden); a held comment is counted when first restored.
   */
  counted: boolean
  /** In the room's moderation queue (held, auto-hidden, or reported since the last decision). */
  needsReview: boolean
  reportCount: number
  /** Reports since the last moderation decision; reaching the room's threshold auto-hides. */
  openReports: number
  contentCheck?: { suggest: string; label?: number; traceId?: string }
  history: CommentDecisionDoc[]
  createdAt: Date
  updatedAt: Date
}

const decisionSchema = new Schema<CommentDecisionDoc>(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    action: { type: String, enum: ['held', 'auto_hide', 'hide', 'restore'], required: true },
    from: { type: String, enum: COMMENT_STATUSES },
    to: { type: String, enum: COMMENT_STATUSES, required: true },
    reason: { type: String, maxlength: 200 },
  },
  { _id: false },
)

const commentSchema = new Schema<CommentDoc>(
  {
    topicId: { type: Schema.Types.ObjectId, required: true },
    roomId: { type: Schema.Types.ObjectId, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    replyToId: { type: Schema.Types.ObjectId },
    text: { type: String, required: true, maxlength: 500 },
    status: { type: String, enum: COMMENT_STATUSES, required: true },
    counted: { type: Boolean, default: false },
    needsReview: { type: Boolean, default: false },
    reportCount: { type: Number, default: 0, min: 0 },
    openReports: { type: Number, default: 0, min: 0 },
    contentCheck: {
      type: new Schema({ suggest: String, label: Number, traceId: String }, { _id: false }),
    },
    history: { type: [decisionSchema], default: [] },
  },
  { collection: 'comments', versionKey: false, timestamps: true },
)
// A topic's comments, oldest first, paged by _id (public: counted ones; moderators: all).
commentSchema.index({ topicId: 1, _id: 1 })
// The moderation queue of a room: comments needing review on the room's topics (`topicId: { $in }`,
// the topics the room runs NOW, so an escalated topic's comments move with it), newest first.
commentSchema.index({ topicId: 1, needsReview: 1, _id: -1 })
// The room's hidden comments (past decisions), same shape.
commentSchema.index({ topicId: 1, status: 1, _id: -1 })

export interface CommentReportDoc {
  _id: Types.ObjectId
  commentId: Types.ObjectId
  reporterId: Types.ObjectId
  reason: ReportReason
  note?: string
  createdAt: Date
  /** Set when a moderator decided on the comment after this report. */
  resolvedAt?: Date
}

const reportSchema = new Schema<CommentReportDoc>(
  {
    commentId: { type: Schema.Types.ObjectId, required: true },
    reporterId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, enum: REPORT_REASONS, required: true },
    note: { type: String, maxlength: 200 },
    createdAt: { type: Date, required: true },
    resolvedAt: { type: Date },
  },
  { collection: 'comment_reports', versionKey: false },
)
// One report per person per comment — the unique index keeps counts exact under concurrency; also
// serves the reports of one comment shown to moderators and resolving them.
reportSchema.index({ commentId: 1, reporterId: 1 }, { unique: true })

export interface RoomBlockDoc {
  _id: Types.ObjectId
  roomId: Types.ObjectId
  userId: Types.ObjectId
  reason: string
  /** Null: until lifted. */
  until: Date | null
  byId: Types.ObjectId
  createdAt: Date
}

const blockSchema = new Schema<RoomBlockDoc>(
  {
    roomId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true, maxlength: 200 },
    until: { type: Date, default: null },
    byId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'room_blocks', versionKey: false },
)
// "Is this user blocked in this room" on every comment, and lifting a block; one block per pair.
blockSchema.index({ roomId: 1, userId: 1 }, { unique: true })

export function commentModel(connection: Connection): Model<CommentDoc> {
  return (
    (connection.models.Comment as Model<CommentDoc> | undefined) ??
    connection.model<CommentDoc>('Comment', commentSchema)
  )
}

export function commentReportModel(connection: Connection): Model<CommentReportDoc> {
  return (
    (connection.models.CommentReport as Model<CommentReportDoc> | undefined) ??
    connection.model<CommentReportDoc>('CommentReport', reportSchema)
  )
}

export function roomBlockModel(connection: Connection): Model<RoomBlockDoc> {
  return (
    (connection.models.RoomBlock as Model<RoomBlockDoc> | undefined) ??
    connection.model<RoomBlockDoc>('RoomBlock', blockSchema)
  )
}
