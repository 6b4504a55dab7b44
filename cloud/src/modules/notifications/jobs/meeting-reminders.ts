/**
 * Meeting reminders, 24 h and 1 h before a scheduled meeting, to the invitees who accepted and the
 * officers of every invited department that did not decline. The planner (every minute) plans one
 * job per meeting, lead and start time — `meeting-reminder-24h:<meetingId>:<startsAt ms>` — due at
 * `startsAt − lead`; a rescheduled meeting gets new jobs and the old ones find the start moved and
 * do nothing. The 24 h reminder is skipped when less than 2 h remain (the 1 h one follows).
 */
import type { Connection } from 'mongoose'
import { MEETING_FORM_LABELS } from '../../../../../shared/domain/labels'
import { inviteModel, meetingModel, type MeetingDoc } from '../../meetings/model'
import type { JobContext, JobHandler, PlannedJob } from '../scheduler'
import { beijingTime, HOUR_MS, meetingLink, notify, officersOfUnit, oid } from './shared'

export const REMINDER_LEADS = {
  '24h': { leadMs: 24 * HOUR_MS, minLeftMs: 2 * HOUR_MS, label: '协商会即将召开' },
  '1h': { leadMs: HOUR_MS, minLeftMs: 0, label: '协商会将在 1 小时后开始' },
} as const
export type ReminderLead = keyof typeof REMINDER_LEADS

export const meetingReminderJob = (lead: ReminderLead) => `meeting-reminder-${lead}`

/** Reminder jobs for the scheduled meetings starting within the next 24 h. */
export async function meetingReminderJobs(db: Connection, now: Date): Promise<PlannedJob[]> {
  const meetings = await meetingModel(db)
    .find(
      {
        status: 'scheduled',
        startsAt: { $gt: now, $lte: new Date(now.getTime() + REMINDER_LEADS['24h'].leadMs) },
      },
      { startsAt: 1 },
    )
    .lean<Array<Pick<MeetingDoc, '_id' | 'startsAt'>>>()
  const jobs: PlannedJob[] = []
  for (const meeting of meetings) {
    const left = meeting.startsAt.getTime() - now.getTime()
    for (const [lead, rule] of Object.entries(REMINDER_LEADS) as Array<
      [ReminderLead, (typeof REMINDER_LEADS)[ReminderLead]]
    >) {
      if (left <= rule.minLeftMs) continue
      jobs.push({
        id: `${meetingReminderJob(lead)}:${String(meeting._id)}:${meeting.startsAt.getTime()}`,
        name: meetingReminderJob(lead),
        runAt: new Date(meeting.startsAt.getTime() - rule.leadMs),
        payload: { meetingId: String(meeting._id), startsAt: meeting.startsAt.toISOString() },
      })
    }
  }
  return jobs
}

/** Who is reminded: accepted invitees with an account, officers of departments not declining. */
async function reminderRecipients(db: Connection, meeting: MeetingDoc): Promise<string[]> {
  const invites = await inviteModel(db)
    .find(
      {
        meetingId: meeting._id,
        $or: [
          { userId: { $exists: true }, rsvp: 'accepted' },
          { kind: 'department', rsvp: { $ne: 'declined' } },
        ],
      },
      { userId: 1, departmentUnitId: 1, kind: 1 },
    )
    .lean()
  const people = new Set<string>()
  for (const invite of invites) {
    if (invite.userId) people.add(String(invite.userId))
    else if (invite.departmentUnitId) {
      for (const id of await officersOfUnit(db, invite.departmentUnitId)) people.add(id)
    }
  }
  return [...people]
}

export function meetingReminder(lead: ReminderLead): JobHandler {
  const rule = REMINDER_LEADS[lead]
  return async (ctx: JobContext, job) => {
    const { db, now } = ctx
    const payload = job.payload as { meetingId: string; startsAt: string }
    const meeting = await meetingModel(db).findById(oid(payload.meetingId)).lean<MeetingDoc>()
    if (!meeting || meeting.status !== 'scheduled') return
    if (meeting.startsAt.toISOString() !== payload.startsAt) return // moved: its own jobs remind
    if (meeting.startsAt.getTime() - now.getTime() <= rule.minLeftMs) return // too late for this one
    const recipients = await reminderRecipients(db, meeting)
    const where = meeting.place?.address ?? MEETING_FORM_LABELS[meeting.form]
    const when = beijingTime(meeting.startsAt)
    const link = meetingLink(meeting._id)
    await notify(
      db,
      ctx.templates,
      {
        kind: 'meeting_reminder',
        eventKey: `meeting:${String(meeting._id)}:reminder:${lead}:${meeting.startsAt.getTime()}`,
        recipients,
        inApp: {
          title: `协商会提醒：${meeting.title}`,
          body: `${rule.label}\n时间：${when}\n地点：${where}`,
          link,
        },
        template: { subject: meeting.title, time: meeting.startsAt, place: where },
        page: link,
      },
      now,
    )
  }
}
