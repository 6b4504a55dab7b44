/**
 * The periodic planners. `planner` runs once per minute slot (the scheduler plans its slot on every
 * tick of every instance; one of them runs it): it plans the meeting reminders of the next 24 h, the
 * hourly `sweep` of the current hour and, from 08:00 Beijing time, the day's digest and hotline
 * jobs. `sweep` escalates lagging action items, plans the deadline notices of action items and
 * topics, and purges finished job documents. Planning is idempotent (ids per occurrence), so a
 * missed or repeated tick loses or doubles nothing.
 */
import type { Connection } from 'mongoose'
import { scheduledJobModel } from '../model'
import { PLANNER_JOB, type JobHandler } from '../scheduler'
import { actionItemJobs } from './action-items'
import { digestJobs } from './digest'
import { hotlineJobs } from './hotline'
import { meetingReminderJobs } from './meeting-reminders'
import { DAY_MS } from './shared'
import { topicDeadlineJobs } from './topic-deadlines'

/** Planner slots only record a tick; other finished occurrences are kept a while longer. */
const KEEP_PLANNER_MS = 2 * DAY_MS
const KEEP_FINISHED_MS = 30 * DAY_MS

export const SWEEP_JOB = 'sweep'

export const planner: JobHandler = async (ctx) => {
  const { now } = ctx
  const hour = now.toISOString().slice(0, 13)
  await ctx.plan([
    ...(await meetingReminderJobs(ctx.db, now)),
    { id: `${SWEEP_JOB}:${hour}`, name: SWEEP_JOB, runAt: new Date(`${hour}:00:00.000Z`) },
    ...digestJobs(now),
    ...hotlineJobs(now),
  ])
}

export const sweep: JobHandler = async (ctx) => {
  const { db, now } = ctx
  await ctx.plan([...(await actionItemJobs(db, now)), ...(await topicDeadlineJobs(db, now))])
  await purgeFinishedJobs(db, now)
}

export async function purgeFinishedJobs(db: Connection, now: Date): Promise<number> {
  const Jobs = scheduledJobModel(db)
  const [slots, others] = await Promise.all([
    Jobs.deleteMany({
      status: 'done',
      runAt: { $lt: new Date(now.getTime() - KEEP_PLANNER_MS) },
      name: PLANNER_JOB,
    }),
    Jobs.deleteMany({
      status: { $in: ['done', 'failed'] },
      runAt: { $lt: new Date(now.getTime() - KEEP_FINISHED_MS) },
    }),
  ])
  return slots.deletedCount + others.deletedCount
}
