// The four-step reply form: which kinds and targets the topic allows now (from the service's
// allowedEvents), the checks mirroring the service's rules, and the request body.
import type { TopicEvent } from '@shared/domain/topic-machine'
import {
  ESCALATION_TARGETS,
  REPLY_KINDS,
  type EscalationTarget,
  type ReplyKind,
} from '@shared/domain/types'
import type { ReplyBody } from '@/services/triage'
import { textLength } from '@/services/staff'
import type { ReplyStrings } from './strings'

export interface ReplyDraft {
  kind?: ReplyKind
  target?: EscalationTarget
  text: string
  question: string
  departmentUnitId?: string
  parentRoomId?: string
}

export const EMPTY_DRAFT: ReplyDraft = { text: '', question: '' }

export type ReplyField = 'kind' | 'target' | 'text' | 'question' | 'department'
export type ReplyProblems = Partial<Record<ReplyField, string>>

const TEXT_MIN = 2
const TEXT_MAX = 2000

const KIND_EVENTS: Record<ReplyKind, readonly TopicEvent[]> = {
  explain: ['reply_explain'],
  answer: ['reply_answer'],
  research: ['reply_research'],
  escalate: ['escalate_up', 'to_consultation', 'to_micro_suggestion'],
}

const TARGET_EVENTS: Record<EscalationTarget, TopicEvent> = {
  parent_room: 'escalate_up',
  consultation: 'to_consultation',
  micro_suggestion: 'to_micro_suggestion',
}

export function allowedKinds(events: readonly TopicEvent[]): ReplyKind[] {
  return REPLY_KINDS.filter((kind) => KIND_EVENTS[kind].some((event) => events.includes(event)))
}

export function allowedTargets(events: readonly TopicEvent[]): EscalationTarget[] {
  return ESCALATION_TARGETS.filter((target) => events.includes(TARGET_EVENTS[target]))
}

/** Replies that close the topic at once. */
export function closesTopic(kind: ReplyKind): boolean {
  return kind === 'explain' || kind === 'answer'
}

export function needsDepartment(draft: Pick<ReplyDraft, 'kind' | 'target'>): boolean {
  return (
    draft.kind === 'research' || (draft.kind === 'escalate' && draft.target === 'micro_suggestion')
  )
}

export function validateReply(draft: ReplyDraft, t: ReplyStrings): ReplyProblems {
  const problems: ReplyProblems = {}
  if (!draft.kind) return { kind: t.errKind }
  const text = textLength(draft.text)
  if (closesTopic(draft.kind)) {
    if (text < TEXT_MIN) problems.text = t.errText
  } else if (text > 0 && text < TEXT_MIN) {
    problems.text = t.errTextShort
  }
  if (text > TEXT_MAX) problems.text = t.errTooLong
  if (draft.kind === 'research') {
    const question = textLength(draft.question)
    if (question > 0 && question < TEXT_MIN) problems.question = t.errQuestion
    if (question > TEXT_MAX) problems.question = t.errTooLong
  }
  if (draft.kind === 'escalate' && !draft.target) problems.target = t.errTarget
  if (needsDepartment(draft) && !draft.departmentUnitId) problems.department = t.errDepartment
  return problems
}

/** The body for a valid draft: only the fields its kind uses (the service refuses others). */
export function buildReplyBody(draft: ReplyDraft & { kind: ReplyKind }): ReplyBody {
  const body: ReplyBody = { kind: draft.kind }
  const text = draft.text.trim()
  if (text) body.text = text
  if (draft.kind === 'research') {
    body.departmentUnitId = draft.departmentUnitId
    const question = draft.question.trim()
    if (question) body.question = question
  }
  if (draft.kind === 'escalate') {
    body.target = draft.target
    if (draft.target === 'micro_suggestion') body.departmentUnitId = draft.departmentUnitId
    if (draft.target === 'parent_room' && draft.parentRoomId) body.parentRoomId = draft.parentRoomId
  }
  return body
}
