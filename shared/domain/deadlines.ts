/**
 * Time limits of the pipeline: the four-step reply, action items (with due-soon, overdue and 督办
 * escalation after a grace period) and the call-back. Every limit is a policy parameter; the defaults
 * are ASSUMPTIONS for a first version (no official figures were found in the seed material), chosen to
 * resemble 12345 practice (a few working days to answer, longer for research) and to be overridden
 * per deployment. Pure: `now` is always an argument.
 */
import type { ActionItemStatus, ActionTrack, ReplyKind } from './types'
import {
  addWorkingDays,
  CHINA_CALENDAR,
  workingDaysBetween,
  type WorkCalendar,
} from './working-days'

export interface DeadlinePolicy {
  /** Working days from receipt to the reply, per four-step kind. */
  replyWorkingDays: Record<ReplyKind, number>
  /** Default working days an action item gets, per track, when the outcome names no date. */
  actionWorkingDays: Record<ActionTrack, number>
  /** An open item is "due soon" when this many working days or fewer remain. */
  dueSoonWorkingDays: number
  /** Working days past due after which an item is escalated for supervision (督办升级). */
  escalationGraceWorkingDays: number
  /** Working days from "all work done" to the call-back (回访). */
  callbackWorkingDays: number
  calendar: WorkCalendar
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  // Assumption: explain and answer within 3 working days; research within 15; deciding on and handing
  // over an escalation within 5.
  replyWorkingDays: { explain: 3, answer: 3, research: 15, escalate: 5 },
  // Assumption: 快速办 a week, 统筹办 a month, 持续办 a quarter (they usually carry explicit dates).
  actionWorkingDays: { quick: 5, coordinated: 20, ongoing: 60 },
  dueSoonWorkingDays: 2,
  escalationGraceWorkingDays: 3,
  callbackWorkingDays: 5,
  calendar: CHINA_CALENDAR,
}

/**
 * When the reply of the given kind is due, counting from when the room received the topic (its
 * creation, or the hotline ticket's import). Before a kind is chosen, the 'answer' limit is the
 * deadline for deciding which step applies.
 */
export function replyDueAt(
  receivedAt: Date,
  kind: ReplyKind = 'answer',
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date {
  return addWorkingDays(receivedAt, policy.replyWorkingDays[kind], policy.calendar)
}

/** A deadline is missed once `now` is strictly after it (the deadline is the day's last millisecond). */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime()
}

export function isReplyOverdue(
  receivedAt: Date,
  kind: ReplyKind,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): boolean {
  return isOverdue(replyDueAt(receivedAt, kind, policy), now)
}

/** Default due date of an action item assigned at `assignedAt` on the given track. */
export function actionDueAt(
  assignedAt: Date,
  track: ActionTrack,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date {
  return addWorkingDays(assignedAt, policy.actionWorkingDays[track], policy.calendar)
}

export interface ActionItemTiming {
  status: ActionItemStatus
  dueAt: Date
  doneAt?: Date
}

/** How an action item stands in time; drives reminders, the 督办 list and colour badges. */
export type ActionUrgency = 'done' | 'done_late' | 'on_track' | 'due_soon' | 'overdue' | 'escalate'

/** When an overdue item is escalated for supervision. */
export function actionEscalatesAt(
  dueAt: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date {
  return addWorkingDays(dueAt, policy.escalationGraceWorkingDays, policy.calendar)
}

export function actionUrgency(
  item: ActionItemTiming,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): ActionUrgency {
  if (item.status === 'done') {
    return item.doneAt && isOverdue(item.dueAt, item.doneAt) ? 'done_late' : 'done'
  }
  if (isOverdue(actionEscalatesAt(item.dueAt, policy), now)) return 'escalate'
  if (isOverdue(item.dueAt, now)) return 'overdue'
  const remaining = workingDaysBetween(now, item.dueAt, policy.calendar)
  return remaining <= policy.dueSoonWorkingDays ? 'due_soon' : 'on_track'
}

/** When the call-back is due after the work was reported done. */
export function callbackDueAt(
  completedAt: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date {
  return addWorkingDays(completedAt, policy.callbackWorkingDays, policy.calendar)
}

export function isCallbackOverdue(
  completedAt: Date,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): boolean {
  return isOverdue(callbackDueAt(completedAt, policy), now)
}
