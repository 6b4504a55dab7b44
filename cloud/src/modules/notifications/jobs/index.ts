/**
 * Every scheduled job the service runs, by name (`scheduled_jobs.name`). Each handler is
 * `(ctx: { db, now, templates, log, plan }, job) => Promise<void>` and idempotent.
 */
import { PLANNER_JOB, type JobHandler } from '../scheduler'
import { actionDueSoon, actionOverdue } from './action-items'
import { dailyDigest } from './digest'
import { hotlineDailyScreening, hotlineWeeklyReview } from './hotline'
import { meetingReminder, meetingReminderJob } from './meeting-reminders'
import { planner, sweep, SWEEP_JOB } from './planner'
import { replyOverdue } from './reply-overdue'
import { callbackReminder } from './topic-deadlines'

export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [PLANNER_JOB]: planner,
  [SWEEP_JOB]: sweep,
  [meetingReminderJob('24h')]: meetingReminder('24h'),
  [meetingReminderJob('1h')]: meetingReminder('1h'),
  'action-due-soon': actionDueSoon,
  'action-overdue': actionOverdue,
  'callback-reminder': callbackReminder,
  'reply-overdue': replyOverdue,
  digest: dailyDigest,
  'hotline-daily-screening': hotlineDailyScreening,
  'hotline-weekly-review': hotlineWeeklyReview,
}
