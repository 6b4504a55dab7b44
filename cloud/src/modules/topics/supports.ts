/**
 * Supports (附议): one per person per topic, counted exactly under concurrency. Supports and
 * withdrawals on one topic are group-committed (`group-commit.ts`, `support-batch.ts`): those that
 * arrive while a batch on the topic is running go together in the next one, one transaction that
 * upserts the supports on the unique (topicId, userId) index and moves the topic's `supportCount`
 * by the number really added — so PUT is idempotent and the count exact, and a burst of supports
 * costs a few transactions instead of one each. When supports reach the room's threshold, the
 * system moves the topic to screening (附议达到门槛).
 */
import type { Connection, Types } from 'mongoose'
import { shouldAutoScreen, type TopicRules } from '../../../../shared/domain/topic-rules'
import type { DomainError } from '../../../../shared/errors'
import { roomModel } from '../org/model'
import { roomRules, type Caller } from './caller'
import { invalidateRoomFeed } from './feed-cache'
import { groupCommit, type GroupCommit, type GroupCommitStats, type Outcome } from './group-commit'
import { topicModel, toObjectId, type TopicDoc } from './model'
import type { SupportResult } from './schema'
import {
  commitSupports,
  commitWithdrawals,
  type BatchCommit,
  type CountAfter,
  type SupportRequest,
} from './support-batch'
import { fireTopicEvent, loadTopic } from './transition'

async function rulesFor(db: Connection, topic: TopicDoc): Promise<TopicRules> {
  return roomRules(await roomModel(db).findById(topic.roomId, { supportThreshold: 1 }).lean())
}

/**
 * Moves an open topic to screening when its supports reached the room's threshold. Two supports
 * crossing it at once both try; the loser finds the topic already moved, which is fine. `known` is
 * the topic's count and state when the caller just read them (saves reading them again). Returns
 * whether this call moved the topic.
 */
export async function screenIfThresholdReached(
  db: Connection,
  topicId: Types.ObjectId,
  rules: TopicRules,
  known?: CountAfter,
): Promise<boolean> {
  // A room without a threshold (不设门槛) never screens automatically: no need to read the topic.
  if (rules.supportThreshold === Number.POSITIVE_INFINITY) return false
  const topic =
    known ?? (await topicModel(db).findById(topicId, { state: 1, supportCount: 1 }).lean())
  if (!topic || !shouldAutoScreen(topic.state, topic.supportCount, rules)) return false
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
    return true
  } catch (error) {
    const code = (error as DomainError).code
    if (code !== 'CONFLICT' && code !== 'ILLEGAL_TRANSITION') throw error
    return false
  }
}

/** Runs the requests of one batch: consecutive runs of the same kind share one transaction. */
async function runBatch(
  db: Connection,
  topicId: string,
  requests: SupportRequest[],
): Promise<Array<Outcome<SupportResult>>> {
  const topic = await loadTopic(db, topicId)
  const outcomes: Array<Outcome<SupportResult>> = []
  let rules: TopicRules | undefined
  for (let start = 0; start < requests.length;) {
    let end = start + 1
    while (end < requests.length && requests[end].kind === requests[start].kind) end += 1
    const run = requests.slice(start, end)
    let commit: BatchCommit
    if (run[0].kind === 'support') {
      rules ??= await rulesFor(db, topic)
      commit = await commitSupports(db, topic, run, rules)
      if (commit.change > 0 && commit.after) {
        const screened = await screenIfThresholdReached(db, topic._id, rules, commit.after)
        if (screened) commit = { ...commit, outcomes: await reread(db, topic._id, commit.outcomes) }
      }
    } else {
      commit = await commitWithdrawals(db, topic, run)
    }
    if (commit.change !== 0) invalidateRoomFeed(topic.roomId)
    outcomes.push(...commit.outcomes)
    start = end
  }
  return outcomes
}

/** The answers again with the topic's count and state as they are now (after screening). */
async function reread(
  db: Connection,
  topicId: Types.ObjectId,
  outcomes: Array<Outcome<SupportResult>>,
): Promise<Array<Outcome<SupportResult>>> {
  const now = await topicModel(db).findById(topicId, { state: 1, supportCount: 1 }).lean()
  if (!now) return outcomes
  return outcomes.map((outcome) =>
    outcome.ok
      ? { ok: true, value: { ...outcome.value, supportCount: now.supportCount, state: now.state } }
      : outcome,
  )
}

const batchers = new WeakMap<Connection, GroupCommit<SupportRequest, SupportResult>>()

function batcherOf(db: Connection): GroupCommit<SupportRequest, SupportResult> {
  let batcher = batchers.get(db)
  if (!batcher) {
    batcher = groupCommit((topicId, requests) => runBatch(db, topicId, requests))
    batchers.set(db, batcher)
  }
  return batcher
}

/** How many batches answered how many support requests on `db` in this process so far. */
export function supportBatchStats(db: Connection): GroupCommitStats {
  return { ...batcherOf(db).stats }
}

/** Hands one support or withdrawal to its topic's batch (`support-batch.ts`). */
function submit(
  db: Connection,
  topicId: string,
  request: { kind: 'support' | 'withdraw'; caller: Caller; now: Date },
): Promise<SupportResult> {
  return batcherOf(db).submit(toObjectId(topicId).toHexString(), request)
}

export async function supportTopic(
  db: Connection,
  caller: Caller,
  topicId: string,
  now = new Date(),
): Promise<SupportResult> {
  return submit(db, topicId, { kind: 'support', caller, now })
}

export async function withdrawSupport(
  db: Connection,
  caller: Caller,
  topicId: string,
  now = new Date(),
): Promise<SupportResult> {
  return submit(db, topicId, { kind: 'withdraw', caller, now })
}
