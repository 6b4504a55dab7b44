/**
 * Pure rules of supervision (督办) and call-back (回访) that the outcomes service applies: who an
 * overdue action item is escalated to, which items a supervision list shows, and the satisfaction
 * figures published for a topic. No I/O: the service passes the unit chain and the answers in.
 */
import type { ActionUrgency } from './deadlines'
import { RATING_MAX, RATING_MIN } from './types'
import type { UnitNode } from './unit-tree'

/**
 * The unit an overdue item is escalated to (督办升级), given the room's unit chain from the root
 * down to the room's own unit, and the units in that chain where someone holds an office_staff grant:
 *   1. the nearest unit of the chain (the room's own unit first, then upwards) with a joint-meeting
 *      office (an office_staff grant) — the office that runs the room's part of the tree;
 *   2. otherwise the district (区/县) the room lies in, whose CPPCC supervises its towns and villages;
 *   3. otherwise the root of the chain (a city-level room, or a tree without districts).
 * Undefined only for an empty chain.
 */
export function supervisingUnitId(
  chain: readonly UnitNode[],
  officeUnitIds: ReadonlySet<string>,
): string | undefined {
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    if (officeUnitIds.has(chain[i].id)) return chain[i].id
  }
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    if (chain[i].kind === 'district') return chain[i].id
  }
  return chain[0]?.id
}

/** A filter of the supervision list: one urgency, or `lagging` for overdue and escalate together. */
export const SUPERVISION_FILTERS = [
  'lagging',
  'escalate',
  'overdue',
  'due_soon',
  'on_track',
] as const
export type SupervisionFilter = (typeof SUPERVISION_FILTERS)[number]

export function matchesSupervisionFilter(
  urgency: ActionUrgency,
  filter: SupervisionFilter | undefined,
): boolean {
  if (filter === undefined) return true
  if (filter === 'lagging') return urgency === 'overdue' || urgency === 'escalate'
  return urgency === filter
}

/** Most urgent first: escalate, overdue, due soon, on track, then the finished ones. */
export const URGENCY_ORDER: Record<ActionUrgency, number> = {
  escalate: 0,
  overdue: 1,
  due_soon: 2,
  on_track: 3,
  done_late: 4,
  done: 5,
}

export interface CallbackAnswer {
  answered: boolean
  solved?: boolean
  rating?: number
  /** Recorded by staff after a phone call or visit rather than answered in the app. */
  recorded: boolean
}

export interface SatisfactionSummary {
  asked: number
  answered: number
  solved: number
  unsolved: number
  /** Of the answers, how many staff recorded (phone, visit). */
  recorded: number
  /** Mean of the ratings given, rounded to one decimal; null when nobody rated. */
  averageRating: number | null
  /** How many answers gave each score, index 0 = 1 分 … index 4 = 5 分. */
  ratingCounts: number[]
}

/** The public satisfaction figures of one call-back round (满意率). */
export function summarizeCallbacks(answers: readonly CallbackAnswer[]): SatisfactionSummary {
  const ratingCounts = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, () => 0)
  let answered = 0
  let solved = 0
  let unsolved = 0
  let recorded = 0
  let sum = 0
  let rated = 0
  for (const answer of answers) {
    if (!answer.answered) continue
    answered += 1
    if (answer.recorded) recorded += 1
    if (answer.solved === true) solved += 1
    if (answer.solved === false) unsolved += 1
    const { rating } = answer
    if (rating !== undefined && Number.isInteger(rating) && rating >= RATING_MIN) {
      if (rating <= RATING_MAX) {
        ratingCounts[rating - RATING_MIN] += 1
        sum += rating
        rated += 1
      }
    }
  }
  return {
    asked: answers.length,
    answered,
    solved,
    unsolved,
    recorded,
    averageRating: rated === 0 ? null : Math.round((sum / rated) * 10) / 10,
    ratingCounts,
  }
}
