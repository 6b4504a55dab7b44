import {
  actionDueAt,
  actionEscalatesAt,
  actionUrgency,
  addWorkingDays,
  callbackDueAt,
  CHINA_CALENDAR,
  DEFAULT_DEADLINE_POLICY,
  endOfLocalDay,
  isCallbackOverdue,
  isOverdue,
  isReplyOverdue,
  isWorkingDay,
  localDate,
  replyDueAt,
  workingDaysBetween,
  type WorkCalendar,
} from '../../../shared/domain'

/** An instant given as Beijing local time, so the cases read like a calendar. */
function beijing(local: string): Date {
  return new Date(`${local}+08:00`)
}

const fridayMorning = beijing('2026-07-10T10:00:00')
const fridayNight = beijing('2026-07-10T23:30:00')

describe('working days in Beijing time', () => {
  test('read the local date, not the UTC one', () => {
    expect(localDate(beijing('2026-07-11T01:00:00'))).toBe('2026-07-11')
    expect(localDate(new Date('2026-07-10T17:00:00Z'))).toBe('2026-07-11')
  })

  test('treat Saturday 01:00 in Beijing as a weekend although it is Friday in UTC', () => {
    expect(isWorkingDay(fridayMorning)).toBe(true)
    expect(isWorkingDay(beijing('2026-07-11T01:00:00'))).toBe(false)
    expect(isWorkingDay(beijing('2026-07-12T12:00:00'))).toBe(false)
  })

  test('end a local day at its last millisecond', () => {
    expect(endOfLocalDay(fridayMorning).toISOString()).toBe('2026-07-10T15:59:59.999Z')
  })

  test('count 3 working days from a Friday to the end of Wednesday, skipping the weekend', () => {
    const due = addWorkingDays(fridayMorning, 3)
    expect(due.getTime()).toBe(beijing('2026-07-15T23:59:59.999').getTime())
  })

  test('give a topic raised late on Friday the same deadline as one raised in the morning', () => {
    expect(addWorkingDays(fridayNight, 3).getTime()).toBe(
      addWorkingDays(fridayMorning, 3).getTime(),
    )
  })

  test('count from a Saturday as from the weekend, starting on Monday', () => {
    const saturday = beijing('2026-07-11T09:00:00')
    expect(addWorkingDays(saturday, 1).getTime()).toBe(beijing('2026-07-13T23:59:59.999').getTime())
  })

  test('make zero working days the end of the start day and refuse negative counts', () => {
    expect(addWorkingDays(fridayMorning, 0).getTime()).toBe(endOfLocalDay(fridayMorning).getTime())
    expect(() => addWorkingDays(fridayMorning, -1)).toThrow(RangeError)
    expect(() => addWorkingDays(fridayMorning, 1.5)).toThrow(RangeError)
  })

  test('skip public holidays and count weekend make-up days (调休) as working days', () => {
    const goldenWeek: WorkCalendar = {
      ...CHINA_CALENDAR,
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-10-10'],
    }
    const lastDayBefore = beijing('2026-09-30T15:00:00')
    expect(localDate(addWorkingDays(lastDayBefore, 1, goldenWeek))).toBe('2026-10-08')
    expect(localDate(addWorkingDays(lastDayBefore, 3, goldenWeek))).toBe('2026-10-10')
    expect(isWorkingDay(beijing('2026-10-10T09:00:00'), goldenWeek)).toBe(true)
  })

  test('refuse a calendar with no working days in ten years instead of looping', () => {
    const holidays = Array.from({ length: 3_700 }, (_, day) =>
      new Date(Date.UTC(2026, 6, 11 + day)).toISOString().slice(0, 10),
    )
    const noWork: WorkCalendar = { ...CHINA_CALENDAR, holidays }
    expect(() => addWorkingDays(fridayMorning, 1, noWork)).toThrow(RangeError)
  })

  test('count the working days between two instants, excluding the first day', () => {
    expect(workingDaysBetween(fridayMorning, beijing('2026-07-17T09:00:00'))).toBe(5)
    expect(workingDaysBetween(fridayMorning, fridayNight)).toBe(0)
    expect(workingDaysBetween(fridayMorning, beijing('2026-07-01T09:00:00'))).toBe(0)
  })
})

