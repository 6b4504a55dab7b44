/**
 * Moderation of comments by the room's staff (comment.moderate in the topic's scope): the queue of
 * comments needing review, and hiding or restoring one with a reason. The text is never touched;
 * each decision is appended to the comment's history and written to the audit log in the same
 * transaction, and it closes the reports received so far.
 */
import { Types, type Connection } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { invalidateRoomFeedWith } from '../topics/feed-cache'
import { topicModel, type TopicDoc } from '../topics/model'
import { topicScope } from '../topics/transition'
import { auditUnit, objectId, type Actor } from './actor'
import { authorNames, toCommentView, type CommentView } from './comment-view'
import {
  commentModel,
  commentReportModel,
  type CommentDoc,
  type CommentReportDoc,
  type CommentStatus,
} from './model'

/** The scope of a comment's topic (for `access.scoped`); COMMENT_NOT_FOUND when there is none. */
export async function commentScope(db: Connection, commentId: string): Promise<ResourceScope> {
  const id = objectId(commentId, 'COMMENT_NOT_FOUND')
  const comment = await commentModel(db).findById(id, { topicId: 1 }).lean<CommentDoc>()
  const topic = comment ? await topicModel(db).findById(comment.topicId).lean<TopicDoc>() : null
  if (!topic) throw new DomainError('COMMENT_NOT_FOUND')
  return topicScope(topic)
}

export type ModerationAction = 'hide' | 'restore'

/** Restore also "keeps" a visible comment that was reported: it dismisses the reports. */
function allowed(action: ModerationAction, comment: CommentDoc): boolean {
  if (action === 'hide') return comment.status !== 'hidden'
  return comment.status !== 'visible' || comment.needsReview
}

export async function moderateComment(
  db: Connection,
  actor: Actor,
  input: { commentId: string; action: ModerationAction; reason: string; now?: Date },
): Promise<CommentView> {
  const now = input.now ?? new Date()
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('REASON_REQUIRED')
  const Comments = commentModel(db)
  const id = objectId(input.commentId, 'COMMENT_NOT_FOUND')
  let result: CommentDoc | null = null
  await db.transaction(async (session) => {
    const comment = await Comments.findById(id).session(session).lean<CommentDoc>()
    if (!comment) throw new DomainError('COMMENT_NOT_FOUND')
    if (!allowed(input.action, comment)) {
      throw new DomainError(
        'COMMENT_STATE_CONFLICT',
        input.action === 'hide' ? '该评论已被隐藏' : '该评论已公开，无需恢复',
      )
    }
    const to: CommentStatus = input.action === 'hide' ? 'hidden' : 'visible'
    const firstPublished = to === 'visible' && !comment.counted
    result = await Comments.findOneAndUpdate(
      { _id: id, status: comment.status },
      {
        $set: {
          status: to,
          needsReview: false,
          openReports: 0,
          ...(firstPublished ? { counted: true } : {}),
        },
        $push: {
          history: {
            at: now,
            actorId: new Types.ObjectId(actor.userId),
            action: input.action,
            from: comment.status,
            to,
            reason,
          },
        },
      },
      { session, returnDocument: 'after' },
    ).lean<CommentDoc>()
    if (!result) throw new DomainError('COMMENT_STATE_CONFLICT')
    await commentReportModel(db).updateMany(
      { commentId: id, resolvedAt: { $exists: false } },
      { $set: { resolvedAt: now } },
      { session },
    )
    const topic = await topicModel(db).findById(comment.topicId).session(session).lean<TopicDoc>()
    if (!topic) throw new DomainError('COMMENT_NOT_FOUND')
    // A held comment restored for the first time becomes public: it now counts.
    if (firstPublished) {
      await topicModel(db).updateOne(
        { _id: topic._id },
        { $inc: { commentCount: 1 } },
        { session, timestamps: false },
      )
      invalidateRoomFeedWith(session, topic.roomId)
    }
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: `comment.${input.action}`,
        target: { kind: 'comment', id: String(id) },
        unit: auditUnit(topic),
        before: { status: comment.status, openReports: comment.openReports },
        after: { status: to, reason, topicId: String(topic._id) },
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  const saved = result as CommentDoc | null
  if (!saved) throw new Error('moderateComment: transaction finished without a result')
  // notify: the author, when hidden (with the reason) or when a held comment is published
  const names = await authorNames(db, [saved])
  return toCommentView(saved, { kind: 'moderator', userId: actor.userId }, names)
}

export const QUEUE_FILTERS = ['pending', 'held', 'auto_hidden', 'reported', 'hidden'] as const
export type QueueFilter = (typeof QUEUE_FILTERS)[number]

const FILTERS: Record<QueueFilter, Record<string, unknown>> = {
  pending: { needsReview: true },
  held: { needsReview: true, status: 'held' },
  auto_hidden: { needsReview: true, status: 'auto_hidden' },
  reported: { needsReview: true, status: 'visible' },
  hidden: { status: 'hidden' },
}

export interface QueueItem extends CommentView {
  topic: { id: string; title: string }
  /** The reports since the last decision (who reported is not shown). */
  reports: Array<{ reason: string; note?: string; at: string }>
}

export interface QueuePage {
  items: QueueItem[]
  nextCursor: string | null
}

/** The moderation queue of the comments on the topics a room runs now, newest first. */
export async function listModerationQueue(
  db: Connection,
  moderatorId: string,
  input: { roomId: string; status: QueueFilter; cursor?: string; limit: number },
): Promise<QueuePage> {
  const topics = await topicModel(db)
    .find({ roomId: new Types.ObjectId(input.roomId) }, { title: 1 })
    .lean<Pick<TopicDoc, '_id' | 'title'>[]>()
  const filter: Record<string, unknown> = {
    topicId: { $in: topics.map((t) => t._id) },
    ...FILTERS[input.status],
  }
  if (input.cursor) filter._id = { $lt: new Types.ObjectId(input.cursor) }
  const found = await commentModel(db)
    .find(filter)
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .lean<CommentDoc[]>()
  const page = found.slice(0, input.limit)
  const ids = page.map((c) => c._id)
  const [names, reports] = await Promise.all([
    authorNames(db, page),
    commentReportModel(db)
      .find({ commentId: { $in: ids }, resolvedAt: { $exists: false } })
      .sort({ createdAt: 1 })
      .lean<CommentReportDoc[]>(),
  ])
  const titles = new Map(topics.map((t) => [String(t._id), t.title]))
  const byComment = new Map<string, QueueItem['reports']>()
  for (const report of reports) {
    const list = byComment.get(String(report.commentId)) ?? []
    list.push({
      reason: report.reason,
      ...(report.note ? { note: report.note } : {}),
      at: report.createdAt.toISOString(),
    })
    byComment.set(String(report.commentId), list)
  }
  return {
    items: page.map((c) => ({
      ...toCommentView(c, { kind: 'moderator', userId: moderatorId }, names),
      topic: { id: String(c.topicId), title: titles.get(String(c.topicId)) ?? '' },
      reports: byComment.get(String(c._id)) ?? [],
    })),
    nextCursor: found.length > input.limit ? String(page[page.length - 1]._id) : null,
  }
}
