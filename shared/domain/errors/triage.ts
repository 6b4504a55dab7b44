/** Error codes of the triage module, merged into the one catalogue in `shared/errors.ts`. */
export const TRIAGE_ERRORS = {
  ESCALATION_TARGET_INVALID: {
    status: 400,
    message: '所选议事室不是本议事室的上级议事室',
  },
  ESCALATION_NOT_FOUND: { status: 404, message: '找不到该提级记录' },
  ESCALATION_DECIDED: { status: 409, message: '该提级申请已处理' },
  NOT_A_DEPARTMENT: { status: 400, message: '所选单位不是职能部门' },
  CONSULTATION_NOT_FOUND: { status: 404, message: '该议题没有征询部门意见' },
  CONSULTATION_ANSWERED: { status: 409, message: '部门已答复过该征询' },
  CONSULTATION_CLOSED: { status: 409, message: '议事室已作出答复，征询已结束' },
} as const satisfies Record<string, { status: number; message: string }>
