// The outcome form: the plan and its action items, the checks mirroring the service's schema, and the
// POST /api/topics/{id}/outcome body (a due day means the end of that Beijing day).
import type { ActionTrack } from '@shared/domain/types'
import {
  OUTCOME_LIMITS,
  type ActionItemInput,
  type PublishOutcomeBody,
} from '@/services/outcome-publish'
import { beijingToday, endOfBeijingDay, textLength } from '@/services/staff'
import type { OutcomeStrings } from './strings'

export interface ItemDraft {
  key: string
  title: string
  ownerUnitId?: string
  track?: ActionTrack
  /** 'YYYY-MM-DD' or '' for the track's default. */
  dueDate: string
  detail: string
  settledOnSpot: boolean
}

export interface OutcomeDraft {
  plan: string
  items: ItemDraft[]
}

export type ItemField = 'title' | 'owner' | 'track' | 'due' | 'detail'
export interface OutcomeProblems {
  plan?: string
  items?: string
  byItem: Record<string, Partial<Record<ItemField, string>>>
}

let counter = 0

export function newItem(): ItemDraft {
  counter += 1
  return { key: `item-${counter}`, title: '', dueDate: '', detail: '', settledOnSpot: false }
}

export function hasProblems(problems: OutcomeProblems): boolean {
  return (
    problems.plan !== undefined ||
    problems.items !== undefined ||
    Object.values(problems.byItem).some((item) => Object.keys(item).length > 0)
  )
}

export function validateOutcome(
  draft: OutcomeDraft,
  t: OutcomeStrings,
  now: Date = new Date(),
): OutcomeProblems {
  const problems: OutcomeProblems = { byItem: {} }
  const plan = textLength(draft.plan)
  if (plan < OUTCOME_LIMITS.planMin || plan > OUTCOME_LIMITS.planMax) problems.plan = t.errPlan
  if (draft.items.length > OUTCOME_LIMITS.itemsMax) problems.items = t.errTooMany
  const today = beijingToday(now)
  for (const item of draft.items) {
    const found: Partial<Record<ItemField, string>> = {}
    const title = textLength(item.title)
    if (title < OUTCOME_LIMITS.titleMin || title > OUTCOME_LIMITS.titleMax) found.title = t.errTitle
    if (!item.ownerUnitId) found.owner = t.errOwner
    if (!item.track) found.track = t.errTrack
    if (item.dueDate && item.dueDate <= today) found.due = t.errDue
    if (textLength(item.detail) > OUTCOME_LIMITS.detailMax) found.detail = t.errDetail
    if (Object.keys(found).length > 0) problems.byItem[item.key] = found
  }
  return problems
}

export function buildOutcomeBody(draft: OutcomeDraft): PublishOutcomeBody {
  return {
    plan: draft.plan.trim(),
    actionItems: draft.items.map((item) => {
      const input: ActionItemInput = {
        title: item.title.trim(),
        ownerUnitId: item.ownerUnitId as string,
        track: item.track as ActionTrack,
      }
      if (item.dueDate) input.dueAt = endOfBeijingDay(item.dueDate)
      if (item.detail.trim()) input.detail = item.detail.trim()
      if (item.track === 'quick' && item.settledOnSpot) input.settledOnSpot = true
      return input
    }),
  }
}
