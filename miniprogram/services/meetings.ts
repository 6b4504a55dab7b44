/**
 * Consultation meetings (协商会) as the mini program sees them: the meeting page (GET
 * /api/meetings/:id), my invitations (GET /api/me/meetings), answering (RSVP) and checking in with
 * the code shown in the room. Types mirror `cloud/src/modules/meetings/schema.ts`.
 */
import type { InviteKind, MeetingStatus, RsvpAnswer } from '@shared/domain/meeting-rules'
import type { TopicState } from '@shared/domain/topic-machine'
import type { MeetingForm } from '@shared/domain/types'
import { request } from './request'
import { inBeijing } from './beijing-time'

export const MEETING_PAGE = '/pages/meeting/index'
export const MINUTES_PAGE = '/staff/minutes/index'

export function meetingPageUrl(id: string): string {
  return `${MEETING_PAGE}?id=${encodeURIComponent(id)}`
}

export function minutesPageUrl(id: string): string {
  return `${MINUTES_PAGE}?id=${encodeURIComponent(id)}`
}

export interface MeetingPlace {
  address: string
  lat?: number
  lng?: number
}

export interface AgendaItem {
  topicId: string
  order: number
  note?: string
  title: string
  state: TopicState
}

export interface InviteView {
  id: string
  kind: InviteKind
  /** Account holders: display name; others: the name (masked for the public); departments: its name. */
  name: string
  userId?: string
  departmentUnitId?: string
  rsvp: RsvpAnswer
  attended?: boolean
  // Staff only:
  realName?: string
  phone?: string
  checkedInAt?: string
  officers?: { id: string; displayName: string }[]
}

/** The caller's own invitation (or their department's). */
export interface MyInvite {
  id: string
  kind: InviteKind
  rsvp: RsvpAnswer
  rsvpAt?: string
  checkedInAt?: string
  departmentUnitId?: string
}

export interface MeetingCounts {
  invited: number
  accepted: number
  declined: number
  checkedIn: number
  walkIns: number
}

export interface MeetingSummary {
  id: string
  roomId: string
  title: string
  form: MeetingForm
  startsAt: string
  endsAt: string
  place?: MeetingPlace
  status: MeetingStatus
  topicCount: number
}

export interface MeetingView extends MeetingSummary {
  checkinOpensAt: string
  checkinClosesAt: string
  allowWalkIn: boolean
  agenda: AgendaItem[]
  invites: InviteView[]
  counts: MeetingCounts
  minutes?: { text: string; recordedAt: string }
  cancelledAt?: string
  cancelReason?: string
  /** Invitees and staff only. */
  onlineUrl?: string
  /** The caller's own invitation, when signed in and invited. */
  myInvite?: MyInvite
  /** Room staff (meeting.schedule) only. */
  checkinCode?: string
  canManage: boolean
}

export interface MyMeetingItem extends MeetingSummary {
  myInvite: MyInvite
}

export interface CheckinResult {
  meetingId: string
  invite: MyInvite
  alreadyCheckedIn: boolean
}

export interface RsvpResult {
  meetingId: string
  invite: MyInvite
}

const path = (id: string) => `/api/meetings/${encodeURIComponent(id)}`

/** Public, but sent with the login when there is one: invitees then get `myInvite`, staff the code. */
export function fetchMeeting(id: string): Promise<MeetingView> {
  return request<MeetingView>(path(id))
}

export async function listMyMeetings(): Promise<MyMeetingItem[]> {
  const { items } = await request<{ items: MyMeetingItem[] }>('/api/me/meetings')
  return items
}

export function answerInvitation(id: string, answer: 'accepted' | 'declined'): Promise<RsvpResult> {
  return request<RsvpResult>(`${path(id)}/rsvp`, { method: 'POST', data: { answer } })
}

export function checkInToMeeting(id: string, code: string): Promise<CheckinResult> {
  return request<CheckinResult>(`${path(id)}/checkin`, { method: 'POST', data: { code } })
}

/** Whether invitees may still answer: a scheduled meeting that has not started. */
export function rsvpOpen(meeting: MeetingSummary, now: Date): boolean {
  return meeting.status === 'scheduled' && now.getTime() < new Date(meeting.startsAt).getTime()
}

/** Whether the check-in window is open now (a held meeting still takes late check-ins). */
export function checkinOpen(meeting: MeetingView, now: Date): boolean {
  if (meeting.status === 'cancelled') return false
  const t = now.getTime()
  return (
    t >= new Date(meeting.checkinOpensAt).getTime() &&
    t <= new Date(meeting.checkinClosesAt).getTime()
  )
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** 14:05 in Beijing time. */
export function clockText(iso: string): string {
  const date = inBeijing(iso)
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}

/** 6月30日（周一） */
export function dayText(iso: string): string {
  const date = inBeijing(iso)
  return `${date.getUTCMonth() + 1}月${date.getUTCDate()}日（周${WEEKDAYS[date.getUTCDay()]}）`
}

/** 6月30日（周一）14:00–16:00, or across days 6月30日（周一）20:00 – 7月1日（周二）02:00. */
export function meetingTimeText(startsAt: string, endsAt: string): string {
  const sameDay = dayText(startsAt) === dayText(endsAt)
  return sameDay
    ? `${dayText(startsAt)} ${clockText(startsAt)}–${clockText(endsAt)}`
    : `${dayText(startsAt)} ${clockText(startsAt)} – ${dayText(endsAt)} ${clockText(endsAt)}`
}
