/**
 * Loading a meeting, and where it sits (for `access.scoped` resolvers and guard contexts).
 */
import { Types, type Connection } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { meetingModel, toObjectId, type MeetingDoc } from './model'

/** Loads a meeting or throws MEETING_NOT_FOUND (also for ids that are not ObjectIds). */
export async function loadMeeting(db: Connection, id: string): Promise<MeetingDoc> {
  if (!Types.ObjectId.isValid(id)) throw new DomainError('MEETING_NOT_FOUND')
  const meeting = await meetingModel(db).findById(toObjectId(id)).lean<MeetingDoc>()
  if (!meeting) throw new DomainError('MEETING_NOT_FOUND')
  return meeting
}

/** Where a meeting sits, for `access.scoped` resolvers. */
export async function meetingScope(db: Connection, id: string): Promise<ResourceScope> {
  if (!Types.ObjectId.isValid(id)) throw new DomainError('MEETING_NOT_FOUND')
  const meeting = await meetingModel(db)
    .findById(toObjectId(id), { roomId: 1, unitId: 1 })
    .lean<Pick<MeetingDoc, '_id' | 'roomId' | 'unitId'>>()
  if (!meeting) throw new DomainError('MEETING_NOT_FOUND')
  return { roomId: String(meeting.roomId), unitId: String(meeting.unitId) }
}
