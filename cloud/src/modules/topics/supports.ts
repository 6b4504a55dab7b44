/**
 * Supports (附议): one per person per topic, counted exactly under concurrency. The support document
 * and the topic's `supportCount` change in one transaction; the unique index on (topicId, userId)
 * makes a repeated or concurrent second support from the same person fail, which the service turns
 * into "already supported" — so PUT is idempotent. When supports reach the room's threshold, the
 * system moves the topic to screening (附议达到门槛).
 */
import { Types, type Connection } from 'mongoose'
import {
  canSupport,
  canWithdrawSupport,
  SUPPORTABLE_STATES,
} from '../../../../shared/domain/topic-guards'
import { shouldAutoScreen, type TopicRules } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { roomModel } from '../org/model'
import { roomRules, type Caller } from './caller'
import { supportModel, topicModel, type TopicDoc } from './model'
import { oneAtATime } from './one-at-a-time'
import type { SupportResult } from './schema'
import { fireTopicEvent, loadTopic, topicFacts } from './transition'
import { callerStanding } from './topic-view'

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000
}

async function rulesFor(db: Connection, topic: TopicDoc): Promise<TopicRules> {
  return roomRules(await roomModel(db).findById(topic.roomId, { supportThreshold: 1 }).lean())
}

/** `supportedByMe` is looked up unless the caller already knows it (a support just counted). */
async function result(db: Connection, topicId: Types.ObjectId, userId: string, known?: boolean) {
  const [topic, supportedByMe] = await Promise.all([
    topicModel(db).findById(topicId, { supportCount: 1, state: 1 }).lean(),
    known ??
      supportModel(db)
        .exists({ topicId, userId: new Types.ObjectId(userId) })
        .then((found) => found !== null),
  ])
  if (!topic) throw new DomainError('NOT_FOUND', '找不到该议题')
  return { supportCount: topic.supportCount, supportedByMe, state: topic.state }
}

/**
 * Moves an open topic to screening when its supports reached the room's threshold. Two supports
 * crossing it at once both try; the loser finds the topic already moved, which is fine.
 */
export async function screenIfThresholdReached(
  db: Connection,
  topicId: Types.ObjectId,
  rules: TopicRules,
): Promise<void> {
  // A room without a threshold (不设门槛) never screens automatically: no need to read the topic.
  if (rules.supportThreshold === Number.POSITIVE_INFINITY) return
  const topic = await topicModel(db).findById(topicId, { state: 1, supportCount: 1 }).lean()
  if (!topic || !shouldAutoScreen(topic.state, topic.supportCount, rules)) return
  try {
    await fireTopicEvent(db, {
      topicId: String(topicId),
      event: 'threshold_reached',
      actor: 'system',
      expectState: 'open',
      note: `附议人数达到 ${rules.supportThreshold} 人，自动进入研判`,
      data: { supportCount: topic.supportCount, threshold: rules.supportThreshold },
    })
    // The author and supporters hear of it through fireTopicEvent's announcement.
    // notify: the room's conveners that the topic reached the support threshold.
  } catch (error) {
    const code = (error as DomainError).code
    if (code !== 'CONFLICT' && code !== 'ILLEGAL_TRANSITION') throw error
  }
}

export async function supportTopic(
  db: Connection,
  caller: Caller,
  topicId: string,
  now = new Date(),
): Promise<SupportResult> {
  const topic = await loadTopic(db, topicId)
  const standing = await callerStanding(topic, caller)
  const userId = new Types.ObjectId(caller.userId)
  const Supports = supportModel(db)
  const rules = await rulesFor(db, topic)
  const ctx = { ...standing.ctx, rules, now }
  const verdict = canSupport(topicFacts(topic), ctx, { alreadySupported: false })
  if (!verdict.ok) {
    // A repeat is answered with the current result even once supports are closed (idempotent PUT).
    if (await Supports.exists({ topicId: topic._id, userId })) {
      return result(db, topic._id, caller.userId, true)
    }
    throw new DomainError(verdict.code, verdict.reason)
  }
  // No "already supported?" read first: the unique index answers that inside the transaction.
  try {
    await oneAtATime(String(topic._id), () =>
      db.transaction(async (session) => {
        await Supports.create([{ topicId: topic._id, userId, createdAt: now }], { session })
        const counted = await topicModel(db).updateOne(
          { _id: topic._id, state: { $in: SUPPORTABLE_STATES } },
          { $inc: { supportCount: 1 } },
          { session },
        )
        // The topic left the supportable states since we looked: the support must not stay.
        if (counted.matchedCount === 0) throw new DomainError('SUPPORT_CLOSED')
      }),
    )
  } catch (error) {
    // Someone (this person, in a parallel request) supported it first: same outcome.
    if (!isDuplicateKey(error)) throw error
  }
  await screenIfThresholdReached(db, topic._id, rules)
  return result(db, topic._id, caller.userId, true)
}

export async function withdrawSupport(
  db: Connection,
  caller: Caller,
  topicId: string,
  now = new Date(),
): Promise<SupportResult> {
  const topic = await loadTopic(db, topicId)
  const standing = await callerStanding(topic, caller)
  const userId = new Types.ObjectId(caller.userId)
  const Supports = supportModel(db)
  const alreadySupported = (await Supports.exists({ topicId: topic._id, userId })) !== null
  const ctx = { ...standing.ctx, now }
  const verdict = canWithdrawSupport(topicFacts(topic), ctx, { alreadySupported })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  await oneAtATime(String(topic._id), () =>
    db.transaction(async (session) => {
      const removed = await Supports.deleteOne({ topicId: topic._id, userId }, { session })
      // A parallel withdrawal by the same person got there first: nothing left to count.
      if (removed.deletedCount === 0) return
      const counted = await topicModel(db).updateOne(
        { _id: topic._id, state: { $in: SUPPORTABLE_STATES } },
        { $inc: { supportCount: -1 } },
        { session },
      )
      if (counted.matchedCount === 0) throw new DomainError('SUPPORT_CLOSED')
    }),
  )
  return result(db, topic._id, caller.userId)
}
