/**
 * What callers see of meetings. The public (and any signed-in resident) sees time, place, agenda,
 * who is invited (display names; names of people without an account masked) and the counts; an
 * invitee also sees the online link and their own answer; staff holding `meeting.schedule` in the
 * room also see the check-in code, phones, real names and the officers of invited departments.
 */
import type { Connection, Types } from 'mongoose'
import { maskName, maskPhone } from '../../../../shared/domain/masking'
import type { MeetingStatus } from '../../../../shared/domain/meeting-rules'
import type { UserAccess } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { roomModel, unitModel } from '../org/model'
import { topicModel, type TopicDoc } from '../topics/model'
import { userModel } from '../users/model'
import { findMyInvite, officerDepartmentIds, officersOf } from './invites'
import { inviteModel, meetingModel, toObjectId, type InviteDoc, type MeetingDoc } from './model'
import type { InviteView, MeetingSummary, MeetingView, MyInvite, MyMeetingItem } from './schema'

export interface Viewer {
  access: UserAccess | null
  /** Holds `meeting.schedule` in the meeting's room. */
  staff: boolean
  /** Holds `pii.read` there: phones and real names unmasked. */
  pii: boolean
}

export function summaryOf(meeting: MeetingDoc): MeetingSummary {
  const summary: MeetingSummary = {
    id: String(meeting._id),
    roomId: String(meeting.roomId),
    title: meeting.title,
    form: meeting.form,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    status: meeting.status,
    topicCount: meeting.agenda.length,
  }
  if (meeting.place) summary.place = meeting.place
  return summary
}

export function myInviteOf(invite: InviteDoc): MyInvite {
  const mine: MyInvite = { id: String(invite._id), kind: invite.kind, rsvp: invite.rsvp }
  if (invite.rsvpAt) mine.rsvpAt = invite.rsvpAt.toISOString()
  if (invite.checkedInAt) mine.checkedInAt = invite.checkedInAt.toISOString()
  if (invite.departmentUnitId) mine.departmentUnitId = String(invite.departmentUnitId)
  return mine
}

type UserRow = { _id: Types.ObjectId; displayName: string; realName?: string; phone?: string }

async function inviteViews(
  db: Connection,
  invites: readonly InviteDoc[],
  viewer: Viewer,
): Promise<InviteView[]> {
  const userIds = invites.flatMap((invite) => (invite.userId ? [invite.userId] : []))
  const departmentIds = invites.flatMap((invite) =>
    invite.departmentUnitId ? [invite.departmentUnitId] : [],
  )
  const [users, departments, officers] = await Promise.all([
    userModel(db)
      .find({ _id: { $in: userIds } }, { displayName: 1, realName: 1, phone: 1 })
      .lean<UserRow[]>(),
    unitModel(db)
      .find({ _id: { $in: departmentIds } }, { name: 1 })
      .lean<Array<{ _id: Types.ObjectId; name: string }>>(),
    viewer.staff ? officersOf(db, departmentIds) : Promise.resolve(null),
  ])
  const userById = new Map(users.map((user) => [String(user._id), user]))
  const unitName = new Map(departments.map((unit) => [String(unit._id), unit.name]))
  const phoneFor = (phone: string) => (viewer.pii ? phone : maskPhone(phone))
  return invites.map((invite) => {
    const user = invite.userId ? userById.get(String(invite.userId)) : undefined
    const departmentId = invite.departmentUnitId ? String(invite.departmentUnitId) : undefined
    let name = user?.displayName ?? (departmentId ? unitName.get(departmentId) : undefined)
    name ??= invite.name ? (viewer.pii ? invite.name : maskName(invite.name)) : '未知'
    const view: InviteView = { id: String(invite._id), kind: invite.kind, name, rsvp: invite.rsvp }
    if (invite.userId) view.userId = String(invite.userId)
    if (departmentId) view.departmentUnitId = departmentId
    if (invite.attended !== undefined && invite.attended !== null) view.attended = invite.attended
    if (!viewer.staff) return view
    const realName = user?.realName
    if (realName) view.realName = viewer.pii ? realName : maskName(realName)
    const phone = invite.phone ?? user?.phone
    if (phone) view.phone = phoneFor(phone)
    if (invite.checkedInAt) view.checkedInAt = invite.checkedInAt.toISOString()
    if (departmentId && officers) view.officers = officers.get(departmentId) ?? []
    return view
  })
}

async function agendaOf(db: Connection, meeting: MeetingDoc) {
  const topics = await topicModel(db)
    .find({ _id: { $in: meeting.agenda.map((item) => item.topicId) } }, { title: 1, state: 1 })
    .lean<Array<Pick<TopicDoc, '_id' | 'title' | 'state'>>>()
  const byId = new Map(topics.map((topic) => [String(topic._id), topic]))
  return [...meeting.agenda]
    .sort((a, b) => a.order - b.order)
    .flatMap((item) => {
      const topic = byId.get(String(item.topicId))
      if (!topic) return []
      return [
        {
          topicId: String(item.topicId),
          order: item.order,
          title: topic.title,
          state: topic.state,
          ...(item.note ? { note: item.note } : {}),
        },
      ]
    })
}

