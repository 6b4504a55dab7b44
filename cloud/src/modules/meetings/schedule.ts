/**
 * Scheduling a meeting (安排协商会) with its agenda and invitation list, moving it (调整) and
 * cancelling it. Each use case is one transaction: the meeting, its invites, every agenda topic's
 * transition with its timeline entry (`topic-steps.ts`) and the audit entry commit or vanish together.
 */
import { randomInt } from 'node:crypto'
import { Types, type ClientSession, type Connection } from 'mongoose'
import { canFire } from '../../../../shared/domain/event-guard'
import { canScheduleMeeting } from '../../../../shared/domain/follow-up-guards'
import { MEETING_FORM_LABELS } from '../../../../shared/domain/labels'
import {
  checkMeetingChangeable,
  checkMeetingPlace,
  checkMeetingTime,
  meetingTimes,
} from '../../../../shared/domain/meeting-rules'
import type { GuardContext } from '../../../../shared/domain/topic-rules'
import { DomainError, type ErrorCode } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { announceMeeting, notificationTemplates } from '../notifications/announce'
import { roomModel } from '../org/model'
import { topicModel, type TopicDoc } from '../topics/model'
import { resolveInvites } from './invites'
import { loadMeeting } from './load'
import {
  inviteModel,
  meetingModel,
  toObjectId,
  type MeetingDoc,
  type MeetingPlaceDoc,
} from './model'
import type { RescheduleMeetingBody, ScheduleMeetingBody } from './schema'
import { readTopics, stepTopic } from './topic-steps'

export interface MeetingActor {
  userId: string
  requestId?: string
  ip?: string
}

