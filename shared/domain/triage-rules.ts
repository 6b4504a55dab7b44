/**
 * Rules of the four-step reply that the state machine and the guards do not cover: which room a
 * topic escalates to (村→镇→区: a room attached to an ancestor of the sending room's unit, by default
 * the nearest one), which deadline a reply of each kind is held to, and how a deadline reads on the
 * staff's clock (due date, overdue, working days left). Pure: `now` is always an argument.
 */
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, isOverdue, replyDueAt } from './deadlines'
import type { TopicState } from './topic-machine'
import type { ReplyKind } from './types'
import { workingDaysBetween } from './working-days'

/** States in which the room still owes the four-step reply (the staff queue, supervision). */
export const UNDECIDED_STATES = ['open', 'screening', 'researching', 'escalated_up'] as const
export type UndecidedState = (typeof UNDECIDED_STATES)[number]

export interface RoomAtUnit {
  id: string
  unitId: string
}

export type ParentRoomChoice =
  | { ok: true; room: RoomAtUnit }
  | { ok: false; code: 'NO_PARENT_ROOM' | 'ESCALATION_TARGET_INVALID' }

/**
 * Rooms a topic may be escalated to: those attached to a strict ancestor of the sending room's unit
 * (rooms of the same unit are peers, not parents), nearest ancestor first; within one unit the
 * input order is kept (the service passes the oldest room first).
 */
export function parentRoomCandidates(
  ancestorUnitIds: readonly string[],
  rooms: readonly RoomAtUnit[],
): RoomAtUnit[] {
  const depth = (room: RoomAtUnit): number => ancestorUnitIds.indexOf(room.unitId)
  return rooms
    .map((room, order) => ({ room, order, depth: depth(room) }))
    .filter((entry) => entry.depth >= 0)
    .sort((a, b) => b.depth - a.depth || a.order - b.order)
    .map((entry) => entry.room)
}

/**
 * The room an escalation goes to. `ancestorUnitIds` are the sending unit's ancestors, root first
 * (not the unit itself); `requestedRoomId`, when given, must be one of the candidates.
 */
export function pickParentRoom(
  ancestorUnitIds: readonly string[],
  rooms: readonly RoomAtUnit[],
  requestedRoomId?: string,
): ParentRoomChoice {
  const candidates = parentRoomCandidates(ancestorUnitIds, rooms)
  if (candidates.length === 0) return { ok: false, code: 'NO_PARENT_ROOM' }
  if (requestedRoomId === undefined) return { ok: true, room: candidates[0] }
  const requested = candidates.find((room) => room.id === requestedRoomId)
  return requested
    ? { ok: true, room: requested }
    : { ok: false, code: 'ESCALATION_TARGET_INVALID' }
}

/**
 * The deadline a reply of `kind` is held to, counted from when the current room received the topic.
 * Concluding a research (from `researching`) is held to the research limit whatever the conclusion;
 * otherwise each kind has its own limit (explaining or answering is quicker than handing over).
 */
export function replyDeadline(
  kind: ReplyKind,
  receivedAt: Date,
  state: TopicState,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Date {
  return replyDueAt(receivedAt, state === 'researching' ? 'research' : kind, policy)
}

export interface ReplyClock {
  dueAt: Date
  overdue: boolean
  /** Working days left until the due date; negative once overdue (0 on the due day). */
  workingDaysLeft: number
}

/** How a due date reads on the staff's clock at `now`. */
export function replyClock(
  dueAt: Date,
  now: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): ReplyClock {
  const overdue = isOverdue(dueAt, now)
  const workingDaysLeft = overdue
    ? -workingDaysBetween(dueAt, now, policy.calendar)
    : workingDaysBetween(now, dueAt, policy.calendar)
  return { dueAt, overdue, workingDaysLeft: workingDaysLeft === 0 ? 0 : workingDaysLeft }
}

/** The deadline of every kind at once, for the staff's "each step has its own limit" display. */
export function replyLimits(
  receivedAt: Date,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): Record<ReplyKind, Date> {
  return {
    explain: replyDueAt(receivedAt, 'explain', policy),
    answer: replyDueAt(receivedAt, 'answer', policy),
    research: replyDueAt(receivedAt, 'research', policy),
    escalate: replyDueAt(receivedAt, 'escalate', policy),
  }
}
