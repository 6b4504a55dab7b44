/**
 * The meetings module's entry point for routes and other modules: loading a meeting and its scope,
 * the meeting a topic was discussed at (for outcomes), and the use cases, which live in one file per
 * concern (`schedule.ts`, `attendance.ts`, `views.ts`) and are re-exported here.
 */
import { Types, type Connection } from 'mongoose'
import type { MeetingStatus } from '../../../../shared/domain/meeting-rules'
import { meetingModel, toObjectId, type MeetingDoc } from './model'

export { loadMeeting, meetingScope } from './load'

export { cancelMeeting, rescheduleMeeting, scheduleMeeting } from './schedule'
export { checkInToMeeting, recordMinutes, rsvpToMeeting } from './attendance'
export { getMeeting, listMyMeetings, listRoomMeetings } from './views'

export interface TopicMeetingRef {
  id: string
  startsAt: Date
  status: MeetingStatus
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
    .findOne(
      { 'agenda.topicId': toObjectId(topicId), status: { $ne: 'cancelled' } },
      { startsAt: 1, status: 1 },
    )
    .sort({ startsAt: -1 })
    .lean<Pick<MeetingDoc, '_id' | 'startsAt' | 'status'>>()
  if (!meeting) return null
  return { id: String(meeting._id), startsAt: meeting.startsAt, status: meeting.status }
}