describe('four-step reply deadlines', () => {
  test('give an answer 3 working days and a research 15 by default', () => {
    expect(localDate(replyDueAt(fridayMorning, 'answer'))).toBe('2026-07-15')
    expect(localDate(replyDueAt(fridayMorning, 'explain'))).toBe('2026-07-15')
    expect(localDate(replyDueAt(fridayMorning, 'research'))).toBe('2026-07-31')
    expect(localDate(replyDueAt(fridayMorning, 'escalate'))).toBe('2026-07-17')
  })

  test('use the answer limit for deciding the step when none is chosen yet', () => {
    expect(replyDueAt(fridayMorning).getTime()).toBe(replyDueAt(fridayMorning, 'answer').getTime())
  })

  test('take the limits from the policy', () => {
    const strict = {
      ...DEFAULT_DEADLINE_POLICY,
      replyWorkingDays: { explain: 1, answer: 1, research: 5, escalate: 2 },
    }
    expect(localDate(replyDueAt(fridayMorning, 'answer', strict))).toBe('2026-07-13')
  })

  test('become overdue only after the last millisecond of the due day', () => {
    expect(isReplyOverdue(fridayMorning, 'answer', beijing('2026-07-15T23:59:59'))).toBe(false)
    expect(isReplyOverdue(fridayMorning, 'answer', beijing('2026-07-16T00:00:00'))).toBe(true)
    expect(isOverdue(fridayMorning, fridayMorning)).toBe(false)
  })
})

describe('action item deadlines', () => {
  const assigned = beijing('2026-07-10T10:00:00')
  const dueAt = actionDueAt(assigned, 'quick') // 5 working days: Friday 17 July

  test('give a quick item a week and a coordinated one a month of working days', () => {
    expect(localDate(dueAt)).toBe('2026-07-17')
    expect(localDate(actionDueAt(assigned, 'coordinated'))).toBe('2026-08-07')
  })

  test('is on track with more than 2 working days left', () => {
    expect(actionUrgency({ status: 'in_progress', dueAt }, beijing('2026-07-13T09:00:00'))).toBe(
      'on_track',
    )
  })

  test('is due soon with 2 working days or fewer left', () => {
    expect(actionUrgency({ status: 'assigned', dueAt }, beijing('2026-07-15T09:00:00'))).toBe(
      'due_soon',
    )
    expect(actionUrgency({ status: 'assigned', dueAt }, beijing('2026-07-17T18:00:00'))).toBe(
      'due_soon',
    )
  })

  test('is overdue after the due day and escalated 3 working days later', () => {
    expect(localDate(actionEscalatesAt(dueAt))).toBe('2026-07-22')
    expect(actionUrgency({ status: 'in_progress', dueAt }, beijing('2026-07-18T09:00:00'))).toBe(
      'overdue',
    )
    expect(actionUrgency({ status: 'in_progress', dueAt }, beijing('2026-07-22T20:00:00'))).toBe(
      'overdue',
    )
    expect(actionUrgency({ status: 'in_progress', dueAt }, beijing('2026-07-23T09:00:00'))).toBe(
      'escalate',
    )
  })

  test('tells done on time from done late, whatever the current time', () => {
    const now = beijing('2026-09-01T09:00:00')
    const onTime = { status: 'done' as const, dueAt, doneAt: beijing('2026-07-16T09:00:00') }
    const late = { status: 'done' as const, dueAt, doneAt: beijing('2026-07-20T09:00:00') }
    expect(actionUrgency(onTime, now)).toBe('done')
    expect(actionUrgency(late, now)).toBe('done_late')
  })
})

describe('call-back deadlines', () => {
  test('are due 5 working days after the work was reported done', () => {
    const completed = beijing('2026-07-10T16:00:00')
    expect(localDate(callbackDueAt(completed))).toBe('2026-07-17')
    expect(isCallbackOverdue(completed, beijing('2026-07-17T20:00:00'))).toBe(false)
    expect(isCallbackOverdue(completed, beijing('2026-07-18T08:00:00'))).toBe(true)
  })
})
