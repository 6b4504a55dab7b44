// Meetings as the room's staff run them: scheduling one on consultation topics, the room's meetings,
// the staff view of one (check-in code, who checked in) and recording the minutes with attendance.
import type {
  InvitableKind,
  InviteKind,
  MeetingStatus,
  RsvpAnswer,
} from '@shared/domain/meeting-rules'
import type { TopicState } from '@shared/domain/topic-machine'
import type { MeetingForm } from '@shared/domain/types'
import { request } from './request'

const enc = encodeURIComponent

export const MEETING_PAGE = '/pages/meeting/index'

export function meetingPageUrl(id: string): string {
  return `${MEETING_PAGE}?id=${enc(id)}`
}

export const INVITE_KIND_LABELS: Record<InviteKind, string> = {
  member: '政协委员',
  department: '职能部门',
  resident_rep: '群众代表',
  expert: '专家',
  other: '其他',
  resident_walk_in: '现场群众',
}

export const RSVP_LABELS: Record<RsvpAnswer, string> = {
  pending: '未回复',
  accepted: '参加',
  declined: '不参加',
}

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: '已安排',
  cancelled: '已取消',
  held: '已召开',
}

/** One invitation in the schedule body. */
export interface InviteInput {
  kind: InvitableKind
  userId?: string
  departmentUnitId?: string
  name?: string
  phone?: string
}

/** POST /api/rooms/{roomId}/meetings body. */
export interface ScheduleBody {
  title: string
  form: MeetingForm
  startsAt: string
  endsAt?: string
  place?: { address: string }
  onlineUrl?: string
  allowWalkIn?: boolean
  topicIds: string[]
  invites: InviteInput[]
}

export interface MeetingSummary {
  id: string
  roomId: string
  title: string
  form: MeetingForm
  startsAt: string
  endsAt: string
  place?: { address: string; lat?: number; lng?: number }
  status: MeetingStatus
  topicCount: number
}

export interface MeetingInvite {
  id: string
  kind: InviteKind
  name: string
  userId?: string
  departmentUnitId?: string
  rsvp: RsvpAnswer
  attended?: boolean
  realName?: string
  phone?: string
  checkedInAt?: string
  officers?: Array<{ id: string; displayName: string }>
}

/** GET /api/meetings/{id} as room staff see it (checkinCode present for them only). */
export interface StaffMeetingView extends MeetingSummary {
  checkinOpensAt: string
  checkinClosesAt: string
  allowWalkIn: boolean
  agenda: Array<{ topicId: string; order: number; note?: string; title: string; state: TopicState }>
  invites: MeetingInvite[]
  counts: {
    invited: number
    accepted: number
    declined: number
    checkedIn: number
    walkIns: number
  }
  minutes?: { text: string; recordedAt: string }
  cancelledAt?: string
  cancelReason?: string
  onlineUrl?: string
  checkinCode?: string
  canManage: boolean
}

export function scheduleMeeting(roomId: string, body: ScheduleBody): Promise<StaffMeetingView> {
  return request<StaffMeetingView>(`/api/rooms/${enc(roomId)}/meetings`, {
    method: 'POST',
    data: { ...body },
  })
}

export async function fetchRoomMeetings(roomId: string): Promise<MeetingSummary[]> {
  const body = await request<{ items: MeetingSummary[] }>(`/api/rooms/${enc(roomId)}/meetings`)
  return body.items
}

export function fetchMeetingForStaff(id: string): Promise<StaffMeetingView> {
  return request<StaffMeetingView>(`/api/meetings/${enc(id)}`)
}

/** PUT /api/meetings/{id}/minutes body: marks the meeting held. */
export interface MinutesBody {
  text: string
  attendance?: Array<{ inviteId: string; attended: boolean }>
}

export function recordMinutes(id: string, body: MinutesBody): Promise<StaffMeetingView> {
  return request<StaffMeetingView>(`/api/meetings/${enc(id)}/minutes`, {
    method: 'PUT',
    data: { ...body },
  })
}