/** The acting staff member, judged in the meeting's room (`app.authz.guardContext`), and now. */
export interface StaffCall {
  actor: MeetingActor
  ctx: GuardContext
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** The public timeline line of a topic put on (or moved within) a meeting's agenda. */
function whenWhere(meeting: Pick<MeetingDoc, 'title' | 'form' | 'startsAt' | 'place'>): string {
  const where = meeting.place?.address ? `，${meeting.place.address}` : ''
  const when = beijing.format(meeting.startsAt)
  return `${meeting.title}：${when}${where}（${MEETING_FORM_LABELS[meeting.form]}）`
}

function auditView(meeting: Pick<MeetingDoc, 'title' | 'form' | 'startsAt' | 'endsAt' | 'place'>) {
  return {
    title: meeting.title,
    form: meeting.form,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place ?? null,
  }
}

/** The audit entry's unit: the room's unit with its ancestors (root first). */
function auditUnit(where: { unitId: Types.ObjectId; unitAncestors: Types.ObjectId[] }) {
  const id = String(where.unitId)
  return { id, ancestors: where.unitAncestors.map(String).filter((unit) => unit !== id) }
}

function samePlace(a?: MeetingPlaceDoc, b?: MeetingPlaceDoc): boolean {
  return a?.address === b?.address && a?.lat === b?.lat && a?.lng === b?.lng
}

function agendaTopicIds(meeting: MeetingDoc): Types.ObjectId[] {
  return meeting.agenda.map((item) => item.topicId)
}

/** The invitations to answer (walk-ins are not invitations), read in the session. */
function invitesOf(db: Connection, session: ClientSession, meeting: MeetingDoc) {
  return inviteModel(db)
    .find(
      { meetingId: meeting._id, kind: { $ne: 'resident_walk_in' } },
      { userId: 1, departmentUnitId: 1 },
    )
    .session(session)
    .lean()
}

function failIf(code: ErrorCode | null) {
  if (code) throw new DomainError(code)
}

export async function scheduleMeeting(
  db: Connection,
  call: StaffCall,
  roomId: string,
  body: ScheduleMeetingBody,
): Promise<MeetingDoc> {
  const { actor, ctx } = call
  const now = ctx.now
  const startsAt = new Date(body.startsAt)
  const endsAt = body.endsAt ? new Date(body.endsAt) : undefined
  failIf(checkMeetingTime(startsAt, endsAt, now))
  failIf(checkMeetingPlace(body.form, body.place, body.onlineUrl))
  const room = await roomModel(db)
    .findById(toObjectId(roomId), { unitId: 1, unitAncestors: 1 })
    .lean()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  const topicIds = body.topicIds.map(toObjectId)
  const found = await topicModel(db)
    .find({ _id: { $in: topicIds } }, { roomId: 1 })
    .lean<Array<Pick<TopicDoc, '_id' | 'roomId'>>>()
  if (found.length !== topicIds.length) throw new DomainError('NOT_FOUND', '找不到议程中的议题')
  if (found.some((topic) => String(topic.roomId) !== roomId)) {
    throw new DomainError('MEETING_TOPIC_NOT_IN_ROOM')
  }
  const invites = await resolveInvites(db, body.invites)
  const times = meetingTimes(startsAt, endsAt)
  const meetingId = new Types.ObjectId()
  const meeting = {
    _id: meetingId,
    roomId: room._id,
    unitId: room.unitId,
    unitAncestors: room.unitAncestors,
    title: body.title.trim(),
    form: body.form,
    ...times,
    place: body.place,
    onlineUrl: body.onlineUrl,
    agenda: topicIds.map((topicId, index) => ({
      topicId,
      order: index + 1,
      note: body.agendaNotes?.[String(topicId)] || undefined,
    })),
    status: 'scheduled' as const,
    // Uniform over 000000–999999; guessing is bounded by the check-in route's rate limit.
    checkinCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    allowWalkIn: body.allowWalkIn ?? true,
    createdBy: toObjectId(actor.userId),
    version: 0,
  }
  await db.transaction(async (session) => {
    const announced = await announceMeeting(db, notificationTemplates(db), session, {
      meeting,
      change: 'scheduled',
      version: meeting.version,
      invites,
      actorId: actor.userId,
      at: now,
    })
    const topics = await readTopics(db, session, topicIds)
    if (topics.length !== topicIds.length) throw new DomainError('NOT_FOUND', '找不到议程中的议题')
    for (const topic of topics) {
      await stepTopic(db, session, {
        topic,
        event: 'schedule_meeting',
        actorId: actor.userId,
        guard: (facts) => canScheduleMeeting(facts, ctx, { startsAt }),
        note: whenWhere(meeting),
        data: { meetingId: String(meetingId), startsAt, form: body.form },
        now,
        announced,
      })
    }
    await meetingModel(db).create([meeting], { session })
    if (invites.length > 0) {
      await inviteModel(db).insertMany(
        invites.map((invite) => ({ ...invite, meetingId, rsvp: 'pending' })),
        { session },
      )
    }
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'meeting.schedule',
        target: { kind: 'meeting', id: String(meetingId) },
        unit: auditUnit(room),
        after: { ...auditView(meeting), topicIds: body.topicIds, invites: invites.length },
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  return loadMeeting(db, String(meetingId))
}

export async function rescheduleMeeting(
  db: Connection,
  call: StaffCall,
  meetingId: string,
  body: RescheduleMeetingBody,
): Promise<MeetingDoc> {
  const { actor, ctx } = call
  const now = ctx.now
  const meeting = await loadMeeting(db, meetingId)
  failIf(checkMeetingChangeable(meeting))
  const startsAt = body.startsAt ? new Date(body.startsAt) : meeting.startsAt
  // Moving the start keeps the meeting's length unless a new end is given.
  const endsAt = body.endsAt
    ? new Date(body.endsAt)
    : new Date(startsAt.getTime() + (meeting.endsAt.getTime() - meeting.startsAt.getTime()))
  const form = body.form ?? meeting.form
  const place = body.place ?? meeting.place
  const onlineUrl = body.onlineUrl ?? meeting.onlineUrl
  if (body.startsAt || body.endsAt) failIf(checkMeetingTime(startsAt, endsAt, now))
  failIf(checkMeetingPlace(form, place, onlineUrl))
  const moved =
    startsAt.getTime() !== meeting.startsAt.getTime() ||
    endsAt.getTime() !== meeting.endsAt.getTime() ||
    form !== meeting.form ||
    !samePlace(place, meeting.place) ||
    onlineUrl !== meeting.onlineUrl
  const set = {
    title: body.title?.trim() ?? meeting.title,
    form,
    ...meetingTimes(startsAt, endsAt),
    allowWalkIn: body.allowWalkIn ?? meeting.allowWalkIn,
    ...(place ? { place } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
  }
  await db.transaction(async (session) => {
    const updated = await meetingModel(db).updateOne(
      { _id: meeting._id, version: meeting.version, status: 'scheduled' },
      { $set: set, $inc: { version: 1 } },
      { session },
    )
    if (updated.matchedCount !== 1) throw new DomainError('CONFLICT')
    if (moved) {
      const announced = await announceMeeting(db, notificationTemplates(db), session, {
        meeting: { ...meeting, ...set },
        change: 'moved',
        version: meeting.version + 1,
        invites: await invitesOf(db, session, meeting),
        actorId: actor.userId,
        at: now,
      })
      const topics = await readTopics(db, session, agendaTopicIds(meeting))
      for (const topic of topics.filter((t) => t.state === 'meeting_scheduled')) {
        await stepTopic(db, session, {
          topic,
          event: 'reschedule_meeting',
          actorId: actor.userId,
          guard: (facts) => canScheduleMeeting(facts, ctx, { startsAt }),
          note: whenWhere(set),
          data: { meetingId, startsAt, form },
          now,
          announced,
        })
      }
      // Answers were given for the old time and place: everyone is asked again.
      await inviteModel(db).updateMany(
        { meetingId: meeting._id, kind: { $ne: 'resident_walk_in' } },
        { $set: { rsvp: 'pending' }, $unset: { rsvpAt: 1, rsvpBy: 1 } },
        { session },
      )
    }
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'meeting.reschedule',
        target: { kind: 'meeting', id: meetingId },
        unit: auditUnit(meeting),
        before: auditView(meeting),
        after: auditView(set),
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  return loadMeeting(db, meetingId)
}

export async function cancelMeeting(
  db: Connection,
  call: StaffCall,
  meetingId: string,
  reason: string,
): Promise<MeetingDoc> {
  const { actor, ctx } = call
  const now = ctx.now
  const why = reason.trim()
  if (!why) throw new DomainError('REASON_REQUIRED', '请说明取消协商会的原因')
  const meeting = await loadMeeting(db, meetingId)
  failIf(checkMeetingChangeable(meeting))
  await db.transaction(async (session) => {
    const updated = await meetingModel(db).updateOne(
      { _id: meeting._id, version: meeting.version, status: 'scheduled' },
      {
        $set: { status: 'cancelled', cancelledAt: now, cancelReason: why },
        $inc: { version: 1 },
      },
      { session },
    )
    if (updated.matchedCount !== 1) throw new DomainError('CONFLICT')
    const announced = await announceMeeting(db, notificationTemplates(db), session, {
      meeting,
      change: 'cancelled',
      version: meeting.version + 1,
      invites: await invitesOf(db, session, meeting),
      reason: why,
      actorId: actor.userId,
      at: now,
    })
    const topics = await readTopics(db, session, agendaTopicIds(meeting))
    for (const topic of topics.filter((t) => t.state === 'meeting_scheduled')) {
      await stepTopic(db, session, {
        topic,
        event: 'cancel_meeting',
        actorId: actor.userId,
        guard: (facts) => canFire(facts, 'cancel_meeting', ctx),
        note: `协商会“${meeting.title}”已取消：${why}`,
        data: { meetingId },
        now,
        announced,
      })
    }
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'meeting.cancel',
        target: { kind: 'meeting', id: meetingId },
        unit: auditUnit(meeting),
        before: { status: meeting.status },
        after: { status: 'cancelled', reason: why },
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  return loadMeeting(db, meetingId)
}
