/**
 * Reporting a comment (举报) with a reason. One report per person per comment (unique index):
 * reporting again changes nothing and answers the same. When the reports since the last moderation
 * decision reach the room's threshold, the comment is hidden automatically, pending review.
 */
import { Types, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { roomModel } from '../org/model'
import { topicModel, type TopicDoc } from '../topics/model'
import { isDuplicateKey, objectId } from './actor'
import {
  commentModel,
  commentReportModel,
  type CommentDoc,
  type CommentStatus,
  type ReportReason,
} from './model'

/**
 * Reports that hide a comment pending review when the room sets none. Three: one report can be a
 * grudge, three independent residents rarely are; small village rooms would wait long for more.
 */
export const DEFAULT_REPORT_THRESHOLD = 3

/** The room's threshold (`commentReportThreshold` when a room sets one), else the default. */
export async function reportThreshold(db: Connection, roomId: Types.ObjectId): Promise<number> {
  const room = await roomModel(db).findById(roomId).lean<{ commentReportThreshold?: unknown }>()
  const value = room?.commentReportThreshold
  return typeof value === 'number' && Number.isInteger(value) && value >= 1
    ? value
    : DEFAULT_REPORT_THRESHOLD
}

export interface ReportResult {
  /** False when this person had already reported the comment. */
  created: boolean
  /** The comment's status as the public sees it now. */
  status: 'visible' | 'hidden'
}

function publicStatus(status: CommentStatus): ReportResult['status'] {
  return status === 'visible' ? 'visible' : 'hidden'
}

export async function reportComment(
  db: Connection,
  input: { commentId: string; reporterId: string; reason: ReportReason; note?: string; now?: Date },
): Promise<ReportResult> {
  const now = input.now ?? new Date()
  const Comments = commentModel(db)
  const Reports = commentReportModel(db)
  const commentId = objectId(input.commentId, 'COMMENT_NOT_FOUND')
  const reporterId = new Types.ObjectId(input.reporterId)
  const comment = await Comments.findById(commentId).lean<CommentDoc>()
  // Only what the reporter can see may be reported.
  if (!comment || !comment.counted) throw new DomainError('COMMENT_NOT_FOUND')
  if (await Reports.exists({ commentId, reporterId })) {
    return { created: false, status: publicStatus(comment.status) }
  }
  const topic = await topicModel(db).findById(comment.topicId, { roomId: 1 }).lean<TopicDoc>()
  const threshold = await reportThreshold(db, topic?.roomId ?? comment.roomId)
  let status = comment.status
  try {
    await db.transaction(async (session) => {
      const note = input.note?.trim()
      await Reports.create(
        [{ commentId, reporterId, reason: input.reason, note: note || undefined, createdAt: now }],
        { session },
      )
      const updated = await Comments.findOneAndUpdate(
        { _id: commentId },
        { $inc: { reportCount: 1, openReports: 1 }, $set: { needsReview: true } },
        { session, returnDocument: 'after' },
      ).lean<CommentDoc>()
      if (!updated) throw new DomainError('COMMENT_NOT_FOUND')
      status = updated.status
      if (updated.status === 'visible' && updated.openReports >= threshold) {
        await Comments.updateOne(
          { _id: commentId, status: 'visible' },
          {
            $set: { status: 'auto_hidden' },
            $push: {
              history: {
                at: now,
                actorId: null,
                action: 'auto_hide',
                from: 'visible',
                to: 'auto_hidden',
                reason: `被 ${updated.openReports} 人举报，待审核`,
              },
            },
          },
          { session },
        )
        status = 'auto_hidden'
        // notify: the room's moderators that a comment was hidden by reports and awaits review
      }
    })
  } catch (error) {
    // Two identical reports at once: the unique index let one through; this one is a repeat.
    if (!isDuplicateKey(error)) throw error
    const current = await Comments.findById(commentId, { status: 1 }).lean<CommentDoc>()
    return { created: false, status: publicStatus(current?.status ?? status) }
  }
  return { created: true, status: publicStatus(status) }
}
