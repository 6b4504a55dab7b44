/**
 * The topic state machine: the pipeline of DOMAIN.md (content check → supports → four-step reply →
 * consultation → outcome → action items → call-back) as one transition table. The table is data, so
 * the service, the mini program and the tests read the same rows; `by` names who may fire each event
 * (a permission, the topic's author or petitioner, or the system), and `permissions.ts` / the guards
 * turn that into yes or no for a particular user.
 */
import { TOPIC_EVENT_LABELS, TOPIC_STATE_LABELS } from './labels'
import type { Permission } from './permission-catalogue'
import type { EscalationTarget, ReplyKind, TopicSource } from './types'
import { ALLOW, deny, type Refusal, type Verdict } from './verdict'

export const TOPIC_STATES = [
  'pending_review', // held by the content check; visible only to its author and moderators
  'open', // public, collecting supports (附议)
  'screening', // taken up by the room: the four-step reply is decided here (研判)
  'researching', // step 3: recorded, the department is being consulted before answering
  'escalated_up', // step 4a: sent to the parent room, waiting for it to accept or return (提级)
  'consultation', // step 4b: accepted as a consultation topic; pre-meeting research (商前调研)
  'micro_suggestion', // step 4c: passed through the CPPCC to a department (微建议/社情民意)
  'meeting_scheduled', // a meeting has a time, place and form
  'outcome_published', // minutes and agreed plan are public (协商成果)
  'in_progress', // action items assigned and being carried out (交办/落实)
  'awaiting_callback', // work reported done; the petitioner is asked (回访)
  'reopened', // not solved: the room decides whether to resume the work or screen again
  'closed', // solved and confirmed at call-back
  'closed_explained', // step 1: against law or policy, explained and closed
  'closed_answered', // step 2 (or 3 after research): answered and closed
  'rejected', // risky or abusive content, refused by a moderator
  'withdrawn', // withdrawn by its author before it was handled
  'merged', // a duplicate (重复件), merged into another topic
] as const
export type TopicState = (typeof TOPIC_STATES)[number]

export const TOPIC_EVENTS = [
  'approve',
  'reject',
  'restore',
  'withdraw',
  'start_screening',
  'threshold_reached',
  'merge',
  'reply_explain',
  'reply_answer',
  'reply_research',
  'escalate_up',
  'accept_escalation',
  'return_escalation',
  'to_consultation',
  'to_micro_suggestion',
  'department_feedback',
  'schedule_meeting',
  'reschedule_meeting',
  'cancel_meeting',
  'publish_outcome',
  'assign_actions',
  'complete_actions',
  'confirm_solved',
  'report_unsolved',
  'reopen',
  'resume_actions',
  'rescreen',
] as const
export type TopicEvent = (typeof TOPIC_EVENTS)[number]

/** Who may fire an event: a permission in the topic's scope, its author, its petitioner, or the service. */
export type Actor = Permission | 'author' | 'petitioner' | 'system'

export interface Transition {
  from: readonly TopicState[]
  event: TopicEvent
  to: TopicState
  by: readonly Actor[]
}

const UNDECIDED = ['screening', 'researching'] as const
const CLOSED_STATES = ['closed', 'closed_explained', 'closed_answered'] as const

