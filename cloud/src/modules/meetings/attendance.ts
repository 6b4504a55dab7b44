/**
 * Taking part: invitees answer (RSVP), people in the room check in with the code the convener shows,
 * and the convener records the minutes with the final attendance, which marks the meeting held.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Connection } from 'mongoose'
import {
  checkCheckinOpen,
  checkMinutesAllowed,
  checkRsvpOpen,
} from '../../../../shared/domain/meeting-rules'
import type { UserAccess } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { findMyInvite } from './invites'
import { loadMeeting } from './load'
import { inviteModel, meetingModel, toObjectId, type InviteDoc, type MeetingDoc } from './model'
import type { MeetingActor } from './schedule'
import type { CheckinResult, MinutesBody, RsvpResult } from './schema'
import { myInviteOf } from './views'

/** The caller's invitation, or NOT_INVITED. Walk-in entries are not invitations to answer. */
async function requireInvite(db: Connection, meeting: MeetingDoc, access: UserAccess) {
  const invite = await findMyInvite(db, meeting._id, access)
  if (!invite || invite.kind === 'resident_walk_in') throw new DomainError('NOT_INVITED')
  return invite
}

export async function rsvpToMeeting(
  db: Connection,
  access: UserAccess,
  meetingId: string,
  answer: 'accepted' | 'declined',
  now: Date,
): Promise<RsvpResult> {
  const meeting = await loadMeeting(db, meetingId)
  const invite = await requireInvite(db, meeting, access)
  const closed = checkRsvpOpen(meeting, now)
  if (closed) throw new DomainError(closed)
  const set: Record<string, unknown> = { rsvp: answer, rsvpAt: now }
  // A department officer answers for the department: remember who.
  if (!invite.userId) set.rsvpBy = toObjectId(access.userId)
  const updated = await inviteModel(db)
    .findOneAndUpdate({ _id: invite._id }, { $set: set }, { returnDocument: 'after' })
    .lean<InviteDoc>()
  if (!updated) throw new DomainError('NOT_INVITED')
  // notify: the convener when an invitee declines (so they can find a substitute)
  return { meetingId, invite: myInviteOf(updated) }
}

function sameCode(given: string, stored: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(stored)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Check in with the code. Invitees (or an officer of an invited department) are marked present;
 * other residents are added as walk-ins when the meeting allows them. A second check-in answers with
 * the first one (`alreadyCheckedIn`).
 */
export async function checkInToMeeting(
  db: Connection,
  access: UserAccess,
  meetingId: string,
  code: string,
  now: Date,
): Promise<CheckinResult> {
  const meeting = await loadMeeting(db, meetingId)
  const invite = await findMyInvite(db, meeting._id, access)
  if (!invite && !meeting.allowWalkIn) throw new DomainError('NOT_INVITED')
  const closed = checkCheckinOpen(meeting, now)
  if (closed) throw new DomainError(closed)
  if (!sameCode(code, meeting.checkinCode)) throw new DomainError('CHECKIN_CODE_INVALID')
  const Invites = inviteModel(db)
  const userId = toObjectId(access.userId)
  if (invite?.checkedInAt) {
    return { meetingId, invite: myInviteOf(invite), alreadyCheckedIn: true }
  }
  if (invite) {
    const updated = await Invites.findOneAndUpdate(
      { _id: invite._id, checkedInAt: { $exists: false } },
      { $set: { checkedInAt: now, checkedInBy: userId, attended: true } },
      { returnDocument: 'after' },
    ).lean<InviteDoc>()
    // Someone (another officer of the department) checked it in a moment earlier.
    if (!updated) return checkInAgain(db, meetingId, invite)
    return { meetingId, invite: myInviteOf(updated), alreadyCheckedIn: false }
  }
  try {
    const [created] = await Invites.create([
      {
        meetingId: meeting._id,
        kind: 'resident_walk_in',
        userId,
        rsvp: 'accepted',
        rsvpAt: now,
        checkedInAt: now,
        checkedInBy: userId,
        attended: true,
      },
    ])
    return { meetingId, invite: myInviteOf(created.toObject()), alreadyCheckedIn: false }
  } catch (error) {
    // Two check-ins at once from the same person: the unique (meetingId, userId) index kept one.
    if ((error as { code?: number }).code !== 11000) throw error
    const existing = await Invites.findOne({ meetingId: meeting._id, userId }).lean<InviteDoc>()
    if (!existing) throw error
    return { meetingId, invite: myInviteOf(existing), alreadyCheckedIn: true }
  }
}

async function checkInAgain(
  db: Connection,
  meetingId: string,
  invite: InviteDoc,
): Promise<CheckinResult> {
  const current = await inviteModel(db).findById(invite._id).lean<InviteDoc>()
  return { meetingId, invite: myInviteOf(current ?? invite), alreadyCheckedIn: true }
}

export interface MinutesCall {
  actor: MeetingActor
  now: Date
}

/**
 * Record (or correct) the minutes once the meeting has started; marks it held. Attendance given here
 * wins; anyone else who checked in attended, and anyone who did not is recorded absent.
 */
export async function recordMinutes(
  db: Connection,
  call: MinutesCall,
  meetingId: string,
  body: MinutesBody,
): Promise<MeetingDoc> {
  const { actor, now } = call
  const meeting = await loadMeeting(db, meetingId)
  const refused = checkMinutesAllowed(meeting, now)
  if (refused === 'MEETING_NOT_STARTED') {
    throw new DomainError(refused, '协商会尚未开始，不能记录会议纪要')
  }
  if (refused) throw new DomainError(refused)
  const text = body.text.trim()
  if (!text) throw new DomainError('VALIDATION_FAILED', '请填写会议纪要')
  const attendance = new Map((body.attendance ?? []).map((a) => [a.inviteId, a.attended]))
  const Invites = inviteModel(db)
  if (attendance.size > 0) {
    const known = await Invites.countDocuments({
      meetingId: meeting._id,
      _id: { $in: [...attendance.keys()].map(toObjectId) },
    })
    if (known !== attendance.size) throw new DomainError('MEETING_INVITE_NOT_FOUND')
  }
  await db.transaction(async (session) => {
    const updated = await meetingModel(db).updateOne(
      { _id: meeting._id, version: meeting.version, status: { $ne: 'cancelled' } },
      {
        $set: {
          status: 'held',
          minutes: { text, recordedAt: now, recordedBy: toObjectId(actor.userId) },
        },
        $inc: { version: 1 },
      },
      { session },
    )
    if (updated.matchedCount !== 1) throw new DomainError('CONFLICT')
    for (const [inviteId, attended] of attendance) {
      await Invites.updateOne({ _id: toObjectId(inviteId) }, { $set: { attended } }, { session })
    }
    await Invites.updateMany(
      { meetingId: meeting._id, attended: { $exists: false }, checkedInAt: { $exists: true } },
      { $set: { attended: true } },
      { session },
    )
    await Invites.updateMany(
      { meetingId: meeting._id, attended: { $exists: false } },
      { $set: { attended: false } },
      { session },
    )
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'meeting.minutes',
        target: { kind: 'meeting', id: meetingId },
        unit: {
          id: String(meeting.unitId),
          ancestors: meeting.unitAncestors
            .map(String)
            .filter((id) => id !== String(meeting.unitId)),
        },
        before: { status: meeting.status, minutes: meeting.minutes?.text ?? null },
        after: {
          status: 'held',
          minutes: text,
          attendance: Object.fromEntries(attendance),
        },
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  return loadMeeting(db, meetingId)
}
