/**
 * `meetings` (协商会: time, place, form, agenda of linked topics, check-in code, minutes) and
 * `meeting_invites` (who is invited, their RSVP, check-in and attendance). The only meetings file
 * importing mongoose. Topic state changes caused by meetings are written to the topics' own
 * collections (see `topic-steps.ts`); nothing about meetings is stored on topics.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose'
import {
  INVITE_KINDS,
  MEETING_STATUSES,
  RSVP_ANSWERS,
  type InviteKind,
  type MeetingStatus,
  type RsvpAnswer,
} from '../../../../shared/domain/meeting-rules'
import { MEETING_FORMS, type MeetingForm } from '../../../../shared/domain/types'

export interface MeetingPlaceDoc {
  address: string
  lat?: number
  lng?: number
}

export interface AgendaItemDoc {
  topicId: Types.ObjectId
  /** 1-based position on the agenda. */
  order: number
  note?: string
}

export interface MinutesDoc {
  text: string
  recordedAt: Date
  recordedBy: Types.ObjectId
}

export interface MeetingDoc {
  _id: Types.ObjectId
  roomId: Types.ObjectId
  unitId: Types.ObjectId
  /** The room's unit and its ancestors, for subtree statistics (meetings held per district…). */
  unitAncestors: Types.ObjectId[]
  title: string
  form: MeetingForm
  startsAt: Date
  endsAt: Date
  /** Required unless online. */
  place?: MeetingPlaceDoc
  /** Required when online; shown to invitees and staff only. */
  onlineUrl?: string
  agenda: AgendaItemDoc[]
  status: MeetingStatus
  /** Six digits shown to the convener, read out in the room; never in a public response. */
  checkinCode: string
  checkinOpensAt: Date
  checkinClosesAt: Date
  /** Residents who were not invited may check in with the code (群众旁听/现场参与). */
  allowWalkIn: boolean
  minutes?: MinutesDoc
  cancelledAt?: Date
  cancelReason?: string
  createdBy: Types.ObjectId
  /** Optimistic concurrency for reschedule / cancel / minutes. */
  version: number
  createdAt: Date
  updatedAt: Date
}

const meetingSchema = new Schema<MeetingDoc>(
  {
    roomId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    title: { type: String, required: true, trim: true, maxlength: 60 },
    form: { type: String, enum: MEETING_FORMS, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    place: {
      type: new Schema<MeetingPlaceDoc>(
        {
          address: { type: String, required: true, maxlength: 120 },
          lat: { type: Number, min: -90, max: 90 },
          lng: { type: Number, min: -180, max: 180 },
        },
        { _id: false },
      ),
    },
    onlineUrl: { type: String, maxlength: 500 },
    agenda: {
      type: [
        new Schema<AgendaItemDoc>(
          {
            topicId: { type: Schema.Types.ObjectId, required: true },
            order: { type: Number, required: true, min: 1 },
            note: { type: String, maxlength: 200 },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    status: { type: String, enum: MEETING_STATUSES, required: true, default: 'scheduled' },
    checkinCode: { type: String, required: true, match: /^\d{6}$/ },
    checkinOpensAt: { type: Date, required: true },
    checkinClosesAt: { type: Date, required: true },
    allowWalkIn: { type: Boolean, default: true },
    minutes: {
      type: new Schema<MinutesDoc>(
        {
          text: { type: String, required: true, maxlength: 20000 },
          recordedAt: { type: Date, required: true },
          recordedBy: { type: Schema.Types.ObjectId, required: true },
        },
        { _id: false },
      ),
    },
    cancelledAt: { type: Date },
    cancelReason: { type: String, maxlength: 500 },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, default: 0 },
  },
  { collection: 'meetings', versionKey: false, timestamps: true },
)
// A room's meetings in a time range (`GET /api/rooms/:roomId/meetings?from&to`), by start time.
meetingSchema.index({ roomId: 1, startsAt: 1 })
// The latest not-cancelled meeting whose agenda holds a topic (`findHeldMeetingForTopic` for
// outcomes, `findTopicMeeting` for the topic view's `meeting`; multikey on agenda).
meetingSchema.index({ 'agenda.topicId': 1, startsAt: -1 })
// The reminder planner: scheduled meetings starting within the next 24 h (`status: 'scheduled'`,
// `startsAt` range; notifications/jobs/meeting-reminders.ts).
meetingSchema.index({ status: 1, startsAt: 1 })

export interface InviteDoc {
  _id: Types.ObjectId
  meetingId: Types.ObjectId
  kind: InviteKind
  /** The invited person when they have an account (members, most experts and representatives). */
  userId?: Types.ObjectId
  /** For department invites: the department unit; its officers answer and check in for it. */
  departmentUnitId?: Types.ObjectId
  /** For people without an account (an elderly representative, an outside expert). */
  name?: string
  phone?: string
  rsvp: RsvpAnswer
  rsvpAt?: Date
  /** Who answered, when not the invitee themselves (a department officer). */
  rsvpBy?: Types.ObjectId
  checkedInAt?: Date
  checkedInBy?: Types.ObjectId
  /** Recorded with the minutes; unset until then unless checked in. */
  attended?: boolean
  createdAt: Date
}

const inviteSchema = new Schema<InviteDoc>(
  {
    meetingId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: INVITE_KINDS, required: true },
    userId: { type: Schema.Types.ObjectId },
    departmentUnitId: { type: Schema.Types.ObjectId },
    name: { type: String, trim: true, maxlength: 40 },
    phone: { type: String, trim: true, maxlength: 20 },
    rsvp: { type: String, enum: RSVP_ANSWERS, required: true, default: 'pending' },
    rsvpAt: { type: Date },
    rsvpBy: { type: Schema.Types.ObjectId },
    checkedInAt: { type: Date },
    checkedInBy: { type: Schema.Types.ObjectId },
    attended: { type: Boolean },
  },
  { collection: 'meeting_invites', versionKey: false, timestamps: { updatedAt: false } },
)
// A meeting's invitation list, and its department invites by department (RSVP / check-in of an
// officer: `{ meetingId, departmentUnitId: { $in: their departments } }`).
inviteSchema.index({ meetingId: 1, departmentUnitId: 1 })
// "My invite to this meeting" (RSVP, check-in); unique so one person is invited once and two
// concurrent walk-in check-ins create one entry.
inviteSchema.index(
  { meetingId: 1, userId: 1 },
  { unique: true, partialFilterExpression: { userId: { $exists: true } } },
)
// "My meetings" (`GET /api/me/meetings`): invites addressed to me …
inviteSchema.index({ userId: 1 }, { sparse: true })
// … and to the departments I am an officer of.
inviteSchema.index({ departmentUnitId: 1 }, { sparse: true })

export function meetingModel(connection: Connection): Model<MeetingDoc> {
  return (
    (connection.models.Meeting as Model<MeetingDoc> | undefined) ??
    connection.model<MeetingDoc>('Meeting', meetingSchema)
  )
}

export function inviteModel(connection: Connection): Model<InviteDoc> {
  return (
    (connection.models.MeetingInvite as Model<InviteDoc> | undefined) ??
    connection.model<InviteDoc>('MeetingInvite', inviteSchema)
  )
}

export function toObjectId(id: string): Types.ObjectId {
  return new Types.ObjectId(id)
}
