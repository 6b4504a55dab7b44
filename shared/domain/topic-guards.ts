/**
 * Guards for the public life of a topic and its four-step reply: raising, supporting (附议),
 * commenting, withdrawing, moderating, taking it up, replying, escalating and accepting an
 * escalation. Each returns a Verdict combining state (the machine), role and scope (`permissions.ts`)
 * and the facts the service looked up (already supported, blocked…), with a Chinese reason.
 */
import { canFire } from './event-guard'
import type { Permission } from './permission-catalogue'
import { authorize, type ResourceScope } from './permissions'
import { FINISHED_STATES, replyEvent, type TopicState } from './topic-machine'
import {
  type GuardContext,
  petitionerOf,
  rulesOf,
  scopeOf,
  supportClosesAt,
  type TopicFacts,
} from './topic-rules'
import type { EscalationTarget, ReplyKind, TopicSource } from './types'
import { ALLOW, deny, type Verdict } from './verdict'

/** Which permission raising a topic from each source needs. */
const RAISE_PERMISSION: Record<TopicSource, Permission> = {
  resident: 'topic.raise',
  member_recommended: 'topic.recommend',
  party_gov: 'topic.raise_party',
  grid_worker: 'topic.raise_on_behalf',
  hotline_12345: 'hotline.review',
}

/**
 * States in which supports are still meaningful: the room has not decided what to do, so public
 * interest can still weigh on the decision and on the meeting's agenda. Once an outcome exists or
 * the work is under way, the count is part of the record and frozen.
 */
export const SUPPORTABLE_STATES: readonly TopicState[] = [
  'open',
  'screening',
  'researching',
  'escalated_up',
  'consultation',
  'meeting_scheduled',
]

/** Topics that ended without being handled: nothing more may be added to them. */
const ABANDONED_STATES: readonly TopicState[] = ['rejected', 'withdrawn', 'merged']

/** Refuses unpublished and finished topics with the reason a resident would want. */
function publicAndLive(topic: TopicFacts, allowClosed: boolean): Verdict {
  if (topic.state === 'pending_review') return deny('TOPIC_NOT_PUBLIC')
  if (ABANDONED_STATES.includes(topic.state)) return deny('TOPIC_CLOSED')
  if (!allowClosed && FINISHED_STATES.includes(topic.state)) return deny('TOPIC_CLOSED')
  return ALLOW
}

/** Raise a topic in a room; the source decides which permission is needed. */
export function canRaiseTopic(
  source: TopicSource,
  room: ResourceScope,
  ctx: GuardContext,
  facts: { blocked?: boolean } = {},
): Verdict {
  if (facts.blocked) return deny('USER_BLOCKED')
  return authorize(ctx.user, RAISE_PERMISSION[source], room, ctx.units)
}

/**
 * Support (附议) a topic. The author and the petitioner may not support their own topic: raising it
 * already counts their voice, and supports measure how widely a problem is felt (社会关注度) and drive
 * the automatic screening threshold, so self-support would only inflate that signal. One support per
 * person is enforced by the service (unique index); the guard takes the fact to explain refusals.
 */
export function canSupport(
  topic: TopicFacts,
  ctx: GuardContext,
  facts: { alreadySupported: boolean },
): Verdict {
  const live = publicAndLive(topic, false)
  if (!live.ok) return live
  if (!SUPPORTABLE_STATES.includes(topic.state)) return deny('SUPPORT_CLOSED')
  const userId = ctx.user.userId
  if (topic.authorId === userId || petitionerOf(topic) === userId) return deny('SELF_SUPPORT')
  if (facts.alreadySupported) return deny('ALREADY_SUPPORTED')
  // The window only bounds topics nobody has taken up; a handled topic keeps gathering supports.
  if (topic.state === 'open' && ctx.now > supportClosesAt(topic.createdAt, rulesOf(ctx))) {
    return deny('SUPPORT_WINDOW_PASSED')
  }
  return ALLOW
}

/** Withdraw one's support, while supports still count (see SUPPORTABLE_STATES). */
export function canWithdrawSupport(
  topic: TopicFacts,
  _ctx: GuardContext,
  facts: { alreadySupported: boolean },
): Verdict {
  const live = publicAndLive(topic, false)
  if (!live.ok) return live
  if (!SUPPORTABLE_STATES.includes(topic.state)) return deny('SUPPORT_CLOSED')
  if (!facts.alreadySupported) return deny('NOT_SUPPORTED')
  return ALLOW
}

/**
 * Comment on a topic. Closed topics still take comments (the room "never closes"; residents add
 * follow-up remarks after call-back), but rejected, withdrawn and merged ones do not.
 */
export function canComment(
  topic: TopicFacts,
  _ctx: GuardContext,
  facts: { blocked?: boolean } = {},
): Verdict {
  const live = publicAndLive(topic, true)
  if (!live.ok) return live
  if (facts.blocked) return deny('USER_BLOCKED')
  return ALLOW
}

/** The author withdraws the topic (only before the room replies; see the transition table). */
export function canWithdraw(topic: TopicFacts, ctx: GuardContext): Verdict {
  return canFire(topic, 'withdraw', ctx)
}

/**
 * Moderate a topic's content (approve, reject or restore it) or its comments. Content review is a
 * room-scoped permission so a convener cannot hide topics in someone else's room.
 */
export function canModerate(
  topic: TopicFacts,
  ctx: GuardContext,
  what: 'approve' | 'reject' | 'restore' | 'comments',
): Verdict {
  if (what === 'comments') return authorize(ctx.user, 'comment.moderate', scopeOf(topic), ctx.units)
  return canFire(topic, what, ctx)
}

/** Take an open topic up for screening (受理研判). */
export function canTriage(topic: TopicFacts, ctx: GuardContext): Verdict {
  return canFire(topic, 'start_screening', ctx)
}

/**
 * Give one of the four-step replies. Step 4 needs its target; escalating to the parent room needs
 * the room to have one (a city room does not).
 */
export function canReply(
  topic: TopicFacts,
  ctx: GuardContext,
  kind: ReplyKind,
  target?: EscalationTarget,
  facts: { hasParentRoom?: boolean } = {},
): Verdict {
  const event = replyEvent(kind, target)
  if (!event) return deny('VALIDATION_FAILED', '转协商时请选择去向：上级议事室、协商议题或微建议')
  const verdict = canFire(topic, event, ctx)
  if (!verdict.ok) return verdict
  if (target === 'parent_room' && !facts.hasParentRoom) return deny('NO_PARENT_ROOM')
  return ALLOW
}

/** Step 4 of the reply, named for readability at call sites. */
export function canEscalate(
  topic: TopicFacts,
  ctx: GuardContext,
  target: EscalationTarget,
  facts: { hasParentRoom?: boolean } = {},
): Verdict {
  return canReply(topic, ctx, 'escalate', target, facts)
}

/**
 * Accept (or return) a topic escalated into `targetRoom`: decided by the parent room's convener or the
 * office staff above it, not by anyone in the room that sent it.
 */
export function canAcceptEscalation(
  topic: TopicFacts,
  ctx: GuardContext,
  targetRoom: ResourceScope,
  decision: 'accept' | 'return' = 'accept',
  facts: { reason?: string } = {},
): Verdict {
  const event = decision === 'accept' ? 'accept_escalation' : 'return_escalation'
  const verdict = canFire(topic, event, ctx, targetRoom)
  if (!verdict.ok) return verdict
  if (decision === 'return' && !facts.reason?.trim()) {
    return deny('REASON_REQUIRED', '退回下级议事室时请说明原因')
  }
  return ALLOW
}
