/**
 * Merging a duplicate (重复件) into the topic it repeats. The duplicate ends as `merged` pointing at the
 * target; its supporters — and the resident whose problem it is, whose raising it was their voice — become
 * supporters of the target, each counted once: people who already support the target, and the
 * target's own author and petitioner (who may not support their own topic), are skipped. Supports are
 * carried only while the target still collects them (see SUPPORTABLE_STATES).
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import { can } from '../../../../shared/domain/permissions'
import { SUPPORTABLE_STATES } from '../../../../shared/domain/topic-guards'
import { FINISHED_STATES, HIDDEN_STATES } from '../../../../shared/domain/topic-machine'
import { petitionerOf } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { roomModel } from '../org/model'
import { auditUnit, roomRules, type Caller } from './caller'
import { invalidateRoomFeedWith } from './feed-cache'
import { supportModel, topicEventModel, topicModel, type TopicDoc } from './model'
import type { MergeResult } from './schema'
import { screenIfThresholdReached } from './supports'
import { fireTopicEvent, loadTopic, topicFacts, topicScope } from './transition'

/** Same room, or rooms on one branch of the unit tree (a village's duplicate of its town's topic). */
function related(duplicate: TopicDoc, target: TopicDoc): boolean {
  if (String(duplicate.roomId) === String(target.roomId)) return true
  const within = (inner: TopicDoc, outer: TopicDoc) =>
    inner.unitAncestors.some((unit) => String(unit) === String(outer.unitId))
  return within(target, duplicate) || within(duplicate, target)
}

function assertMergeable(duplicate: TopicDoc, target: TopicDoc): void {
  if (String(duplicate._id) === String(target._id)) {
    throw new DomainError('MERGE_TARGET_INVALID', '不能把议题合并到它自己')
  }
  if (FINISHED_STATES.includes(target.state) || HIDDEN_STATES.includes(target.state)) {
    throw new DomainError('MERGE_TARGET_INVALID', '目标议题已结束或尚未公开，不能合并到它')
  }
  if (!related(duplicate, target)) throw new DomainError('MERGE_TARGET_INVALID')
}

/** Carries the duplicate's voices over to the target; returns how many were added. */
async function carrySupports(
  db: Connection,
  session: ClientSession,
  duplicate: TopicDoc,
  target: TopicDoc,
): Promise<number> {
  const Supports = supportModel(db)
  const current = await topicModel(db).findById(target._id, { state: 1 }).session(session).lean()
  if (!current || !SUPPORTABLE_STATES.includes(current.state)) return 0
  const supporters = await Supports.find({ topicId: duplicate._id }, { userId: 1, createdAt: 1 })
    .session(session)
    .lean()
  const voices = new Map<string, Date>()
  for (const support of supporters) voices.set(String(support.userId), support.createdAt)
  // The resident whose problem the duplicate is (its author, or the petitioner it was raised for).
  const owner = petitionerOf(topicFacts(duplicate))
  if (owner && !voices.has(owner)) voices.set(owner, duplicate.createdAt)
  const targetFacts = topicFacts(target)
  voices.delete(targetFacts.authorId)
  const targetPetitioner = petitionerOf(targetFacts)
  if (targetPetitioner) voices.delete(targetPetitioner)
  if (voices.size === 0) return 0
  const already = await Supports.find(
    {
      topicId: target._id,
      userId: { $in: [...voices.keys()].map((id) => new Types.ObjectId(id)) },
    },
    { userId: 1 },
  )
    .session(session)
    .lean()
  for (const support of already) voices.delete(String(support.userId))
  if (voices.size === 0) return 0
  await Supports.insertMany(
    [...voices].map(([userId, createdAt]) => ({
      topicId: target._id,
      userId: new Types.ObjectId(userId),
      createdAt,
    })),
    { session },
  )
  await topicModel(db).updateOne(
    { _id: target._id },
    { $inc: { supportCount: voices.size } },
    { session },
  )
  invalidateRoomFeedWith(session, target.roomId)
  return voices.size
}

export async function mergeTopic(
  db: Connection,
  caller: Caller,
  topicId: string,
  intoTopicId: string,
  note?: string,
): Promise<MergeResult> {
  const duplicate = await loadTopic(db, topicId)
  const target = await topicModel(db).findById(intoTopicId).lean<TopicDoc>()
  if (!target) throw new DomainError('NOT_FOUND', '找不到要合并到的议题')
  assertMergeable(duplicate, target)
  const targetScope = topicScope(target)
  const targetCtx = await caller.contextIn(targetScope)
  if (!can(targetCtx.user, 'topic.triage', targetScope, targetCtx.units)) {
    throw new DomainError('FORBIDDEN', '没有在目标议题所在议事室“受理研判”的权限')
  }
  const ctx = await caller.contextIn(topicScope(duplicate))
  let carried = 0
  await fireTopicEvent(db, {
    topicId,
    event: 'merge',
    actor: { userId: caller.userId, ctx },
    set: { mergedIntoId: target._id },
    note: note?.trim() || `已合并到议题“${target.title}”`,
    data: { intoTopicId },
    within: async (session, result) => {
      carried = await carrySupports(db, session, result.topic, target)
      await topicEventModel(db).create(
        [
          {
            topicId: target._id,
            at: new Date(),
            actorId: new Types.ObjectId(caller.userId),
            event: 'merged_in',
            note: `合并了重复议题“${duplicate.title}”，转入附议 ${carried} 人`,
            public: true,
            data: { fromTopicId: topicId, carriedSupports: carried },
          },
        ],
        { session },
      )
      await recordAudit(
        db,
        {
          actorId: caller.userId,
          action: 'topic.merge',
          target: { kind: 'topic', id: topicId },
          unit: auditUnit(result.topic),
          before: { state: result.from },
          after: { state: result.to, mergedIntoId: intoTopicId, carriedSupports: carried },
          requestId: caller.requestId,
          ip: caller.ip,
        },
        session,
      )
    },
  })
  // The duplicate's author and supporters hear of it (with a link to the target) through
  // fireTopicEvent's announcement.
  const room = await roomModel(db).findById(target.roomId, { supportThreshold: 1 }).lean()
  await screenIfThresholdReached(db, target._id, roomRules(room))
  const after = await loadTopic(db, intoTopicId)
  return {
    id: topicId,
    state: 'merged',
    mergedIntoId: intoTopicId,
    carriedSupports: carried,
    target: { id: intoTopicId, supportCount: after.supportCount, state: after.state },
  }
}
