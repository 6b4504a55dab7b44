import {
  checkCheckinOpen,
  checkMeetingChangeable,
  checkMeetingPlace,
  checkMeetingTime,
  checkMinutesAllowed,
  checkRsvpOpen,
  isCheckinCode,
  meetingTimes,
  type MeetingFacts,
} from '../../../shared/domain/meeting-rules'

const HOUR = 3600_000
const start = new Date('2030-05-20T02:00:00Z') // 10:00 in Beijing
const at = (offsetHours: number) => new Date(start.getTime() + offsetHours * HOUR)

function facts(status: MeetingFacts['status'] = 'scheduled', endsAt?: Date): MeetingFacts {
  const times = meetingTimes(start, endsAt)
  return { status, ...times }
}

describe('meeting rules', () => {
  it('defaults a meeting to two hours and opens check-in an hour before to two hours after the start', () => {
    const times = meetingTimes(start)
    expect(times.endsAt).toEqual(at(2))
    expect(times.checkinOpensAt).toEqual(at(-1))
    expect(times.checkinClosesAt).toEqual(at(2))
  })

  it('keeps check-in open until the end of a meeting longer than two hours', () => {
    expect(meetingTimes(start, at(4)).checkinClosesAt).toEqual(at(4))
    expect(meetingTimes(start, at(1)).checkinClosesAt).toEqual(at(2))
  })

  it('refuses a start that is not in the future, and an end not after the start or a day later', () => {
    expect(checkMeetingTime(start, undefined, at(0))).toBe('MEETING_IN_PAST')
    expect(checkMeetingTime(start, undefined, at(1))).toBe('MEETING_IN_PAST')
    expect(checkMeetingTime(start, at(0), at(-1))).toBe('MEETING_TIME_INVALID')
    expect(checkMeetingTime(start, at(25), at(-1))).toBe('MEETING_TIME_INVALID')
    expect(checkMeetingTime(start, at(3), at(-1))).toBeNull()
  })

  it('needs an address for on-site, field and room meetings and a link for online ones', () => {
    expect(checkMeetingPlace('field', { address: '村东头稻田' }, undefined)).toBeNull()
    expect(checkMeetingPlace('on_site', { address: '  ' }, undefined)).toBe(
      'MEETING_PLACE_REQUIRED',
    )
    expect(checkMeetingPlace('room', undefined, 'https://x.cn')).toBe('MEETING_PLACE_REQUIRED')
    expect(checkMeetingPlace('online', undefined, 'https://x.cn')).toBeNull()
    expect(checkMeetingPlace('online', { address: '议事室' }, undefined)).toBe(
      'MEETING_PLACE_REQUIRED',
    )
  })

  it('allows check-in only within the window and never for a cancelled meeting', () => {
    expect(checkCheckinOpen(facts(), at(-1.01))).toBe('CHECKIN_CLOSED')
    expect(checkCheckinOpen(facts(), at(-1))).toBeNull()
    expect(checkCheckinOpen(facts(), at(1.5))).toBeNull()
    expect(checkCheckinOpen(facts('held'), at(1.5))).toBeNull()
    expect(checkCheckinOpen(facts(), at(2.01))).toBe('CHECKIN_CLOSED')
    expect(checkCheckinOpen(facts('cancelled'), at(0))).toBe('MEETING_CANCELLED')
  })

  it('takes answers until the start only', () => {
    expect(checkRsvpOpen(facts(), at(-0.1))).toBeNull()
    expect(checkRsvpOpen(facts(), at(0))).toBe('RSVP_CLOSED')
    expect(checkRsvpOpen(facts('held'), at(-1))).toBe('RSVP_CLOSED')
    expect(checkRsvpOpen(facts('cancelled'), at(-1))).toBe('MEETING_CANCELLED')
  })

  it('takes minutes once the meeting has started, and changes only while scheduled', () => {
    expect(checkMinutesAllowed(facts(), at(-0.1))).toBe('MEETING_NOT_STARTED')
    expect(checkMinutesAllowed(facts(), at(0))).toBeNull()
    expect(checkMinutesAllowed(facts('held'), at(5))).toBeNull()
    expect(checkMinutesAllowed(facts('cancelled'), at(5))).toBe('MEETING_CANCELLED')
    expect(checkMeetingChangeable({ status: 'scheduled' })).toBeNull()
    expect(checkMeetingChangeable({ status: 'held' })).toBe('MEETING_NOT_SCHEDULED')
    expect(checkMeetingChangeable({ status: 'cancelled' })).toBe('MEETING_NOT_SCHEDULED')
  })

  it('recognises six-digit check-in codes only', () => {
    expect(isCheckinCode('012345')).toBe(true)
    expect(isCheckinCode('12345')).toBe(false)
    expect(isCheckinCode('1234567')).toBe(false)
    expect(isCheckinCode('12a456')).toBe(false)
  })
})
