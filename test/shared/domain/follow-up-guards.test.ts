import {
  canAssignActions,
  canClose,
  canCompleteActions,
  canGiveDepartmentFeedback,
  canPublishOutcome,
  canRate,
  canReopen,
  canResumeActions,
  canScheduleMeeting,
  canSuperviseActionItem,
  canUpdateActionItem,
  type Verdict,
} from '../../../shared/domain'
import {
  changxiConvener,
  chengguanOfficer,
  ctx,
  gridWorker,
  huajieConvener,
  memberOffDuty,
  neighbour,
  NOW,
  qingpuStaff,
  resident,
  topic,
  zhujianOfficer,
} from './fixtures'

function codeOf(verdict: Verdict): string {
  return verdict.ok ? 'OK' : verdict.code
}

const hourMs = 3_600_000
const later = new Date(NOW.getTime() + 48 * hourMs)
const earlier = new Date(NOW.getTime() - hourMs)

describe('scheduling the meeting', () => {
  const consultation = topic({ state: 'consultation' })

  test('lets the room’s convener schedule a future meeting', () => {
    expect(codeOf(canScheduleMeeting(consultation, ctx(huajieConvener), { startsAt: later }))).toBe(
      'OK',
    )
  })

  test('refuses a meeting in the past', () => {
    expect(
      codeOf(canScheduleMeeting(consultation, ctx(huajieConvener), { startsAt: earlier })),
    ).toBe('MEETING_IN_PAST')
  })

  test('refuses another room’s convener and a topic not accepted for consultation', () => {
    expect(
      codeOf(canScheduleMeeting(consultation, ctx(changxiConvener), { startsAt: later })),
    ).toBe('FORBIDDEN')
    expect(codeOf(canScheduleMeeting(topic(), ctx(huajieConvener), { startsAt: later }))).toBe(
      'ILLEGAL_TRANSITION',
    )
  })

  test('treats scheduling a scheduled meeting as moving it', () => {
    const scheduled = topic({ state: 'meeting_scheduled' })
    expect(codeOf(canScheduleMeeting(scheduled, ctx(huajieConvener), { startsAt: later }))).toBe(
      'OK',
    )
  })
})

describe('publishing the outcome and assigning the work', () => {
  const scheduled = topic({ state: 'meeting_scheduled' })

  test('lets the convener publish once the meeting has begun', () => {
    expect(
      codeOf(canPublishOutcome(scheduled, ctx(huajieConvener), { meetingStartsAt: earlier })),
    ).toBe('OK')
    expect(
      codeOf(canPublishOutcome(scheduled, ctx(huajieConvener), { meetingStartsAt: later })),
    ).toBe('MEETING_NOT_STARTED')
  })

  test('refuses a member, who attends but does not publish', () => {
    expect(
      codeOf(canPublishOutcome(scheduled, ctx(memberOffDuty), { meetingStartsAt: earlier })),
    ).toBe('FORBIDDEN')
  })

  test('lets the convener assign an outcome’s action items', () => {
    expect(
      codeOf(canAssignActions(topic({ state: 'outcome_published' }), ctx(huajieConvener))),
    ).toBe('OK')
    expect(codeOf(canAssignActions(topic({ state: 'outcome_published' }), ctx(resident)))).toBe(
      'FORBIDDEN',
    )
  })
})

describe('action items', () => {
  const working = topic({ state: 'in_progress' })
  const chengguanItem = { status: 'in_progress' as const, departmentUnitId: 'chengguan' }

  test('let the assigned department update its item but not another department', () => {
    expect(codeOf(canUpdateActionItem(chengguanItem, working, ctx(chengguanOfficer)))).toBe('OK')
    expect(codeOf(canUpdateActionItem(chengguanItem, working, ctx(zhujianOfficer)))).toBe(
      'FORBIDDEN',
    )
  })

  test('let the convener record progress on a department’s behalf', () => {
    expect(codeOf(canUpdateActionItem(chengguanItem, working, ctx(huajieConvener)))).toBe('OK')
  })

  test('refuse updates to a finished item or outside the work phase', () => {
    const done = { ...chengguanItem, status: 'done' as const }
    expect(codeOf(canUpdateActionItem(done, working, ctx(chengguanOfficer)))).toBe(
      'ACTION_ITEM_DONE',
    )
    const closed = topic({ state: 'closed' })
    expect(codeOf(canUpdateActionItem(chengguanItem, closed, ctx(chengguanOfficer)))).toBe(
      'ILLEGAL_TRANSITION',
    )
  })

  test('let attached members supervise lagging items but not residents', () => {
    expect(codeOf(canSuperviseActionItem(chengguanItem, working, ctx(memberOffDuty)))).toBe('OK')
    expect(codeOf(canSuperviseActionItem(chengguanItem, working, ctx(neighbour)))).toBe('FORBIDDEN')
  })

  test('refuse declaring the work done while items remain open', () => {
    expect(canCompleteActions(working, ctx(huajieConvener), { openItemCount: 2 })).toEqual({
      ok: false,
      code: 'ACTION_ITEMS_OPEN',
      reason: '仍有 2 项任务未办结',
    })
    expect(codeOf(canCompleteActions(working, ctx(huajieConvener), { openItemCount: 0 }))).toBe(
      'OK',
    )
  })

  test('let the department a micro-suggestion was passed to give feedback', () => {
    const suggestion = topic({ state: 'micro_suggestion', departmentUnitId: 'chengguan' })
    expect(codeOf(canGiveDepartmentFeedback(suggestion, ctx(chengguanOfficer)))).toBe('OK')
    expect(codeOf(canGiveDepartmentFeedback(suggestion, ctx(zhujianOfficer)))).toBe('FORBIDDEN')
  })
})

