/**
 * "All the work is done" (complete_actions → awaiting_callback) and the call-back requests it opens:
 * one per person and round, for the petitioner and every supporter, written with upserts in the same
 * transaction as the state change, so a retried or raced completion never asks anyone twice.
 */
import type { ClientSession, Connection } from 'mongoose'
import { petitionerOf } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { supportModel, type TopicDoc } from '../topics/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { currentOutcome, oid } from './load'
import { actionItemModel, callbackModel } from './model'

/** The call-back round of a topic in awaiting_callback: its version since it entered that state. */
export function callbackRound(topic: Pick<TopicDoc, 'version'>): number {
  return topic.version
}

/**
 * Opens the call-back round for a topic that has just entered awaiting_callback (`topic` is the
 * document after the transition). Idempotent: the unique (topicId, round, userId) index and the
 * upserts make a second call a no-op.
 */
export async function requestCallbacks(
  db: Connection,
  session: ClientSession,
  topic: TopicDoc,
  askedAt: Date,
): Promise<number> {
  const round = callbackRound(topic)
  const petitionerId = petitionerOf(topicFacts(topic))
  const supporters = await supportModel(db)
    .find({ topicId: topic._id }, { userId: 1 })
    .session(session)
    .lean()
  const people = new Map<string, boolean>()
  if (petitionerId) people.set(petitionerId, true)
  for (const support of supporters) {
    const id = String(support.userId)
    if (!people.has(id)) people.set(id, false)
  }
  if (people.size === 0) return 0
  await callbackModel(db).bulkWrite(
    [...people].map(([userId, petitioner]) => ({
      updateOne: {
        filter: { topicId: topic._id, round, userId: oid(userId) },
        update: { $setOnInsert: { petitioner, askedAt, method: 'app' } },
        upsert: true,
      },
    })),
    { session, ordered: false },
  )
  // The petitioner and every supporter are asked (callback_request) by the complete_actions
  // announcement of fireTopicEvent, in the same transaction.
  return people.size
}

function lostRace(error: unknown): boolean {
  return (
    error instanceof DomainError &&
    (error.code === 'CONFLICT' || error.code === 'ILLEGAL_TRANSITION')
  )
}

/**
 * After an item was reported done: when every item of the topic's current outcome is done, fire
 * complete_actions as the system and open the call-back round. Runs after the item's own commit,
 * so of two last items reported at once at least one sees the other done; the state change is
 * conditioned on state and version, so exactly one of them wins and the other's refusal is ignored.
 * Returns the topic's state afterwards.
 */
export async function completeIfAllDone(db: Connection, topicId: string): Promise<TopicDoc> {
  const topic = await loadTopic(db, topicId)
  if (topic.state !== 'in_progress') return topic
  const outcome = await currentOutcome(db, topicId)
  if (!outcome) return topic
  const open = await actionItemModel(db).countDocuments({
    topicId: topic._id,
    outcomeId: outcome._id,
    status: { $ne: 'done' },
  })
  if (open > 0) return topic
  try {
    const result = await fireTopicEvent(db, {
      topicId,
      event: 'complete_actions',
      actor: 'system',
      expectState: 'in_progress',
      note: '全部任务已办结，进入回访',
      within: async (session, fired) => {
        await requestCallbacks(db, session, fired.topic, new Date())
      },
    })
    return result.topic
  } catch (error) {
    if (lostRace(error)) return loadTopic(db, topicId)
    throw error
  }
}
