/**
 * The facts about a topic the guards need, the per-room rules they apply (support threshold and
 * windows), and the context a guard runs in (who, where in the unit tree, when). Rules are parameters
 * with documented defaults so a room can tune them without code changes.
 */
import type { ResourceScope, UserAccess } from './permissions'
import type { TopicState } from './topic-machine'
import type { UnitTree } from './unit-tree'
import { addDays } from './working-days'

/** What a guard needs to know about a topic; the service maps its document onto this. */
export interface TopicFacts {
  state: TopicState
  /** Who submitted it (a grid worker or staff member when raised on someone's behalf). */
  authorId: string
  /** The resident whose problem it is, when not the author; absent for hotline petitioners without an account. */
  petitionerId?: string
  /** True for 12345 tickets and other topics raised on behalf of someone, whose petitioner may have no account. */
  onBehalf?: boolean
  roomId: string
  /** The unit the room belongs to. */
  unitId: string
  /** For micro-suggestions: the department it was passed to. */
  departmentUnitId?: string
  createdAt: Date
  /** When it last entered a closed state (for the reopen window). */
  closedAt?: Date
}

export interface TopicRules {
  /** Supports that move an open topic to screening automatically (附议门槛). */
  supportThreshold: number
  /** Calendar days an open topic collects supports before the window closes. */
  supportWindowDays: number
  /** Calendar days after closing during which the petitioner may ask to reopen. */
  reopenWindowDays: number
}

/**
 * Assumptions, not sourced figures: 10 supports is a lot for a village room and little for a city
 * one, so rooms should set their own; 180 days mirrors CONSUL's archiving idea at half its length;
 * 30 days to reopen follows the monthly rhythm of 月协商.
 */
export const DEFAULT_TOPIC_RULES: TopicRules = {
  supportThreshold: 10,
  supportWindowDays: 180,
  reopenWindowDays: 30,
}

export interface GuardContext {
  user: UserAccess
  units: UnitTree
  now: Date
  rules?: TopicRules
}

export function rulesOf(ctx: GuardContext): TopicRules {
  return ctx.rules ?? DEFAULT_TOPIC_RULES
}

/** The scope permissions are checked against for anything belonging to the topic. */
export function scopeOf(topic: TopicFacts): ResourceScope {
  return { roomId: topic.roomId, unitId: topic.unitId, departmentUnitId: topic.departmentUnitId }
}

/** The resident whose problem it is: the petitioner when raised on their behalf, else the author. */
export function petitionerOf(topic: TopicFacts): string | undefined {
  if (topic.petitionerId) return topic.petitionerId
  return topic.onBehalf ? undefined : topic.authorId
}

/** Whether supports have reached the room's threshold while the topic is still open. */
export function shouldAutoScreen(
  state: TopicState,
  supportCount: number,
  rules: TopicRules = DEFAULT_TOPIC_RULES,
): boolean {
  return state === 'open' && supportCount >= rules.supportThreshold
}

/** The last instant an open topic accepts supports. */
export function supportClosesAt(createdAt: Date, rules: TopicRules = DEFAULT_TOPIC_RULES): Date {
  return addDays(createdAt, rules.supportWindowDays)
}

/** The last instant a closed topic may be reopened by its petitioner. */
export function reopenClosesAt(closedAt: Date, rules: TopicRules = DEFAULT_TOPIC_RULES): Date {
  return addDays(closedAt, rules.reopenWindowDays)
}