describe('the call-back', () => {
  const callback = topic({ state: 'awaiting_callback' })
  const fresh = { alreadyRated: false, rating: 5 }

  test('lets the petitioner rate once with a whole score from 1 to 5', () => {
    expect(codeOf(canRate(callback, ctx(resident), fresh))).toBe('OK')
    expect(codeOf(canRate(callback, ctx(resident), { ...fresh, alreadyRated: true }))).toBe(
      'ALREADY_RATED',
    )
    for (const rating of [0, 6, 3.5, Number.NaN]) {
      expect(codeOf(canRate(callback, ctx(resident), { ...fresh, rating }))).toBe(
        'RATING_OUT_OF_RANGE',
      )
    }
  })

  test('refuses ratings from anyone but the petitioner, staff included', () => {
    expect(codeOf(canRate(callback, ctx(neighbour), fresh))).toBe('NOT_PETITIONER')
    expect(codeOf(canRate(callback, ctx(huajieConvener), fresh))).toBe('NOT_PETITIONER')
  })

  test('lets the resident a grid worker spoke for rate, not the grid worker', () => {
    const onBehalf = { ...callback, authorId: gridWorker.userId, petitionerId: resident.userId }
    expect(codeOf(canRate(onBehalf, ctx(resident), fresh))).toBe('OK')
    expect(codeOf(canRate(onBehalf, ctx(gridWorker), fresh))).toBe('NOT_PETITIONER')
  })

  test('refuses a rating before the work is reported done', () => {
    expect(codeOf(canRate(topic({ state: 'in_progress' }), ctx(resident), fresh))).toBe(
      'ILLEGAL_TRANSITION',
    )
  })

  test('lets the petitioner or staff recording a call-back close the topic', () => {
    expect(codeOf(canClose(callback, ctx(resident)))).toBe('OK')
    expect(codeOf(canClose(callback, ctx(qingpuStaff)))).toBe('OK')
    expect(codeOf(canClose(callback, ctx(neighbour)))).toBe('FORBIDDEN')
  })

  test('lets staff close a hotline topic whose petitioner has no account', () => {
    const hotline = { ...callback, authorId: qingpuStaff.userId, onBehalf: true }
    expect(codeOf(canClose(hotline, ctx(qingpuStaff)))).toBe('OK')
    expect(codeOf(canClose(hotline, ctx(resident)))).toBe('FORBIDDEN')
  })
})

describe('reopening', () => {
  const closedAt = new Date(NOW.getTime() - 10 * 24 * hourMs)
  const reason = { reason: '充电桩仍未通电' }

  test('lets the petitioner report an unsolved problem at call-back, with a reason', () => {
    const callback = topic({ state: 'awaiting_callback' })
    expect(codeOf(canReopen(callback, ctx(resident), reason))).toBe('OK')
    expect(codeOf(canReopen(callback, ctx(resident), { reason: ' ' }))).toBe('REASON_REQUIRED')
  })

  test('lets the petitioner reopen a closed topic within 30 days of closing', () => {
    expect(codeOf(canReopen(topic({ state: 'closed', closedAt }), ctx(resident), reason))).toBe(
      'OK',
    )
    const longAgo = new Date(NOW.getTime() - 31 * 24 * hourMs)
    const stale = topic({ state: 'closed_answered', closedAt: longAgo })
    expect(codeOf(canReopen(stale, ctx(resident), reason))).toBe('REOPEN_WINDOW_PASSED')
    expect(codeOf(canReopen(stale, ctx(huajieConvener), reason))).toBe('OK')
  })

  test('refuses a neighbour and a topic that is still being handled', () => {
    expect(codeOf(canReopen(topic({ state: 'closed', closedAt }), ctx(neighbour), reason))).toBe(
      'FORBIDDEN',
    )
    expect(codeOf(canReopen(topic({ state: 'in_progress' }), ctx(resident), reason))).toBe(
      'ILLEGAL_TRANSITION',
    )
  })

  test('resumes the work after reopening only when there were action items', () => {
    const reopened = topic({ state: 'reopened' })
    expect(codeOf(canResumeActions(reopened, ctx(huajieConvener), { hasActionItems: true }))).toBe(
      'OK',
    )
    expect(codeOf(canResumeActions(reopened, ctx(huajieConvener), { hasActionItems: false }))).toBe(
      'NO_ACTION_ITEMS',
    )
  })
})
