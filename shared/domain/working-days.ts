/**
 * Working-day arithmetic in local (China) time, for the deadlines of the four-step reply, action items
 * and call-backs. Pure: instants in, instants out; the calendar (UTC offset, public holidays and the
 * weekend make-up working days of 调休) is data passed in, because it changes every year by decree.
 */

export interface WorkCalendar {
  /** Minutes east of UTC; China has one zone and no daylight saving, so 480. */
  utcOffsetMinutes: number
  /** Local dates ('YYYY-MM-DD') that are not working days although they fall on Mon–Fri. */
  holidays: readonly string[]
  /** Local dates that are working days although they fall on Sat/Sun (调休补班). */
  workdays: readonly string[]
}

export const CHINA_CALENDAR: WorkCalendar = { utcOffsetMinutes: 480, holidays: [], workdays: [] }

const DAY_MS = 86_400_000
/** No deadline in this domain is years away; the bound keeps bad input from looping for long. */
const MAX_SCAN_DAYS = 3_660

/** Days since 1970-01-01 in local time. */
function localDayNumber(instant: Date, calendar: WorkCalendar): number {
  return Math.floor((instant.getTime() + calendar.utcOffsetMinutes * 60_000) / DAY_MS)
}

function dayKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
}

function dayNumberIsWorkingDay(dayNumber: number, calendar: WorkCalendar): boolean {
  const key = dayKey(dayNumber)
  if (calendar.workdays.includes(key)) return true
  if (calendar.holidays.includes(key)) return false
  const weekday = (dayNumber + 4) % 7 // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday !== 0 && weekday !== 6
}

/** The last millisecond of a local day, as an instant. */
function endOfDayNumber(dayNumber: number, calendar: WorkCalendar): Date {
  return new Date((dayNumber + 1) * DAY_MS - calendar.utcOffsetMinutes * 60_000 - 1)
}

/** The local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(instant: Date, calendar: WorkCalendar = CHINA_CALENDAR): string {
  return dayKey(localDayNumber(instant, calendar))
}

export function isWorkingDay(instant: Date, calendar: WorkCalendar = CHINA_CALENDAR): boolean {
  return dayNumberIsWorkingDay(localDayNumber(instant, calendar), calendar)
}

/** The last millisecond of the instant's local day. */
export function endOfLocalDay(instant: Date, calendar: WorkCalendar = CHINA_CALENDAR): Date {
  return endOfDayNumber(localDayNumber(instant, calendar), calendar)
}

/**
 * The end of the n-th working day after the instant's local day: "within 3 working days" of a topic
 * raised on Friday means by the end of Wednesday. The start day itself never counts, whatever the
 * hour, so a topic raised at 23:00 gets the same time as one raised at 08:00. n = 0 is the end of
 * the start day.
 */
export function addWorkingDays(
  start: Date,
  workingDays: number,
  calendar: WorkCalendar = CHINA_CALENDAR,
): Date {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`workingDays must be a non-negative integer, got ${workingDays}`)
  }
  let day = localDayNumber(start, calendar)
  let counted = 0
  for (let scanned = 0; counted < workingDays; scanned += 1) {
    if (scanned >= MAX_SCAN_DAYS) throw new RangeError('no working days found in the calendar')
    day += 1
    if (dayNumberIsWorkingDay(day, calendar)) counted += 1
  }
  return endOfDayNumber(day, calendar)
}

/**
 * Working days after `from`'s local day up to and including `to`'s local day (0 when `to` is on or
 * before `from`'s day). "Due in 1 working day" means the deadline is the next working day.
 */
export function workingDaysBetween(
  from: Date,
  to: Date,
  calendar: WorkCalendar = CHINA_CALENDAR,
): number {
  const first = localDayNumber(from, calendar)
  const last = Math.min(localDayNumber(to, calendar), first + MAX_SCAN_DAYS)
  let count = 0
  for (let day = first + 1; day <= last; day += 1) {
    if (dayNumberIsWorkingDay(day, calendar)) count += 1
  }
  return count
}

/** Calendar days (not working days) added to an instant, e.g. for windows counted in natural days. */
export function addDays(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS)
}
