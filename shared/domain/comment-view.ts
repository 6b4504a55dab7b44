/**
 * Comments as readers see them: the status and report-reason vocabularies with their Chinese labels,
 * the placeholders shown instead of a comment's text, and the shape of one comment in a response
 * (the service's `CommentSchema` is its documentation; the service checks at compile time that the two
 * agree). The public sees the text of visible comments and a placeholder for hidden ones (never their
 * text); the author also sees their own held or hidden comment; moderators see everything.
 */

/**
 * visible — public; held — stopped by the content check (or unchecked), never public until a
 * moderator restores it; auto_hidden — hidden by residents' reports, pending review; hidden — hidden
 * by a moderator.
 */
export const COMMENT_STATUSES = ['visible', 'held', 'auto_hidden', 'hidden'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]

export const REPORT_REASONS = ['spam', 'abuse', 'privacy', 'false_info', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]

export const COMMENT_STATUS_LABELS: Record<CommentStatus, string> = {
  visible: '公开',
  held: '待审核',
  auto_hidden: '被举报自动隐藏',
  hidden: '已隐藏',
}

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: '广告刷屏',
  abuse: '辱骂攻击',
  privacy: '泄露隐私',
  false_info: '虚假信息',
  other: '其他',
}

export const HIDDEN_PLACEHOLDER = '该评论已被隐藏'
export const HELD_PLACEHOLDER = '评论正在审核，通过后公开'

/** What is shown instead of the text of a comment in this status (nothing for a visible one). */
export function placeholderOf(status: CommentStatus): string | undefined {
  if (status === 'visible') return undefined
  return status === 'held' ? HELD_PLACEHOLDER : HIDDEN_PLACEHOLDER
}

/** One moderation decision in a comment's history (moderators only). */
export interface CommentDecisionView {
  at: string
  /** Null for automatic decisions (held by the content check, hidden by reports). */
  actorId: string | null
  action: string
  from?: CommentStatus
  to: CommentStatus
  reason?: string
}

/** One comment as this reader may see it. */
export interface CommentView {
  id: string
  topicId: string
  replyToId?: string
  /** `id` for moderators only. */
  author: { displayName: string; id?: string }
  /** Absent when hidden from this reader. */
  text?: string
  /** The public sees `visible` or `hidden`; authors and moderators see the real status. */
  status: CommentStatus
  placeholder?: string
  mine: boolean
  /** The last moderation reason, for the author and moderators. */
  reason?: string
  createdAt: string
  /** Moderators only. */
  moderation?: {
    needsReview: boolean
    reportCount: number
    openReports: number
    contentCheck?: { suggest: string; label?: number; traceId?: string }
    history: CommentDecisionView[]
  }
}
