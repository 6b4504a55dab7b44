/**
 * Guards for what follows a consultation decision: scheduling the meeting, publishing its outcome,
 * assigning and updating action items (交办/反馈), supervising them (督办), confirming all done, the
 * call-back (rating, closing) and reopening. Same shape as `topic-guards.ts`: state, then actor and
 * scope, then facts.
 */
import { canFire } from './event-guard'
import { authorize } from './permissions'
import { FINISHED_STATES } from './topic-machine'
import {
  type GuardContext,
  petitionerOf,
  reopenClosesAt,
  rulesOf,
  scopeOf,
  type TopicFacts,
} from './topic-rules'
import { type ActionItemStatus, RATING_MAX, RATING_MIN } from './types'
import { ALLOW, deny, type Verdict } from './verdict'

/** What a guard needs to know about one action item. */
export interface ActionItemFacts {
  status: ActionItemStatus
  /** The department (or other owner unit) the item is assigned to (谁负责). */
  departmentUnitId: string
}

/** Schedule the meeting of a consultation topic, or move an already scheduled one. */
export function canScheduleMeeting(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { startsAt: Date },
): Verdict {
  const event = topic.state === 'meeting_scheduled' ? 'reschedule_meeting' : 'schedule_meeting'
  const verdict = canFire(topic, event, ctx)
  if (!verdict.ok) return verdict
  if (facts.startsAt <= ctx.now) return deny('MEETING_IN_PAST')
  return ALLOW
}

/** Publish the outcome (minutes and agreed plan); only once the meeting has begun. */
export function canPublishOutcome(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { meetingStartsAt: Date },
): Verdict {
  const verdict = canFire(topic, 'publish_outcome', ctx)
  if (!verdict.ok) return verdict
  if (ctx.now < facts.meetingStartsAt) return deny('MEETING_NOT_STARTED')
  return ALLOW
}

/** Assign the outcome's action items to their owner units (交办). */
export function canAssignActions(topic: TopicFacts, ctx: GuardContext): Verdict {
  return canFire(topic, 'assign_actions', ctx)
}

function itemScope(topic: TopicFacts, item: ActionItemFacts) {
  return { ...scopeOf(topic), departmentUnitId: item.departmentUnitId }
}

/**
 * Report progress on an action item: the officers of the department it is assigned to (wherever the
 * room is), or the room's convener and the office staff above it recording on their behalf.
 */
export function canUpdateActionItem(
  item: ActionItemFacts,
  topic: TopicFacts,
  ctx: GuardContext,
): Verdict {
  if (topic.state !== 'in_progress') {
    return deny('ILLEGAL_TRANSITION', '议题不在办理阶段，不能更新任务进展')
  }
  if (item.status === 'done') return deny('ACTION_ITEM_DONE')
  return authorize(ctx.user, 'action.update', itemScope(topic, item), ctx.units)
}

/** Remind or escalate a lagging item (督办; members do it as 民主监督). */
export function canSuperviseActionItem(
  item: ActionItemFacts,
  topic: TopicFacts,
  ctx: GuardContext,
): Verdict {
  if (topic.state !== 'in_progress') {
    return deny('ILLEGAL_TRANSITION', '议题不在办理阶段，无需督办')
  }
  if (item.status === 'done') return deny('ACTION_ITEM_DONE')
  return authorize(ctx.user, 'action.supervise', scopeOf(topic), ctx.units)
}

/** The department's feedback on a micro-suggestion passed to it. */
export function canGiveDepartmentFeedback(topic: TopicFacts, ctx: GuardContext): Verdict {
  return canFire(topic, 'department_feedback', ctx)
}

/** Declare all the work done and move to call-back; refused while any item is still open. */
export function canCompleteActions(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { openItemCount: number },
): Verdict {
  const verdict = canFire(topic, 'complete_actions', ctx)
  if (!verdict.ok) return verdict
  if (facts.openItemCount > 0) {
    return deny('ACTION_ITEMS_OPEN', `仍有 ${facts.openItemCount} 项任务未办结`)
  }
  return ALLOW
}

/**
 * Rate satisfaction at call-back: only the petitioner, once, with a whole score from 1 to 5. Staff
 * record a phone call-back with `canClose` instead; they never rate on the petitioner's behalf,
 * so the satisfaction rate stays the residents' own.
 */
export function canRate(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { alreadyRated: boolean; rating: number },
): Verdict {
  if (topic.state !== 'awaiting_callback') {
    return deny('ILLEGAL_TRANSITION', '议题尚未进入回访阶段，暂不能评价')
  }
  if (petitionerOf(topic) !== ctx.user.userId) return deny('NOT_PETITIONER')
  if (facts.alreadyRated) return deny('ALREADY_RATED')
  const { rating } = facts
  if (!Number.isInteger(rating) || rating < RATING_MIN || rating > RATING_MAX) {
    return deny('RATING_OUT_OF_RANGE')
  }
  return ALLOW
}

/** Close a topic as solved at call-back: the petitioner confirms, or staff record the call-back. */
export function canClose(topic: TopicFacts, ctx: GuardContext): Verdict {
  return canFire(topic, 'confirm_solved', ctx)
}

/**
 * Say it is not solved. At call-back this is `report_unsolved`; after closing it is `reopen`, which
 * the petitioner may do only within the reopen window (staff may reopen later, e.g. after a site
 * check). A reason is always required so the room knows what went wrong.
 */
export function canReopen(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { reason: string },
): Verdict {
  const event = topic.state === 'awaiting_callback' ? 'report_unsolved' : 'reopen'
  const verdict = canFire(topic, event, ctx)
  if (!verdict.ok) return verdict
  if (!facts.reason.trim()) return deny('REASON_REQUIRED', '请说明问题为何没有解决')
  if (event === 'reopen' && FINISHED_STATES.includes(topic.state)) {
    const staff = authorize(ctx.user, 'topic.triage', scopeOf(topic), ctx.units).ok
    const windowEnd = reopenClosesAt(topic.closedAt ?? topic.createdAt, rulesOf(ctx))
    if (!staff && ctx.now > windowEnd) return deny('REOPEN_WINDOW_PASSED')
  }
  return ALLOW
}

/** After reopening, resume the existing action items; only sensible if there were any. */
export function canResumeActions(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { hasActionItems: boolean },
): Verdict {
  const verdict = canFire(topic, 'resume_actions', ctx)
  if (!verdict.ok) return verdict
  if (!facts.hasActionItems) return deny('NO_ACTION_ITEMS')
  return ALLOW
}
