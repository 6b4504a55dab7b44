/**
 * What Shangliang notifies people about, which subscription-message template each kind uses, and the
 * Chinese labels for the notification centre and the preference screen. Every kind reaches the
 * in-app centre; the WeChat message is an extra that needs the user's grant (订阅).
 */
export const NOTIFICATION_KINDS = [
  'topic_status', // a topic I raised or supported changed state
  'topic_reply', // the room replied to my topic (four-step reply)
  'meeting_invitation', // I am invited to a meeting, or it changed
  'meeting_reminder', // 24 h / 1 h before a meeting I accepted
  'outcome_published', // the outcome of a topic I raised or supported
  'action_assigned', // my department was assigned an action item
  'action_progress', // progress on a topic I raised or supported
  'action_overdue', // an item of my department / under my supervision is overdue
  'callback_request', // please tell us whether it is solved (回访)
  'digest', // the daily digest for busy roles
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  topic_status: '议题进展',
  topic_reply: '答复通知',
  meeting_invitation: '协商会邀请',
  meeting_reminder: '协商会提醒',
  outcome_published: '协商成果',
  action_assigned: '交办任务',
  action_progress: '办理进度',
  action_overdue: '逾期督办',
  callback_request: '回访邀请',
  digest: '每日汇总',
}

/** The three templates the product uses (ids and field keys come from configuration). */
export const TEMPLATE_KEYS = ['topic_progress', 'reply', 'meeting'] as const
export type TemplateKey = (typeof TEMPLATE_KEYS)[number]

export const TEMPLATE_OF_KIND: Record<NotificationKind, TemplateKey> = {
  topic_status: 'topic_progress',
  topic_reply: 'reply',
  meeting_invitation: 'meeting',
  meeting_reminder: 'meeting',
  outcome_published: 'topic_progress',
  action_assigned: 'topic_progress',
  action_progress: 'topic_progress',
  action_overdue: 'topic_progress',
  callback_request: 'topic_progress',
  digest: 'topic_progress',
}
