/**
 * The comments use cases, one file each: posting (`post-comment.ts`), listing (`list-comments.ts`),
 * reporting (`report-comment.ts`), moderation (`moderation.ts`) and room blocks (`blocks.ts`).
 */
export { postComment, type CommentAuthor } from './post-comment'
export { listComments, type CommentPage } from './list-comments'
export { reportComment, reportThreshold, DEFAULT_REPORT_THRESHOLD } from './report-comment'
export {
  commentScope,
  listModerationQueue,
  moderateComment,
  QUEUE_FILTERS,
  type QueueFilter,
} from './moderation'
export { blockUser, isBlockedFromRoom, listRoomBlocks, unblockUser } from './blocks'
