/**
 * The call-back (回访). The petitioner answers in the app — solved closes the topic, not solved
 * reopens it with the reason; supporters may answer too (their answers count in the satisfaction
 * figures, only the petitioner's moves the topic). Staff record a phone or door-step call-back; they
 * may close the topic only once the petitioner has had the call-back period (`callbackDueAt`)
 * without answering — or at once when the petitioner has no account to answer with.
 */
import type { ClientSession, Connection } from 'mongoose'
import { isCallbackOverdue } from '../../../../shared/domain/deadlines'
import { canClose, canRate, canReopen } from '../../../../shared/domain/follow-up-guards'
import { summarizeCallbacks } from '../../../../shared/domain/supervision'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import { petitionerOf } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import type { TopicDoc } from '../topics/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { callbackRound } from './completion'
import { auditBase, oid, type Actor } from './load'
import { callbackModel, type CallbackDoc, type CallbackMethod } from './model'
import type { CallbackBody, CallbackRecordBody, CallbackSummary } from './schema'

export interface CallbackResult {
  topicId: string
  topicState: TopicState
  solved: boolean
  rating?: number
  answeredAt: string
}

interface Answer {
  solved: boolean
  rating?: number
  comment?: string
  method: CallbackMethod
  recordedBy?: string
}

/** Writes the petitioner's answer of the current round (creating the request if it was never made). */
async function savePetitionerAnswer(
  db: Connection,
  session: ClientSession,
  topic: TopicDoc,
  answer: Answer,
  at: Date,
): Promise<void> {
  const petitionerId = petitionerOf(topicFacts(topic))
  const set: Partial<CallbackDoc> = {
    answeredAt: at,
    solved: answer.solved,
    method: answer.method,
    petitioner: true,
  }
  if (answer.rating !== undefined) set.rating = answer.rating
  if (answer.comment) set.comment = answer.comment
  if (answer.recordedBy) set.recordedBy = oid(answer.recordedBy)
  await callbackModel(db).updateOne(
    {
      topicId: topic._id,
      round: callbackRound(topic),
      userId: petitionerId ? oid(petitionerId) : null,
    },
    { $set: set, $setOnInsert: { askedAt: topic.stateChangedAt } },
    { session, upsert: true },
  )
}

function reasonOf(text: string | undefined): string {
  return (text ?? '').trim()
}

/** The petitioner's or a supporter's answer in the app. */
export async function answerCallback(
  db: Connection,
  actor: Actor,
  topicId: string,
  body: CallbackBody,
): Promise<CallbackResult> {
  const at = actor.ctx.now
  const topic = await loadTopic(db, topicId)
  const facts = topicFacts(topic)
  const comment = reasonOf(body.comment)
  if (petitionerOf(facts) !== actor.userId) return answerAsSupporter(db, actor, topic, body, at)

  const Callbacks = callbackModel(db)
  const mine = await Callbacks.findOne({
    topicId: topic._id,
    round: callbackRound(topic),
    userId: oid(actor.userId),
  }).lean<CallbackDoc>()
  const rated = canRate(facts, actor.ctx, {
    alreadyRated: Boolean(mine?.answeredAt),
    rating: body.rating,
  })
  if (!rated.ok) throw new DomainError(rated.code, rated.reason)
  if (!body.solved) {
    const verdict = canReopen(facts, actor.ctx, { reason: comment })
    if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  } else {
    const verdict = canClose(facts, actor.ctx)
    if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  }
  const answer: Answer = { solved: body.solved, rating: body.rating, comment, method: 'app' }
  const result = await fireTopicEvent(db, {
    topicId,
    event: body.solved ? 'confirm_solved' : 'report_unsolved',
    actor: { userId: actor.userId, ctx: actor.ctx },
    expectState: 'awaiting_callback',
    note: body.solved
      ? `诉求人确认已解决，满意度 ${body.rating} 分`
      : `诉求人反馈未解决：${comment}`,
    data: { rating: body.rating },
    within: async (session) => savePetitionerAnswer(db, session, topic, answer, at),
  })
  // notify: the room's conveners — the petitioner answered the call-back (solved / not solved)
  return {
    topicId,
    topicState: result.to,
    solved: body.solved,
    rating: body.rating,
    answeredAt: at.toISOString(),
  }
}

