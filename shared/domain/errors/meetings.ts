/** Error codes of the meetings module, merged into the one catalogue in `shared/errors.ts`. */
export const MEETINGS_ERRORS = {
  MEETING_NOT_FOUND: { status: 404, message: '找不到该协商会' },
  MEETING_TIME_INVALID: { status: 400, message: '协商会结束时间应晚于开始时间' },
  MEETING_PLACE_REQUIRED: {
    status: 400,
    message: '请填写协商会地点；线上协商请填写会议链接',
  },
  MEETING_TOPIC_NOT_IN_ROOM: { status: 400, message: '议程中的议题须属于本议事室' },
  MEETING_INVITE_INVALID: { status: 400, message: '参会人员信息不完整' },
  MEETING_INVITE_NOT_FOUND: { status: 400, message: '该参会人员不在本次协商会的名单中' },
  MEETING_NOT_SCHEDULED: { status: 409, message: '协商会已召开或已取消，不能再调整' },
  MEETING_CANCELLED: { status: 409, message: '协商会已取消' },
  RSVP_CLOSED: { status: 409, message: '协商会已开始，不能再回复是否参加' },
  NOT_INVITED: { status: 403, message: '您不在本次协商会的邀请名单中' },
  CHECKIN_CODE_INVALID: { status: 400, message: '签到码不正确' },
  CHECKIN_CLOSED: { status: 409, message: '现在不在签到时间内' },
} as const satisfies Record<string, { status: number; message: string }>
