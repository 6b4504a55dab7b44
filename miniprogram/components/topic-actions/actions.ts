import { TOPIC_EVENT_LABELS } from '@shared/domain/labels'
import type { TopicEvent } from '@shared/domain/topic-machine'
import type { TopicView } from '@/services/topics'

/** A staff action the topic page offers: a page in the staff subpackage, or done right here. */
export type StaffAction =
  | { key: 'reply' | 'schedule' | 'outcome'; kind: 'page'; label: string; url: string }
  | { key: 'screening' | 'resume' | 'rescreen'; kind: 'inline'; label: string }
  | { key: 'callback'; kind: 'form'; label: string }

/** Every event that the four-step reply page decides between. */
const REPLY_EVENTS: readonly TopicEvent[] = [
  'reply_explain',
  'reply_answer',
  'reply_research',
  'escalate_up',
  'to_consultation',
  'to_micro_suggestion',
]

/**
 * The staff actions for this caller, from the topic view's `allowedEvents` (what the service's
 * guards allow). Residents' own events (withdraw, the call-back answer) are not staff actions.
 * The call-back events are shared by the petitioner and staff holding `callback.record`; the view
 * sends personal details (`pii`) only to callers in the roles holding `callback.record`, which
 * tells staff apart from a petitioner. Merging is left to the staff queue.
 */
export function staffActions(
  topic: Pick<TopicView, 'id' | 'roomId' | 'allowedEvents' | 'pii'>,
  labels: { reply: string; callback: string },
): StaffAction[] {
  const allowed = new Set(topic.allowedEvents)
  const id = encodeURIComponent(topic.id)
  const actions: StaffAction[] = []
  if (allowed.has('start_screening')) {
    actions.push({ key: 'screening', kind: 'inline', label: TOPIC_EVENT_LABELS.start_screening })
  }
  if (REPLY_EVENTS.some((event) => allowed.has(event))) {
    actions.push({
      key: 'reply',
      kind: 'page',
      label: labels.reply,
      url: `/staff/reply/index?id=${id}`,
    })
  }
  if (allowed.has('schedule_meeting')) {
    actions.push({
      key: 'schedule',
      kind: 'page',
      label: TOPIC_EVENT_LABELS.schedule_meeting,
      url: `/staff/schedule/index?roomId=${encodeURIComponent(topic.roomId)}&topicId=${id}`,
    })
  }
  if (allowed.has('publish_outcome')) {
    actions.push({
      key: 'outcome',
      kind: 'page',
      label: TOPIC_EVENT_LABELS.publish_outcome,
      url: `/staff/outcome/index?id=${id}`,
    })
  }
  if (
    topic.pii !== undefined &&
    (allowed.has('confirm_solved') || allowed.has('report_unsolved'))
  ) {
    actions.push({ key: 'callback', kind: 'form', label: labels.callback })
  }
  if (allowed.has('resume_actions')) {
    actions.push({ key: 'resume', kind: 'inline', label: TOPIC_EVENT_LABELS.resume_actions })
  }
  if (allowed.has('rescreen')) {
    actions.push({ key: 'rescreen', kind: 'inline', label: TOPIC_EVENT_LABELS.rescreen })
  }
  return actions
}

/**
 * Whether the caller answers call-backs as staff (records them) rather than as the petitioner or
 * a supporter: see `staffActions` on why the presence of `pii` tells them apart.
 */
export function isCallbackStaff(topic: Pick<TopicView, 'pii'>): boolean {
  return topic.pii !== undefined
}
