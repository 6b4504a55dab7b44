/** Error codes of the topics module, merged into the one catalogue in `shared/errors.ts`. */
export const TOPICS_ERRORS = {
  ROOM_ARCHIVED: { status: 409, message: '该议事室已停用，不能再提出议题' },
  PETITIONER_REQUIRED: {
    status: 400,
    message: '代群众反映或热线转办时，请填写诉求人（账号或姓名）',
  },
  PETITIONER_NOT_ALLOWED: {
    status: 400,
    message: '群众本人提出议题时无需填写诉求人',
  },
  PETITIONER_NOT_FOUND: { status: 404, message: '找不到该诉求人账号' },
  MERGE_TARGET_INVALID: {
    status: 409,
    message: '只能合并到同一议事室（或上下级议事室）中仍在办理的另一个议题',
  },
  STATE_FILTER_FORBIDDEN: { status: 403, message: '只有内容审核人员可以查看待审核或未通过的议题' },
} as const satisfies Record<string, { status: number; message: string }>
