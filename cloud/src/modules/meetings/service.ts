/**
 * The meetings module's entry point for routes and other modules: loading a meeting and its scope,
 * the meeting a topic was discussed at (for outcomes), and the use cases, which live in one file per
 * concern (`schedule.ts`, `attendance.ts`, `views.ts`) and are re-exported here.
 */
import { Types, type Connection } from 'mongoose'
import type { MeetingStatus } from '../../../../shared/domain/meeting-rules'
import { meetingModel, toObjectId, type MeetingDoc } from './model'
import type { MeetingSummary } from './schema'
import { summaryOf } from './views'

export { loadMeeting, meetingScope } from './load'

export { cancelMeeting, rescheduleMeeting, scheduleMeeting } from './schedule'
export { checkInToMeeting, recordMinutes, rsvpToMeeting } from './attendance'
export { getMeeting, listMyMeetings, listRoomMeetings } from './views'

export interface TopicMeetingRef {
  id: string
  startsAt: Date
  status: MeetingStatus
}

/** Where a topic's current meeting is looked up (index `{ 'agenda.topicId': 1, startsAt: -1 }`). */
function liveMeetingsFor(topicId: Types.ObjectId) {
  return { 'agenda.topicId': topicId, status: { $ne: 'cancelled' as const } }
}

/**
 * The latest meeting (by start time) whose agenda includes the topic, ignoring cancelled ones: a
 * cancelled meeting sent the topic back to consultation, so it is not where the topic was discussed.
 * `status` tells the caller whether the minutes were recorded ('held') or it is still 'scheduled';
 * outcomes compare `startsAt` with now (`canPublishOutcome`). Null when the topic was never put on a
 * (live) agenda.
 */
export async function findHeldMeetingForTopic(
  db: Connection,
  topicId: string,
): Promise<TopicMeetingRef | null> {
  if (!Types.ObjectId.isValid(topicId)) return null
  const meeting = await meetingModel(db)
    .findOne(liveMeetingsFor(toObjectId(topicId)), { startsAt: 1, status: 1 })
    .sort({ startsAt: -1 })
    .lean<Pick<MeetingDoc, '_id' | 'startsAt' | 'status'>>()
  if (!meeting) return null
  return { id: String(meeting._id), startsAt: meeting.startsAt, status: meeting.status }
}

/**
 * The topic's current meeting for its view, as the public meeting summary: the same meeting as
 * `findHeldMeetingForTopic` (the latest not-cancelled one with the topic on its agenda). Null before
 * the topic is put on an agenda, and again once its only meeting is cancelled.
 */
export async function findTopicMeeting(
  db: Connection,
  topicId: Types.ObjectId,
): Promise<MeetingSummary | null> {
  const meeting = await meetingModel(db)
    .findOne(liveMeetingsFor(topicId), SUMMARY_FIELDS)
    .sort({ startsAt: -1 })
    .lean<MeetingDoc>()
  return meeting ? summaryOf(meeting) : null
}

/** The fields `summaryOf` reads (not the invitees' check-in code or the minutes). */
const SUMMARY_FIELDS = {
  roomId: 1,
  title: 1,
  form: 1,
  startsAt: 1,
  endsAt: 1,
  place: 1,
  status: 1,
  agenda: 1,
} as const
