/**
 * Error codes the domain guards and the state machine return, in the same shape as `ERRORS` in
 * `shared/errors.ts` so the lead can merge them into the one catalogue. Until then, guards may also
 * return the generic `FORBIDDEN` / `VALIDATION_FAILED` codes from that catalogue.
 */
export const DOMAIN_ERRORS = {
  ILLEGAL_TRANSITION: { status: 409, message: '议题当前状态不允许此操作' },
  TOPIC_NOT_PUBLIC: { status: 409, message: '议题正在审核，暂不公开' },
  TOPIC_CLOSED: { status: 409, message: '议题已办结或已关闭' },
  SUPPORT_CLOSED: { status: 409, message: '议题已不再征集附议' },
  SUPPORT_WINDOW_PASSED: { status: 409, message: '议题已超过附议期限' },
  ALREADY_SUPPORTED: { status: 409, message: '您已附议过该议题' },
  NOT_SUPPORTED: { status: 409, message: '您尚未附议该议题' },
  SELF_SUPPORT: { status: 409, message: '不能附议自己提出的议题' },
  NOT_AUTHOR: { status: 403, message: '只有议题提出人可以执行此操作' },
  NOT_PETITIONER: { status: 403, message: '只有诉求人本人可以评价' },
  ALREADY_RATED: { status: 409, message: '您已评价过该议题' },
  RATING_OUT_OF_RANGE: { status: 400, message: '满意度评分应为 1 到 5 分' },
  USER_BLOCKED: { status: 403, message: '您的账号已被限制发言' },
  NO_PARENT_ROOM: { status: 409, message: '本议事室没有上级议事室，无法提级' },
  NOT_ON_DUTY: { status: 403, message: '委员不在值班时段，暂不能答复' },
  MEETING_IN_PAST: { status: 400, message: '协商会时间不能早于当前时间' },
  MEETING_NOT_STARTED: { status: 409, message: '协商会尚未召开，不能发布成果' },
  ACTION_ITEM_DONE: { status: 409, message: '该任务已办结' },
  ACTION_ITEMS_OPEN: { status: 409, message: '仍有未办结的任务' },
  NO_ACTION_ITEMS: { status: 409, message: '该议题没有可继续办理的任务' },
  REOPEN_WINDOW_PASSED: { status: 409, message: '已超过可申请重新办理的期限' },
  REASON_REQUIRED: { status: 400, message: '请填写原因' },
} as const satisfies Record<string, { status: number; message: string }>

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS
