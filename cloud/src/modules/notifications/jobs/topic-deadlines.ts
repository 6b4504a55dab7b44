/**
 * Deadlines on topics, swept hourly:
 * - call-back (回访): a topic in `awaiting_callback` whose call-back period (`callbackDueAt` after the
 *   work was done) passed while the petitioner has not answered → the petitioner is reminded once
 *   per round (`callback-reminder:<topicId>:v<round>`); a petitioner without an account is left to
 *   the staff's phone or door-step call-back;
 * - four-step reply: a topic still undecided in its room (open, screening, researching) past its
 *   `replyDueAt` → the room's conveners are told once per topic and due date
 *   (`reply-overdue:<topicId>:<replyDueAt ms>`). Escalated topics are the parent room's to accept
 *   and are supervised through the escalation list, not here.
 */
import type { Connection } from 'mongoose'
import { isCallbackOverdue } from '../../../../../shared/domain/deadlines'
import { petitionerOf } from '../../../../../shared/domain/topic-rules'
import type { TopicState } from '../../../../../shared/domain/topic-machine'
import { callbackRound } from '../../outcomes/completion'
import { callbackModel } from '../../outcomes/model'
import { topicModel, type TopicDoc } from '../../topics/model'
import { topicFacts } from '../../topics/transition'
import type { JobHandler, PlannedJob } from '../scheduler'
import { beijingTime, convenersOf, notify, oid, topicLink } from './shared'

const REPLY_OWED: TopicState[] = ['open', 'screening', 'researching']

export async function topicDeadlineJobs(db: Connection, now: Date): Promise<PlannedJob[]> {
  const Topics = topicModel(db)
  const [awaiting, unanswered] = await Promise.all([
    Topics.find({ state: 'awaiting_callback' }, { stateChangedAt: 1, version: 1 }).lean<
      Array<Pick<TopicDoc, '_id' | 'stateChangedAt' | 'version'>>
    >(),
    Topics.find({ state: { $in: REPLY_OWED }, replyDueAt: { $lt: now } }, { replyDueAt: 1 }).lean<
      Array<Pick<TopicDoc, '_id' | 'replyDueAt'>>
    >(),
  ])
  const jobs: PlannedJob[] = []
  for (const topic of awaiting) {
    if (!isCallbackOverdue(topic.stateChangedAt, now)) continue
    const round = callbackRound(topic)
    jobs.push({
      id: `callback-reminder:${String(topic._id)}:v${round}`,
      name: 'callback-reminder',
      runAt: now,
      payload: { topicId: String(topic._id), round },
    })
  }
  for (const topic of unanswered) {
    jobs.push({
      id: `reply-overdue:${String(topic._id)}:${topic.replyDueAt.getTime()}`,
      name: 'reply-overdue',
      runAt: now,
      payload: { topicId: String(topic._id), replyDueAt: topic.replyDueAt.toISOString() },
    })
  }
  return jobs
}

async function findTopic(db: Connection, topicId: unknown): Promise<TopicDoc | null> {
  return topicModel(db).findById(oid(topicId)).lean<TopicDoc>()
}

export const callbackReminder: JobHandler = async (ctx, job) => {
  const payload = job.payload as { topicId: string; round: number }
  const topic = await findTopic(ctx.db, payload.topicId)
  if (!topic || topic.state !== 'awaiting_callback' || callbackRound(topic) !== payload.round)
    return
  const petitioner = petitionerOf(topicFacts(topic))
  if (!petitioner) return
  const answered = await callbackModel(ctx.db).exists({
    topicId: topic._id,
    round: payload.round,
    userId: oid(petitioner),
    answeredAt: { $exists: true },
  })
  if (answered) return
  const link = topicLink(topic._id)
  await notify(
    ctx.db,
    ctx.templates,
    {
      kind: 'callback_request',
      eventKey: `topic:${String(topic._id)}:callback:v${payload.round}:reminder`,
      recipients: [petitioner],
      inApp: {
        title: `回访提醒：${topic.title}`,
        body: '相关工作已办结一段时间，请告诉我们问题是否解决，并为办理结果评分。',
        link,
      },
      template: {
        title: topic.title,
        status: '待回访',
        time: ctx.now,
        note: '请告诉我们问题是否解决',
      },
      page: link,
    },
    ctx.now,
  )
}

export const replyOverdue: JobHandler = async (ctx, job) => {
  const payload = job.payload as { topicId: string; replyDueAt: string }
  const topic = await findTopic(ctx.db, payload.topicId)
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
