/**
 * Rules of a consultation meeting (协商会) that do not depend on a topic's state: when it may be held
 * (in the future, ending after it starts), where (a place on site / in the field / in the room, a link
 * online), when invitees may still answer (RSVP) and check in, and when the minutes may be recorded.
 * Topic-state rules (only `consultation` topics can be put on an agenda) stay in the machine and
 * `canScheduleMeeting`. Pure: the service passes `now`; each check returns an error code or null.
 */
import type { MeetingForm } from './types'

export const MEETING_STATUSES = ['scheduled', 'cancelled', 'held'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]

/** Who was invited: one person, a department (its officers answer for it), or a walk-in resident. */
export const INVITE_KINDS = [
  'member', // 政协委员
  'department', // 职能部门: the department is the invitee; its officers RSVP and check in for it
  'resident_rep', // 群众代表
  'expert', // 专家（协商智库）
  'other', // 开发商、物业等其他利益相关方
  'resident_walk_in', // 现场签到的群众（未受邀）; created by check-in only
] as const
export type InviteKind = (typeof INVITE_KINDS)[number]

/** Kinds a convener may put on the invitation list (walk-ins arrive by themselves). */
export const INVITABLE_KINDS = ['member', 'department', 'resident_rep', 'expert', 'other'] as const
export type InvitableKind = (typeof INVITABLE_KINDS)[number]

export const RSVP_ANSWERS = ['pending', 'accepted', 'declined'] as const
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number]

const HOUR = 3600_000

/**
 * Assumptions, not sourced figures: a meeting without an end time is taken to last two hours (the
 * usual length of a 议事 session); check-in opens an hour before the start (people gather early on
 * site) and closes two hours after it, or at the end if the meeting runs longer.
 */
export const MEETING_RULES = {
  defaultDurationMs: 2 * HOUR,
  checkinOpensBeforeMs: 1 * HOUR,
  checkinClosesAfterStartMs: 2 * HOUR,
  /** Meetings longer than this are a typing mistake (a week instead of an afternoon). */
  maxDurationMs: 24 * HOUR,
}

export interface MeetingTimes {
  startsAt: Date
  endsAt: Date
  checkinOpensAt: Date
  checkinClosesAt: Date
}

/** End (defaulted) and the check-in window of a meeting starting at `startsAt`. */
export function meetingTimes(startsAt: Date, endsAt?: Date): MeetingTimes {
  const end = endsAt ?? new Date(startsAt.getTime() + MEETING_RULES.defaultDurationMs)
  const closes = Math.max(
    startsAt.getTime() + MEETING_RULES.checkinClosesAfterStartMs,
    end.getTime(),
  )
  return {
    startsAt,
    endsAt: end,
    checkinOpensAt: new Date(startsAt.getTime() - MEETING_RULES.checkinOpensBeforeMs),
    checkinClosesAt: new Date(closes),
  }
}

/** A meeting is scheduled in the future and ends after it starts, within a day. */
export function checkMeetingTime(startsAt: Date, endsAt: Date | undefined, now: Date) {
  if (startsAt.getTime() <= now.getTime()) return 'MEETING_IN_PAST' as const
  if (endsAt) {
    const length = endsAt.getTime() - startsAt.getTime()
    if (length <= 0 || length > MEETING_RULES.maxDurationMs) {
      return 'MEETING_TIME_INVALID' as const
    }
  }
  return null
}

/** On-site, field and room meetings need an address; online meetings need a link. */
export function checkMeetingPlace(
  form: MeetingForm,
  place: { address?: string } | undefined,
  onlineUrl: string | undefined,
) {
  if (form === 'online') return onlineUrl?.trim() ? null : ('MEETING_PLACE_REQUIRED' as const)
  return place?.address?.trim() ? null : ('MEETING_PLACE_REQUIRED' as const)
}

export interface MeetingFacts {
  status: MeetingStatus
  startsAt: Date
  checkinOpensAt: Date
  checkinClosesAt: Date
}

/** Reschedule or cancel: only a meeting that has not been held or cancelled. */
export function checkMeetingChangeable(meeting: Pick<MeetingFacts, 'status'>) {
  return meeting.status === 'scheduled' ? null : ('MEETING_NOT_SCHEDULED' as const)
}

/** Answer an invitation: until the meeting starts. */
export function checkRsvpOpen(meeting: MeetingFacts, now: Date) {
  if (meeting.status === 'cancelled') return 'MEETING_CANCELLED' as const
  if (meeting.status === 'held' || now.getTime() >= meeting.startsAt.getTime()) {
    return 'RSVP_CLOSED' as const
  }
  return null
}

/** Check in: within the window, unless cancelled (a held meeting still takes late check-ins). */
export function checkCheckinOpen(meeting: MeetingFacts, now: Date) {
  if (meeting.status === 'cancelled') return 'MEETING_CANCELLED' as const
  const t = now.getTime()
  if (t < meeting.checkinOpensAt.getTime() || t > meeting.checkinClosesAt.getTime()) {
    return 'CHECKIN_CLOSED' as const
  }
  return null
}

/** Record the minutes: once the meeting has started, and never for a cancelled one. */
export function checkMinutesAllowed(meeting: MeetingFacts, now: Date) {
  if (meeting.status === 'cancelled') return 'MEETING_CANCELLED' as const
  if (now.getTime() < meeting.startsAt.getTime()) return 'MEETING_NOT_STARTED' as const
  return null
}

/** Six digits, as shown on the convener's screen and typed by people in the room. */
export function isCheckinCode(value: string): boolean {
  return /^\d{6}$/.test(value)
}
