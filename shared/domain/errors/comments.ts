/** Error codes of the comments module, merged into the one catalogue in `shared/errors.ts`. */
export const COMMENTS_ERRORS = {
  COMMENT_NOT_FOUND: { status: 404, message: '找不到该评论' },
  COMMENT_REPLY_INVALID: { status: 400, message: '只能回复本议题下已公开的评论' },
  COMMENT_STATE_CONFLICT: { status: 409, message: '评论状态已变化，请刷新后重试' },
  BLOCK_NOT_FOUND: { status: 404, message: '该用户未被限制在本议事室发言' },
  BLOCK_UNTIL_PAST: { status: 400, message: '限制发言的截止时间应晚于现在' },
} as const satisfies Record<string, { status: number; message: string }>
