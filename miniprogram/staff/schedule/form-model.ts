// The schedule form: its draft, the checks mirroring the service's schema and meeting rules, and the
// POST /api/rooms/{roomId}/meetings body (times in Beijing time).
import type { MeetingForm } from '@shared/domain/types'
import type { InviteInput, ScheduleBody } from '@/services/meeting-admin'
import { beijingInstant, textLength } from '@/services/staff'
import type { ScheduleStrings } from './strings'

export type PersonKind = 'resident_rep' | 'expert' | 'other'
export const PERSON_KINDS: readonly PersonKind[] = ['resident_rep', 'expert', 'other']

export interface InvitedPerson {
  key: string
  kind: PersonKind
  name: string
  phone: string
}

export interface ScheduleDraft {
  title: string
  form?: MeetingForm
  /** 'YYYY-MM-DD' (Beijing). */
  date: string
  /** 'HH:mm' (Beijing). */
  time: string
  endTime: string
  address: string
  onlineUrl: string
  allowWalkIn: boolean
  topicIds: string[]
  memberIds: string[]
  departmentIds: string[]
  people: InvitedPerson[]
}

export function emptyDraft(topicIds: string[] = [], title = ''): ScheduleDraft {
  return {
    title,
    date: '',
    time: '',
    endTime: '',
    address: '',
    onlineUrl: '',
    allowWalkIn: true,
    topicIds,
    memberIds: [],
    departmentIds: [],
    people: [],
  }
}

export type ScheduleField = 'topics' | 'title' | 'form' | 'when' | 'end' | 'place'
export type ScheduleProblems = Partial<Record<ScheduleField, string>>

const PHONE = /^[0-9+\- ]{5,20}$/
const MAX_TOPICS = 20

/** The problem with a person about to be added, if any. */
export function personProblem(person: Omit<InvitedPerson, 'key'>, t: ScheduleStrings) {
  const name = textLength(person.name)
  if (name < 1 || name > 40) return t.errName
  if (person.phone.trim() && !PHONE.test(person.phone.trim())) return t.errPhone
  return undefined
}

export function validateSchedule(
  draft: ScheduleDraft,
  t: ScheduleStrings,
  now: Date = new Date(),
): ScheduleProblems {
  const problems: ScheduleProblems = {}
  if (draft.topicIds.length === 0) problems.topics = t.errTopics
  else if (draft.topicIds.length > MAX_TOPICS) problems.topics = t.errTooManyTopics
  const title = textLength(draft.title)
  if (title < 1 || title > 60) problems.title = t.errTitle
  if (!draft.form) problems.form = t.errForm
  if (!draft.date || !draft.time) {
    problems.when = t.errWhen
  } else {
    const start = new Date(beijingInstant(draft.date, draft.time))
    if (start.getTime() <= now.getTime()) problems.when = t.errPast
    if (draft.endTime) {
      const end = new Date(beijingInstant(draft.date, draft.endTime))
      if (end.getTime() <= start.getTime()) problems.end = t.errEnd
    }
  }
  if (draft.form === 'online') {
    if (!/^https:\/\/\S+$/.test(draft.onlineUrl.trim()) || draft.onlineUrl.trim().length > 500) {
      problems.place = t.errUrl
    }
  } else if (draft.form) {
    const place = textLength(draft.address)
    if (place < 1 || place > 120) problems.place = t.errPlace
  }
  return problems
}

export function buildScheduleBody(draft: ScheduleDraft & { form: MeetingForm }): ScheduleBody {
  const invites: InviteInput[] = [
    ...draft.memberIds.map((userId) => ({ kind: 'member' as const, userId })),
    ...draft.departmentIds.map((departmentUnitId) => ({
      kind: 'department' as const,
      departmentUnitId,
    })),
    ...draft.people.map((person) => ({
      kind: person.kind,
      name: person.name.trim(),
      ...(person.phone.trim() ? { phone: person.phone.trim() } : {}),
    })),
  ]
  const body: ScheduleBody = {
    title: draft.title.trim(),
    form: draft.form,
    startsAt: beijingInstant(draft.date, draft.time),
    allowWalkIn: draft.allowWalkIn,
    topicIds: draft.topicIds,
    invites,
  }
  if (draft.endTime) body.endsAt = beijingInstant(draft.date, draft.endTime)
  if (draft.form === 'online') body.onlineUrl = draft.onlineUrl.trim()
  else body.place = { address: draft.address.trim() }
  return body
}

/** Adds or removes `id` from a list (chips that toggle). */
export function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((entry) => entry !== id) : [...list, id]
}