async function answerAsSupporter(
  db: Connection,
  actor: Actor,
  topic: TopicDoc,
  body: CallbackBody,
  at: Date,
): Promise<CallbackResult> {
  if (topic.state !== 'awaiting_callback') {
    throw new DomainError('ILLEGAL_TRANSITION', '议题尚未进入回访阶段，暂不能评价')
  }
  const Callbacks = callbackModel(db)
  const filter = { topicId: topic._id, round: callbackRound(topic), userId: oid(actor.userId) }
  const request = await Callbacks.findOne(filter).lean<CallbackDoc>()
  if (!request) throw new DomainError('CALLBACK_NOT_ASKED')
  if (request.answeredAt) throw new DomainError('ALREADY_RATED')
  const comment = reasonOf(body.comment)
  const set: Partial<CallbackDoc> = { answeredAt: at, solved: body.solved, rating: body.rating }
  if (comment) set.comment = comment
  const updated = await Callbacks.updateOne({ ...filter, answeredAt: null }, { $set: set })
  if (updated.modifiedCount === 0) throw new DomainError('ALREADY_RATED')
  return {
    topicId: String(topic._id),
    topicState: topic.state,
    solved: body.solved,
    rating: body.rating,
    answeredAt: at.toISOString(),
  }
}

/** A call-back made by staff by phone or in person, recorded with the petitioner's answer. */
export async function recordCallback(
  db: Connection,
  actor: Actor,
  topicId: string,
  body: CallbackRecordBody,
): Promise<CallbackResult> {
  const now = actor.ctx.now
  const topic = await loadTopic(db, topicId)
  const facts = topicFacts(topic)
  const note = body.note.trim()
  const verdict = body.solved
    ? canClose(facts, actor.ctx)
    : canReopen(facts, actor.ctx, { reason: note })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  // The petitioner answers first: staff close only after the call-back period passed unanswered.
  if (body.solved && petitionerOf(facts) && !isCallbackOverdue(topic.stateChangedAt, now)) {
    throw new DomainError('CALLBACK_TOO_EARLY')
  }
  const answer: Answer = {
    solved: body.solved,
    rating: body.rating,
    comment: note,
    method: body.method,
    recordedBy: actor.userId,
  }
  const methodLabel = body.method === 'phone' ? '电话回访' : '上门回访'
  const result = await fireTopicEvent(db, {
    topicId,
    event: body.solved ? 'confirm_solved' : 'report_unsolved',
    actor: { userId: actor.userId, ctx: actor.ctx },
    expectState: 'awaiting_callback',
    note: body.solved ? `${methodLabel}：确认已解决` : `${methodLabel}：未解决，${note}`,
    data: { method: body.method, rating: body.rating },
    within: async (session) => {
      await savePetitionerAnswer(db, session, topic, answer, now)
      await recordAudit(
        db,
        {
          ...auditBase(actor, topic),
          action: 'callback.record',
          target: { kind: 'topic', id: topicId },
          after: { solved: body.solved, rating: body.rating, method: body.method, note },
        },
        session,
      )
    },
  })
  return {
    topicId,
    topicState: result.to,
    solved: body.solved,
    rating: body.rating,
    answeredAt: now.toISOString(),
  }
}

/** The public satisfaction figures of the topic's latest call-back round; no names, no comments. */
export async function callbackSummary(db: Connection, topicId: string): Promise<CallbackSummary> {
  const topic = await loadTopic(db, topicId)
  const Callbacks = callbackModel(db)
  const latest = await Callbacks.findOne({ topicId: topic._id }, { round: 1 })
    .sort({ round: -1 })
    .lean<Pick<CallbackDoc, 'round'>>()
  const docs = latest
    ? await Callbacks.find({ topicId: topic._id, round: latest.round }).lean<CallbackDoc[]>()
    : []
  const summary = summarizeCallbacks(
    docs.map((doc) => ({
      answered: doc.answeredAt !== undefined && doc.answeredAt !== null,
      solved: doc.solved,
      rating: doc.rating,
      recorded: doc.recordedBy !== undefined && doc.recordedBy !== null,
    })),
  )
  return {
    topicId,
    topicState: topic.state,
    round: latest?.round ?? null,
    ...summary,
    petitionerAnswered: docs.some((doc) => doc.petitioner && Boolean(doc.answeredAt)),
  }
}

export interface MyCallback {
  topicId: string
  topicState: TopicState
  canAnswer: boolean
  petitioner: boolean
  answeredAt?: string
}

/**
 * The caller's part in the current call-back round, so the rating form shows only to someone who
 * may still answer: the petitioner while the topic awaits the call-back, or a supporter who was
 * asked and has not answered yet.
 */
export async function getMyCallback(
  db: Connection,
  userId: string,
  topicId: string,
): Promise<MyCallback> {
  const topic = await loadTopic(db, topicId)
  const petitioner = petitionerOf(topicFacts(topic)) === userId
  const base = { topicId, topicState: topic.state, petitioner }
  if (topic.state !== 'awaiting_callback') return { ...base, canAnswer: false }
  // Served by the unique { topicId, round, userId } index.
  const request = await callbackModel(db)
    .findOne({ topicId: topic._id, round: callbackRound(topic), userId: oid(userId) })
    .lean<CallbackDoc>()
  const answeredAt = request?.answeredAt ? request.answeredAt.toISOString() : undefined
  const canAnswer = answeredAt === undefined && (petitioner || request !== null)
  return { ...base, canAnswer, ...(answeredAt ? { answeredAt } : {}) }
}
