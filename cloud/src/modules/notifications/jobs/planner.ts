/**
 * The periodic planners. `planner` runs once per minute slot (the scheduler plans its slot on every
 * tick of every instance; one of them runs it): it plans the meeting reminders of the next 24 h, the
 * hourly `sweep` of the current hour and, from 08:00 Beijing time, the day's digest and hotline
 * jobs. `sweep` escalates lagging action items, plans the deadline notices of action items and
 * topics (reply-overdue notices in capped batches, continuing from the carry the previous sweep
 * left on its job document), and purges finished job documents. Planning is idempotent (ids per
 * occurrence), so a missed or repeated tick loses or doubles nothing.
 */
import type { Connection } from 'mongoose'
import { scheduledJobModel, type ScheduledJobDoc } from '../model'
import { PLANNER_JOB, type JobHandler } from '../scheduler'
import { actionItemJobs } from './action-items'
import { digestJobs } from './digest'
import { hotlineJobs } from './hotline'
import { meetingReminderJobs } from './meeting-reminders'
import { DAY_MS } from './shared'
import {
  REPLY_OVERDUE_LIMITS,
  replyOverdueJobs,
  type ReplyOverdueCarry,
  type ReplyOverdueLimits,
} from './reply-overdue'
import { callbackReminderJobs } from './topic-deadlines'

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

/** What a sweep hands the next one (on its job document). */
export interface SweepCarry {
  replyOverdue: ReplyOverdueCarry
}

/** The sweep, with other limits for tests. */
export function sweepWith(limits: { replyOverdue: ReplyOverdueLimits }): JobHandler {
  return async (ctx, job) => {
    const { db, now } = ctx
    const Jobs = scheduledJobModel(db)
    // The latest finished sweep's carry (a sweep run again after a crash reads the same one).
    const previous = await Jobs.findOne(
      { status: 'done', name: SWEEP_JOB, _id: { $ne: job._id } },
      { carry: 1 },
    )
      .sort({ runAt: -1 })
      .lean<Pick<ScheduledJobDoc, 'carry'>>()
    const carry = previous?.carry as SweepCarry | undefined
    const overdue = await replyOverdueJobs(
      db,
      now,
      carry?.replyOverdue ?? null,
      limits.replyOverdue,
    )
    await ctx.plan([
      ...(await actionItemJobs(db, now)),
      ...(await callbackReminderJobs(db, now)),
      ...overdue.jobs,
    ])
    const next: SweepCarry = { replyOverdue: overdue.carry }
    await Jobs.updateOne({ _id: job._id }, { $set: { carry: next } })
    await purgeFinishedJobs(db, now)
  }
}

export const sweep: JobHandler = sweepWith({ replyOverdue: REPLY_OVERDUE_LIMITS })

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
