// Comment moderation for a room's staff: the queue (original text shown to staff), hiding or
// restoring with a reason, and blocking a user from commenting in the room (禁言).
import {
  REPORT_REASON_LABELS as SHARED_REPORT_REASON_LABELS,
  type CommentView as ModeratedComment,
} from '@shared/domain/comment-view'
import { request } from './request'

const enc = encodeURIComponent

export type QueueFilter = 'pending' | 'held' | 'auto_hidden' | 'reported' | 'hidden'

// Statuses, report reasons and their labels, and the comment as moderators see it (CommentSchema)
// are shared with the service.
export {
  COMMENT_STATUS_LABELS,
  type CommentStatus,
  type CommentView as ModeratedComment,
  type ReportReason,
} from '@shared/domain/comment-view'

/** Report reasons by their code; a queue entry's reason is a plain string in the answer. */
export const REPORT_REASON_LABELS: Readonly<Record<string, string>> = SHARED_REPORT_REASON_LABELS

/** One entry of GET /api/rooms/{roomId}/moderation. */
export interface ModerationItem extends ModeratedComment {
  topic: { id: string; title: string }
  reports: Array<{ reason: string; note?: string; at: string }>
}

export interface ModerationPage {
  items: ModerationItem[]
  nextCursor: string | null
}

export function fetchModerationQueue(
  roomId: string,
  status: QueueFilter = 'pending',
  cursor?: string | null,
): Promise<ModerationPage> {
  const more = cursor ? `&cursor=${enc(cursor)}` : ''
  return request<ModerationPage>(
    `/api/rooms/${enc(roomId)}/moderation?status=${status}&limit=20${more}`,
  )
}

/** Hide (隐藏) or restore/keep (恢复) a comment; a reason is required and the text is kept. */
export function moderateComment(
  commentId: string,
  action: 'hide' | 'restore',
  reason: string,
): Promise<ModeratedComment> {
  return request<ModeratedComment>(`/api/comments/${enc(commentId)}/${action}`, {
    method: 'POST',
    data: { reason: reason.trim() },
  })
}

/** Whether the service accepts the action on this comment now (mirrors its own rule). */
export function canApply(action: 'hide' | 'restore', comment: ModeratedComment): boolean {
  if (action === 'hide') return comment.status !== 'hidden'
  return comment.status !== 'visible' || comment.moderation?.needsReview === true
}

export interface RoomBlock {
  roomId: string
  userId: string
  displayName: string
  reason: string
  until: string | null
  byId: string
  createdAt: string
}

export interface BlockBody {
  userId: string
  reason: string
  /** Absent: until lifted. */
  until?: string
}

export function blockUser(roomId: string, body: BlockBody): Promise<RoomBlock> {
  return request<RoomBlock>(`/api/rooms/${enc(roomId)}/blocks`, {
    method: 'POST',
    data: { ...body, reason: body.reason.trim() },
  })
}

export async function fetchBlocks(roomId: string): Promise<RoomBlock[]> {
  const body = await request<{ items: RoomBlock[] }>(`/api/rooms/${enc(roomId)}/blocks`)
  return body.items
}

export async function unblockUser(roomId: string, userId: string): Promise<void> {
  await request<null>(`/api/rooms/${enc(roomId)}/blocks/${enc(userId)}`, { method: 'DELETE' })
}
