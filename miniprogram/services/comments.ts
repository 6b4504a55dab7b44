import { request } from './request'

export type CommentStatus = 'visible' | 'held' | 'auto_hidden' | 'hidden'

export const REPORT_REASONS = ['spam', 'abuse', 'privacy', 'false_info', 'other'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: '广告刷屏',
  abuse: '辱骂攻击',
  privacy: '泄露隐私',
  false_info: '虚假信息',
  other: '其他',
}

export interface CommentDecision {
  at: string
  actorId: string | null
  action: string
  from?: CommentStatus
  to: CommentStatus
  reason?: string
}

/**
 * One comment as this reader may see it. The public sees `visible` or `hidden` (a placeholder, no
 * text); the author also sees their own held or hidden comment; moderators see everything.
 */
export interface CommentView {
  id: string
  topicId: string
  replyToId?: string
  author: { displayName: string; id?: string }
  text?: string
  status: CommentStatus
  placeholder?: string
  mine: boolean
  reason?: string
  createdAt: string
  moderation?: {
    needsReview: boolean
    reportCount: number
    openReports: number
    contentCheck?: { suggest: string; label?: number; traceId?: string }
    history: CommentDecision[]
  }
}

export interface CommentPage {
  items: CommentView[]
  nextCursor: string | null
}

export interface ReportResult {
  created: boolean
  status: 'visible' | 'hidden'
}

export const COMMENTS_PAGE_SIZE = 20

/** Oldest first, a page at a time. */
export function listComments(topicId: string, cursor?: string | null): Promise<CommentPage> {
  const query = `?limit=${COMMENTS_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
  return request<CommentPage>(`/api/topics/${encodeURIComponent(topicId)}/comments${query}`)
}

export function postComment(
  topicId: string,
  text: string,
  replyToId?: string,
): Promise<CommentView> {
  return request<CommentView>(`/api/topics/${encodeURIComponent(topicId)}/comments`, {
    method: 'POST',
    data: replyToId ? { text, replyToId } : { text },
  })
}

/** Once per person and comment; a repeat is a no-op. */
export function reportComment(
  commentId: string,
  reason: ReportReason,
  note?: string,
): Promise<ReportResult> {
  return request<ReportResult>(`/api/comments/${encodeURIComponent(commentId)}/reports`, {
    method: 'POST',
    data: note ? { reason, note } : { reason },
  })
}