export async function getMeeting(
  db: Connection,
  meeting: MeetingDoc,
  viewer: Viewer,
): Promise<MeetingView> {
  const [invites, agenda, mine] = await Promise.all([
    inviteModel(db).find({ meetingId: meeting._id }).sort({ _id: 1 }).lean<InviteDoc[]>(),
    agendaOf(db, meeting),
    viewer.access ? findMyInvite(db, meeting._id, viewer.access) : Promise.resolve(null),
  ])
  // Walk-in residents are counted, not listed, for anyone but staff.
  const listed = viewer.staff ? invites : invites.filter((i) => i.kind !== 'resident_walk_in')
  const invited = invites.filter((invite) => invite.kind !== 'resident_walk_in')
  const view: MeetingView = {
    ...summaryOf(meeting),
    checkinOpensAt: meeting.checkinOpensAt.toISOString(),
    checkinClosesAt: meeting.checkinClosesAt.toISOString(),
    allowWalkIn: meeting.allowWalkIn,
    agenda,
    invites: await inviteViews(db, listed, viewer),
    counts: {
      invited: invited.length,
      accepted: invited.filter((invite) => invite.rsvp === 'accepted').length,
      declined: invited.filter((invite) => invite.rsvp === 'declined').length,
      checkedIn: invites.filter((invite) => invite.checkedInAt).length,
      walkIns: invites.length - invited.length,
    },
    canManage: viewer.staff,
  }
  if (meeting.minutes) {
    view.minutes = {
      text: meeting.minutes.text,
      recordedAt: meeting.minutes.recordedAt.toISOString(),
    }
  }
  if (meeting.cancelledAt) view.cancelledAt = meeting.cancelledAt.toISOString()
  if (meeting.cancelReason) view.cancelReason = meeting.cancelReason
  if (mine) view.myInvite = myInviteOf(mine)
  if (meeting.onlineUrl && (viewer.staff || mine)) view.onlineUrl = meeting.onlineUrl
  if (viewer.staff) view.checkinCode = meeting.checkinCode
  return view
}

export interface RoomMeetingsQuery {
  from?: string
  to?: string
  status?: MeetingStatus
}

const LIST_LIMIT = 100

/** A room's meetings by start time (at most 100; narrow with from/to). */
export async function listRoomMeetings(
  db: Connection,
  roomId: string,
  query: RoomMeetingsQuery,
): Promise<{ items: MeetingSummary[] }> {
  if (!(await roomModel(db).exists({ _id: toObjectId(roomId) }))) {
    throw new DomainError('ROOM_NOT_FOUND')
  }
  const filter: Record<string, unknown> = { roomId: toObjectId(roomId) }
  const range: Record<string, Date> = {}
  if (query.from) range.$gte = new Date(query.from)
  if (query.to) range.$lte = new Date(query.to)
  if (Object.keys(range).length > 0) filter.startsAt = range
  if (query.status) filter.status = query.status
  const meetings = await meetingModel(db)
    .find(filter)
    .sort({ startsAt: 1 })
    .limit(LIST_LIMIT)
    .lean<MeetingDoc[]>()
  return { items: meetings.map(summaryOf) }
}

/** Meetings I am invited to (myself or through my department), latest first, with my answer. */
export async function listMyMeetings(
  db: Connection,
  access: UserAccess,
): Promise<{ items: MyMeetingItem[] }> {
  const departments = await officerDepartmentIds(db, access)
  const or: Record<string, unknown>[] = [{ userId: toObjectId(access.userId) }]
  if (departments.length > 0) or.push({ departmentUnitId: { $in: departments } })
  const invites = await inviteModel(db)
    .find({ $or: or })
    .sort({ _id: -1 })
    .limit(LIST_LIMIT * 2)
    .lean<InviteDoc[]>()
  // One entry per meeting: my own invitation wins over my department's.
  const byMeeting = new Map<string, InviteDoc>()
  for (const invite of invites) {
    const key = String(invite.meetingId)
    const held = byMeeting.get(key)
    if (!held || (invite.userId && !held.userId)) byMeeting.set(key, invite)
  }
  const meetings = await meetingModel(db)
    .find({ _id: { $in: [...byMeeting.keys()].map(toObjectId) } })
    .sort({ startsAt: -1 })
    .limit(LIST_LIMIT)
    .lean<MeetingDoc[]>()
  return {
    items: meetings.map((meeting) => ({
      ...summaryOf(meeting),
      myInvite: myInviteOf(byMeeting.get(String(meeting._id)) as InviteDoc),
    })),
  }
}