export const TRANSITIONS: readonly Transition[] = [
  // Content check. Rejection stays possible while the topic is public but unhandled, because a report
  // may reveal risky content later; a moderator can undo a mistaken rejection.
  { from: ['pending_review'], event: 'approve', to: 'open', by: ['topic.review'] },
  {
    from: ['pending_review', 'open', 'screening'],
    event: 'reject',
    to: 'rejected',
    by: ['topic.review'],
  },
  { from: ['rejected'], event: 'restore', to: 'open', by: ['topic.review'] },
  // An author may withdraw only before any reply: afterwards others have invested work in it.
  {
    from: ['pending_review', 'open', 'screening'],
    event: 'withdraw',
    to: 'withdrawn',
    by: ['author'],
  },
  // Screening starts by the convener's hand, or automatically when supports pass the room's threshold.
  { from: ['open'], event: 'start_screening', to: 'screening', by: ['topic.triage'] },
  { from: ['open'], event: 'threshold_reached', to: 'screening', by: ['system'] },
  { from: ['open', 'screening'], event: 'merge', to: 'merged', by: ['topic.triage'] },
  // The four-step reply. Steps 1, 2 and 4 may also conclude a research (step 3), which cannot repeat.
  { from: UNDECIDED, event: 'reply_explain', to: 'closed_explained', by: ['topic.reply'] },
  { from: UNDECIDED, event: 'reply_answer', to: 'closed_answered', by: ['topic.reply'] },
  { from: ['screening'], event: 'reply_research', to: 'researching', by: ['topic.reply'] },
  { from: UNDECIDED, event: 'escalate_up', to: 'escalated_up', by: ['topic.escalate'] },
  { from: UNDECIDED, event: 'to_consultation', to: 'consultation', by: ['topic.escalate'] },
  { from: UNDECIDED, event: 'to_micro_suggestion', to: 'micro_suggestion', by: ['topic.escalate'] },
  // The parent room screens an accepted topic afresh (it may answer, consult or escalate further);
  // a returned topic goes back to the original room's screening with the parent's reason.
  {
    from: ['escalated_up'],
    event: 'accept_escalation',
    to: 'screening',
    by: ['escalation.accept'],
  },
  {
    from: ['escalated_up'],
    event: 'return_escalation',
    to: 'screening',
    by: ['escalation.accept'],
  },
  // A micro-suggestion is one implicit action item for one department: its feedback ends the work.
  {
    from: ['micro_suggestion'],
    event: 'department_feedback',
    to: 'awaiting_callback',
    by: ['action.update'],
  },
  // Meeting and outcome.
  {
    from: ['consultation'],
    event: 'schedule_meeting',
    to: 'meeting_scheduled',
    by: ['meeting.schedule'],
  },
  {
    from: ['meeting_scheduled'],
    event: 'reschedule_meeting',
    to: 'meeting_scheduled',
    by: ['meeting.schedule'],
  },
  {
    from: ['meeting_scheduled'],
    event: 'cancel_meeting',
    to: 'consultation',
    by: ['meeting.schedule'],
  },
  {
    from: ['meeting_scheduled'],
    event: 'publish_outcome',
    to: 'outcome_published',
    by: ['outcome.publish'],
  },
  // Action items (交办). An outcome settled entirely on the spot (快速办) may go straight to call-back.
  {
    from: ['outcome_published'],
    event: 'assign_actions',
    to: 'in_progress',
    by: ['action.assign'],
  },
  {
    from: ['outcome_published', 'in_progress'],
    event: 'complete_actions',
    to: 'awaiting_callback',
    by: ['action.assign', 'system'],
  },
  // Call-back: the petitioner answers in the app, or staff record a phone or door-step call-back
  // (hotline petitioners and the elderly often have no account).
  {
    from: ['awaiting_callback'],
    event: 'confirm_solved',
    to: 'closed',
    by: ['petitioner', 'callback.record'],
  },
  {
    from: ['awaiting_callback'],
    event: 'report_unsolved',
    to: 'reopened',
    by: ['petitioner', 'callback.record'],
  },
  // Reopening after closure goes through the same `reopened` state so the room decides the route and
  // statistics count reopenings in one place.
  { from: CLOSED_STATES, event: 'reopen', to: 'reopened', by: ['petitioner', 'topic.triage'] },
  { from: ['reopened'], event: 'resume_actions', to: 'in_progress', by: ['topic.triage'] },
  { from: ['reopened'], event: 'rescreen', to: 'screening', by: ['topic.triage'] },
]

/** States no event leaves except an explicit restore/reopen (used for "已结束" filters). */
export const FINISHED_STATES: readonly TopicState[] = [
  ...CLOSED_STATES,
  'rejected',
  'withdrawn',
  'merged',
]

/** States only the author and moderators may see. */
export const HIDDEN_STATES: readonly TopicState[] = ['pending_review', 'rejected']

export type TransitionResult = { ok: true; state: TopicState } | Refusal

function findTransition(state: TopicState, event: TopicEvent): Transition | undefined {
  return TRANSITIONS.find((row) => row.event === event && row.from.includes(state))
}

/** The state `event` leads to from `state`, or an ILLEGAL_TRANSITION refusal. */
export function nextState(state: TopicState, event: TopicEvent): TransitionResult {
  const row = findTransition(state, event)
  if (!row)
    return deny(
      'ILLEGAL_TRANSITION',
      `议题处于“${TOPIC_STATE_LABELS[state]}”状态，不能“${TOPIC_EVENT_LABELS[event]}”`,
    )
  return { ok: true, state: row.to }
}

/** Events that are legal from `state`, in table order (who may fire them is a separate question). */
export function availableEvents(state: TopicState): TopicEvent[] {
  return TRANSITIONS.filter((row) => row.from.includes(state)).map((row) => row.event)
}

/** Who may fire `event` from `state`; empty when the transition is illegal. */
export function actorsFor(state: TopicState, event: TopicEvent): readonly Actor[] {
  return findTransition(state, event)?.by ?? []
}

/** Legality only, as a Verdict, for guards that combine it with role and fact checks. */
export function checkTransition(state: TopicState, event: TopicEvent): Verdict {
  const result = nextState(state, event)
  return result.ok ? ALLOW : result
}

/**
 * Where a new topic starts. Content the check flags is held; hotline tickets arrive already screened
 * by the joint-meeting office (日排查、周梳理), so they skip support collection.
 */
export function initialState(source: TopicSource, heldByContentCheck: boolean): TopicState {
  if (heldByContentCheck) return 'pending_review'
  return source === 'hotline_12345' ? 'screening' : 'open'
}

/** The event a four-step reply fires; step 4 needs its target. */
export function replyEvent(kind: ReplyKind, target?: EscalationTarget): TopicEvent | undefined {
  switch (kind) {
    case 'explain':
      return 'reply_explain'
    case 'answer':
      return 'reply_answer'
    case 'research':
      return 'reply_research'
    case 'escalate':
      if (target === 'parent_room') return 'escalate_up'
      if (target === 'consultation') return 'to_consultation'
      if (target === 'micro_suggestion') return 'to_micro_suggestion'
      return undefined
  }
}
