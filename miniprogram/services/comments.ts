import type { CommentView, ReportReason } from '@shared/domain/comment-view'
import { request } from './request'

// What a comment looks like to each reader, the statuses and the report reasons with their labels
// are shared with the service.
export {
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  type CommentStatus,
  type CommentView,
  type ReportReason,
} from '@shared/domain/comment-view'

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
