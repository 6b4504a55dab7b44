/** Error codes of the outcomes module, merged into the one catalogue in `shared/errors.ts`. */
export const OUTCOMES_ERRORS = {
  OUTCOME_NOT_FOUND: { status: 404, message: '该议题尚未发布协商成果' },
  ACTION_ITEM_NOT_FOUND: { status: 404, message: '找不到该任务' },
  DUE_DATE_IN_PAST: { status: 400, message: '办理期限不能早于当前时间' },
  SETTLED_ONLY_QUICK: { status: 400, message: '只有“快速办”任务可以标记为会上当场办结' },
  PERCENT_DECREASED: { status: 409, message: '办理进度不能低于上次填报的进度' },
  CALLBACK_TOO_EARLY: {
    status: 409,
    message: '诉求人仍在回访答复期内，期满未答复后才能由工作人员代为记录办结',
  },
  CALLBACK_NOT_ASKED: { status: 403, message: '您不在本议题的回访名单中' },
} as const satisfies Record<string, { status: number; message: string }>
