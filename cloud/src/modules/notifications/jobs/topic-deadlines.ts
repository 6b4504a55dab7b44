/**
 * Call-back (回访) deadlines, swept hourly: a topic in `awaiting_callback` whose call-back period
 * (`callbackDueAt` after the work was done) passed while the petitioner has not answered → the
 * petitioner is reminded once per round (`callback-reminder:<topicId>:v<round>`); a petitioner
 * without an account is left to the staff's phone or door-step call-back. (Four-step reply
 * deadlines: `reply-overdue.ts`.)
 */
import type { Connection } from 'mongoose'
import { isCallbackOverdue } from '../../../../../shared/domain/deadlines'
import { petitionerOf } from '../../../../../shared/domain/topic-rules'
import { callbackRound } from '../../outcomes/completion'
import { callbackModel } from '../../outcomes/model'
import { topicModel, type TopicDoc } from '../../topics/model'
import { topicFacts } from '../../topics/transition'
import type { JobHandler, PlannedJob } from '../scheduler'
import { notify, oid, topicLink } from './shared'

export async function callbackReminderJobs(db: Connection, now: Date): Promise<PlannedJob[]> {
  const awaiting = await topicModel(db)
    .find({ state: 'awaiting_callback' }, { stateChangedAt: 1, version: 1 })
    .lean<Array<Pick<TopicDoc, '_id' | 'stateChangedAt' | 'version'>>>()
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
