/**
 * What each reader sees of a comment. The public sees the text of visible comments and a placeholder
 * for hidden ones (never their text); the author also sees their own held or hidden comment with its
 * status; the room's moderators see everything: text, status, reports and the decision history.
 */
import type { Static } from '@sinclair/typebox'
import type { Connection } from 'mongoose'
import {
  HIDDEN_PLACEHOLDER,
  placeholderOf,
  type CommentDecisionView,
  type CommentView,
} from '../../../../shared/domain/comment-view'
import { userModel } from '../users/model'
import type { CommentDoc } from './model'
import type { CommentSchema } from './schema'

// The view's shape is shared with the mini program (shared/domain/comment-view.ts).
export type { CommentDecisionView, CommentView }

/** Each type is assignable to the other: no field missing, extra, or optional on one side only. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T

/** Does not compile when the shared `CommentView` and the documented `CommentSchema` drift apart. */
export type CommentViewMatchesSchema = Assert<SameShape<CommentView, Static<typeof CommentSchema>>>

export type Viewer = { kind: 'public'; userId?: string } | { kind: 'moderator'; userId: string }

/** displayName of each author, in one query. */
export async function authorNames(
  db: Connection,
  comments: readonly Pick<CommentDoc, 'authorId'>[],
): Promise<Map<string, string>> {
  const ids = [...new Set(comments.map((c) => String(c.authorId)))]
  if (ids.length === 0) return new Map()
  const users = await userModel(db)
    .find({ _id: { $in: ids } }, { displayName: 1 })
    .lean()
  return new Map(users.map((u) => [String(u._id), u.displayName]))
}

function lastReason(comment: CommentDoc): string | undefined {
  return comment.history.at(-1)?.reason
}

export function toCommentView(
  comment: CommentDoc,
  viewer: Viewer,
  names: Map<string, string>,
): CommentView {
  const mine = viewer.userId !== undefined && String(comment.authorId) === viewer.userId
  const view: CommentView = {
    id: String(comment._id),
    topicId: String(comment.topicId),
    author: { displayName: names.get(String(comment.authorId)) ?? '已注销用户' },
    status: comment.status,
    mine,
    createdAt: comment.createdAt.toISOString(),
  }
  if (comment.replyToId) view.replyToId = String(comment.replyToId)
  const visible = comment.status === 'visible'
  if (viewer.kind === 'moderator') {
    view.author.id = String(comment.authorId)
    view.text = comment.text
    const reason = lastReason(comment)
    if (reason) view.reason = reason
    view.moderation = {
      needsReview: comment.needsReview,
      reportCount: comment.reportCount,
      openReports: comment.openReports,
      history: comment.history.map((d) => {
        const decision: CommentDecisionView = {
          at: d.at.toISOString(),
          actorId: d.actorId ? String(d.actorId) : null,
          action: d.action,
          to: d.to,
        }
        if (d.from) decision.from = d.from
        if (d.reason) decision.reason = d.reason
        return decision
      }),
    }
    if (comment.contentCheck) view.moderation.contentCheck = comment.contentCheck
    const placeholder = placeholderOf(comment.status)
    if (placeholder) view.placeholder = placeholder
    return view
  }
  if (mine) {
    // The author sees what they wrote and why it is not public.
    view.text = comment.text
    const reason = lastReason(comment)
    if (!visible && reason) view.reason = reason
    const placeholder = placeholderOf(comment.status)
    if (placeholder) view.placeholder = placeholder
    return view
  }
  if (visible) view.text = comment.text
  else {
    view.status = 'hidden'
    view.placeholder = HIDDEN_PLACEHOLDER
  }
  return view
}
