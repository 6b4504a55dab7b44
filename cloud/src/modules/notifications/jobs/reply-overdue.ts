/**
 * Four-step reply deadlines, swept hourly: a topic still undecided in its room (open, screening,
 * researching) past its `replyDueAt` → the room's conveners are told once per topic and due date
 * (`reply-overdue:<topicId>:<replyDueAt ms>`). Escalated topics are the parent room's to accept and
 * are supervised through the escalation list, not here.
 *
 * Planning is capped: a sweep plans at most `batch` jobs, and hands the sweep of the next hour a
 * CARRY (stored on its job document) to continue from, so a backlog of thousands of overdue topics
 * is worked through in bounded steps instead of thousands of jobs (and messages) in one hour:
 * - `fresh`: where the walk through overdue topics in (`replyDueAt`, `_id`) order stopped. Topics
 *   after it — those whose deadline passed since, and a backlog not yet reached — come first.
 * - `recheck`: a second walk, at most `recheck` topics per sweep, round and round the topics behind
 *   `fresh`, planning the ones that have no job yet with what is left of `batch`: a topic whose
 *   deadline was moved into the past behind the first walk (a late "research" reply sets it from
 *   the receipt date) is still told, a few sweeps later at worst.
 * Job ids are deterministic and planning is an upsert, so a sweep run twice (taken over after a
 * crash, from the same carry) plans the same jobs once.
 */
import type { Connection } from 'mongoose'
import type { TopicState } from '../../../../../shared/domain/topic-machine'
import { topicModel, type TopicDoc } from '../../topics/model'
import { scheduledJobModel } from '../model'
import type { JobHandler, PlannedJob } from '../scheduler'
import { beijingTime, convenersOf, notify, oid, topicLink } from './shared'

export const REPLY_OWED: TopicState[] = ['open', 'screening', 'researching']

export interface ReplyOverdueLimits {
  /** Jobs planned per sweep at most. */
  batch: number
  /** Topics behind `fresh` looked at per sweep at most. */
  recheck: number
}

export const REPLY_OVERDUE_LIMITS: ReplyOverdueLimits = { batch: 200, recheck: 500 }

/** A position in (`replyDueAt`, `_id`) order. */
export interface OverdueCursor {
  dueAt: Date
  id: string
}

export interface ReplyOverdueCarry {
  fresh: OverdueCursor | null
  recheck: OverdueCursor | null
}

type Overdue = Pick<TopicDoc, '_id' | 'replyDueAt'>

const cursorOf = (topic: Overdue): OverdueCursor => ({
  dueAt: topic.replyDueAt,
  id: String(topic._id),
})

/** `a` before `b` in (`replyDueAt`, `_id`) order (ids of one length: hex order is id order). */
function before(a: OverdueCursor, b: OverdueCursor): boolean {
  const byDate = a.dueAt.getTime() - b.dueAt.getTime()
  return byDate !== 0 ? byDate < 0 : a.id < b.id
}

function jobOf(topic: Overdue, now: Date): PlannedJob {
  return {
    id: `reply-overdue:${String(topic._id)}:${topic.replyDueAt.getTime()}`,
    name: 'reply-overdue',
    runAt: now,
    payload: { topicId: String(topic._id), replyDueAt: topic.replyDueAt.toISOString() },
  }
}

/**
 * Overdue topics strictly after `after` and not after `upTo`, in (`replyDueAt`, `_id`) order, at
 * most `limit`. Two range queries (the ties on `after`'s date, then later dates) instead of an `$or`.
 */
async function overdueBetween(
  db: Connection,
  now: Date,
  after: OverdueCursor | null,
  upTo: OverdueCursor | null,
  limit: number,
): Promise<Overdue[]> {
  const Topics = topicModel(db)
  const owed = { $in: REPLY_OWED }
  const found: Overdue[] = []
  if (after) {
    found.push(
      ...(await Topics.find(
        { state: owed, replyDueAt: after.dueAt, _id: { $gt: oid(after.id) } },
        { replyDueAt: 1 },
      )
        .sort({ _id: 1 })
        .limit(limit)
        .lean<Overdue[]>()),
    )
  }
  if (found.length < limit) {
    const dueAt: Record<string, Date> = { $lt: now }
    if (after) dueAt.$gt = after.dueAt
    if (upTo) dueAt.$lte = upTo.dueAt
    found.push(
      ...(await Topics.find({ state: owed, replyDueAt: dueAt }, { replyDueAt: 1 })
        .sort({ replyDueAt: 1, _id: 1 })
        .limit(limit - found.length)
        .lean<Overdue[]>()),
    )
  }
  return upTo ? found.filter((topic) => !before(upTo, cursorOf(topic))) : found
}

/** This sweep's reply-overdue jobs (at most `limits.batch`) and the carry for the next sweep. */
export async function replyOverdueJobs(
  db: Connection,
  now: Date,
  carry: ReplyOverdueCarry | null,
  limits: ReplyOverdueLimits = REPLY_OVERDUE_LIMITS,
): Promise<{ jobs: PlannedJob[]; carry: ReplyOverdueCarry }> {
  const fresh = await overdueBetween(db, now, carry?.fresh ?? null, null, limits.batch)
  const jobs = fresh.map((topic) => jobOf(topic, now))
  const freshCursor = fresh.length > 0 ? cursorOf(fresh[fresh.length - 1]) : (carry?.fresh ?? null)
  let recheck = carry?.recheck ?? null
  const budget = limits.batch - jobs.length
  if (budget > 0 && freshCursor && limits.recheck > 0) {
    const seen = await overdueBetween(db, now, recheck, freshCursor, limits.recheck)
    const ids = seen.map((topic) => jobOf(topic, now).id)
    const planned = await scheduledJobModel(db)
      .find({ _id: { $in: ids } }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
    const known = new Set(planned.map((job) => job._id))
    let examined = 0
    for (const topic of seen) {
      if (!known.has(jobOf(topic, now).id)) {
        if (jobs.length - fresh.length === budget) break
        jobs.push(jobOf(topic, now))
      }
      examined += 1
    }
    // All of them looked at and the walk reached `fresh`: round again from the start next time.
    recheck =
      examined === seen.length && seen.length < limits.recheck ? null : cursorOf(seen[examined - 1])
  }
  return { jobs, carry: { fresh: freshCursor, recheck } }
}

export const replyOverdue: JobHandler = async (ctx, job) => {
  const payload = job.payload as { topicId: string; replyDueAt: string }
  const topic = await topicModel(ctx.db).findById(oid(payload.topicId)).lean<TopicDoc>()
  if (!topic || !REPLY_OWED.includes(topic.state)) return
  if (topic.replyDueAt.toISOString() !== payload.replyDueAt) return // a new clock: its own job
  const link = topicLink(topic._id)
  await notify(
    ctx.db,
    ctx.templates,
    {
      kind: 'topic_status',
      eventKey: `topic:${String(topic._id)}:reply-overdue:${topic.replyDueAt.getTime()}`,
      recipients: await convenersOf(ctx.db, topic.roomId),
      inApp: {
        title: `答复超期：${topic.title}`,
        body: `该议题应于 ${beijingTime(topic.replyDueAt)} 前答复，现已超期。请尽快按四步答复法答复。`,
        link,
      },
      template: {
        title: topic.title,
        status: '答复超期',
        time: topic.replyDueAt,
        note: '请尽快按四步答复法答复',
      },
      page: link,
    },
    ctx.now,
  )
}
