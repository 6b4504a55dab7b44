/**
 * Announcements: what the pipeline tells people, written INSIDE the transaction of the change they
 * announce (each takes the caller's `session`), so a state change and its notifications commit or
 * vanish together. Each recipient gets an in-app entry and an outbox entry (`enqueue.ts`), keyed by a
 * deterministic event key, so a retried change notifies each person once.
 *
 * - `announceTopicChange` is called by `fireTopicEvent` (and the meetings module's `stepTopic`) for
 *   EVERY state change: the author, the petitioner and the supporters hear of it (only the author
 *   and petitioner while the topic is hidden; never the person who acted). The kind follows the
 *   event: a four-step reply → topic_reply, publish_outcome → outcome_published, the work done →
 *   callback_request, assign_actions → nothing (it follows publish_outcome at once), anything else →
 *   topic_status. Modules therefore never announce these again.
 * - `announceMeeting`: invitees (and the officers of invited departments) of a meeting, its move or
 *   its cancellation; it returns who was told, so the agenda topics' announcements skip them.
 * - action items, department requests and reminders: `announce-actions.ts`.
 *
 * Templates: `app.config.notifications.templates`, bound to the app's connection when the
 * notifications routes register (`bindNotificationTemplates`); services that only hold `db` find
 * them with `notificationTemplates(db)` (the development templates for a connection no app bound).
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import { MEETING_FORM_LABELS, TOPIC_STATE_LABELS } from '../../../../shared/domain/labels'
import {
  HIDDEN_STATES,
  type TopicEvent,
  type TopicState,
} from '../../../../shared/domain/topic-machine'
import type { MeetingForm } from '../../../../shared/domain/types'
import {
  DEV_TEMPLATE_CONFIG,
  TemplateFormatError,
} from '../../../../shared/notifications/formatters'
import type { NotificationKind } from '../../../../shared/notifications/kinds'
import { roomModel } from '../org/model'
import type { TopicDoc } from '../topics/model'
import { enqueueNotifications, type Announcement, type TemplateConfigs } from './enqueue'
import { notificationModel, outboxModel } from './model'
import { inviteesOf, topicPeople } from './recipients'

const bound = new WeakMap<Connection, TemplateConfigs>()

export function bindNotificationTemplates(db: Connection, templates: TemplateConfigs): void {
  bound.set(db, templates)
}

export function notificationTemplates(db: Connection): TemplateConfigs {
  return bound.get(db) ?? DEV_TEMPLATE_CONFIG
}

export const topicLink = (topicId: unknown) => `pages/topic/index?id=${String(topicId)}`
export const meetingLink = (meetingId: unknown) => `pages/meeting/index?id=${String(meetingId)}`

export function clip(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…'
}

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** `3月5日 14:30` in Beijing time. */
export function beijingTime(at: Date): string {
  const parts = Object.fromEntries(beijing.formatToParts(at).map((p) => [p.type, p.value]))
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`
}

/**
 * Writes the announcement. A value the configured template cannot take (a misconfigured field type)
 * must not block the change it announces: the in-app entries are still written, and the outbox
 * records the failed message with the formatter's explanation instead of sending it.
 */
export async function deliver(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  announcement: Announcement,
  now = new Date(),
): Promise<number> {
  const recipients = [...new Set(announcement.recipients)].filter((id) =>
    Types.ObjectId.isValid(id),
  )
  if (recipients.length === 0) return 0
  const inApp = {
    ...announcement.inApp,
    title: clip(announcement.inApp.title, 100),
    body: clip(announcement.inApp.body, 500),
  }
  const clean = { ...announcement, recipients, inApp }
  try {
    return await enqueueNotifications(db, templates, clean, session, now)
  } catch (error) {
    if (!(error instanceof TemplateFormatError)) throw error
    const rows = recipients.map((userId) => ({
      dedupeKey: `${announcement.eventKey}:${userId}`,
      userId: new Types.ObjectId(userId),
      kind: announcement.kind,
    }))
    await notificationModel(db).bulkWrite(
      rows.map((row) => ({
        updateOne: {
          filter: { dedupeKey: row.dedupeKey },
          update: { $setOnInsert: { ...row, ...inApp, createdAt: now, readAt: null } },
          upsert: true,
        },
      })),
      { session, ordered: true },
    )
    await outboxModel(db).bulkWrite(
      rows.map((row) => ({
        updateOne: {
          filter: { dedupeKey: row.dedupeKey },
          update: {
            $setOnInsert: {
              ...row,
              template: error.template,
              data: {},
              status: 'done',
              result: 'failed',
              lastError: error.message,
              attempts: 0,
              nextAttemptAt: now,
              leaseOwner: null,
              leaseUntil: null,
              createdAt: now,
              doneAt: now,
            },
          },
          upsert: true,
        },
      })),
      { session, ordered: true },
    )
    return 0
  }
}

const REPLY_EVENTS: readonly TopicEvent[] = [
  'reply_explain',
  'reply_answer',
  'reply_research',
  'escalate_up',
  'to_consultation',
  'to_micro_suggestion',
]

/**
 * Changes the topic's people are not told of: assign_actions always follows publish_outcome at once
 * (its announcement already told them; the owner units' officers are told of their tasks).
 */
const QUIET_EVENTS: readonly TopicEvent[] = ['assign_actions']

export interface TopicChange {
  /** The topic after the change (its `version` is the new one). */
  topic: TopicDoc
  from: TopicState
  to: TopicState
  event: TopicEvent
  note?: string
  notePublic?: boolean
  /** Who acted (not told of their own action); null or absent for the system. */
  actorId?: string | null
  /** People already told of this change by a more specific announcement (meeting invitees). */
  exclude?: Iterable<string>
  at?: Date
}

/** A WeChat `name` value: Chinese, letters and symbols only (no digits), else a generic replier. */
function replierName(name: string | undefined): string {
  const kept = (name ?? '').replace(/[^\p{Script=Han}A-Za-z \p{P}\p{S}]/gu, '').trim()
  return kept || '议事室'
}

/** Tells the topic's people about a state change; returns how many outbox entries it added. */
export async function announceTopicChange(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  change: TopicChange,
): Promise<number> {
  const { topic, to, event } = change
  if (QUIET_EVENTS.includes(event)) return 0
  const at = change.at ?? new Date()
  const hidden = HIDDEN_STATES.includes(to)
  const people = await topicPeople(db, session, topic, { supporters: !hidden })
  const skip = new Set(change.exclude ?? [])
  if (change.actorId) skip.add(change.actorId)
  const recipients = people.all.filter((id) => !skip.has(id))
  if (recipients.length === 0) return 0

  const label = TOPIC_STATE_LABELS[to]
  const note = change.notePublic === false ? undefined : change.note?.trim() || undefined
  const link = topicLink(topic.mergedIntoId ?? topic._id)
  const eventKey = `topic:${String(topic._id)}:v${topic.version}`
  const progress = (kind: NotificationKind, heading: string, who: string[], body: string) =>
    deliver(
      db,
      templates,
      session,
      {
        kind,
        eventKey,
        recipients: who,
        inApp: { title: `${heading}：${topic.title}`, body, link },
        template: { title: topic.title, status: label, time: at, note: note ?? body },
        page: link,
      },
      at,
    )
  const statusBody = note ? `状态：${label}\n说明：${note}` : `状态：${label}`

  if (REPLY_EVENTS.includes(event)) {
    const room = await roomModel(db).findById(topic.roomId, { name: 1 }).session(session).lean()
    const reply = note ?? `议题状态：${label}`
    return deliver(
      db,
      templates,
      session,
      {
        kind: 'topic_reply',
        eventKey,
        recipients,
        inApp: { title: `答复通知：${topic.title}`, body: `状态：${label}\n答复：${reply}`, link },
        template: { title: topic.title, reply, replier: replierName(room?.name), time: at },
        page: link,
      },
      at,
    )
  }
  if (event === 'publish_outcome') {
    const body = '协商成果已发布，请查看协商方案和任务分工。'
    return progress('outcome_published', '协商成果', recipients, body)
  }
  const callbackBody = `${note ? `${note}\n` : ''}相关工作已办结，请告诉我们问题是否解决，并为办理结果评分。`
  if (event === 'complete_actions') {
    return progress('callback_request', '回访邀请', recipients, callbackBody)
  }
  if (event === 'department_feedback' && people.petitioner) {
    // Only the petitioner is asked at a micro-suggestion's call-back; the rest hear the status.
    const petitioner = recipients.filter((id) => id === people.petitioner)
    const others = recipients.filter((id) => id !== people.petitioner)
    const asked = await progress('callback_request', '回访邀请', petitioner, callbackBody)
    return asked + (await progress('topic_status', '议题进展', others, statusBody))
  }
  return progress('topic_status', '议题进展', recipients, statusBody)
}

export interface MeetingNews {
  meeting: {
    _id: Types.ObjectId
    title: string
    form: MeetingForm
    startsAt: Date
    place?: { address: string }
  }
  change: 'scheduled' | 'moved' | 'cancelled'
  /** The meeting's version after the change (one event key per change). */
  version: number
  invites: ReadonlyArray<{ userId?: Types.ObjectId; departmentUnitId?: Types.ObjectId }>
  reason?: string
  actorId?: string
  at?: Date
}

/** Tells the invitees; returns everyone it addressed (the actor included, who is not told). */
export async function announceMeeting(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  news: MeetingNews,
): Promise<string[]> {
  const { meeting, change } = news
  const at = news.at ?? new Date()
  const invitees = await inviteesOf(db, session, news.invites)
  const recipients = invitees.filter((id) => id !== news.actorId)
  const where = meeting.place?.address ?? MEETING_FORM_LABELS[meeting.form]
  const when = beijingTime(meeting.startsAt)
  const link = meetingLink(meeting._id)
  const text = {
    scheduled: {
      title: `协商会邀请：${meeting.title}`,
      body: `时间：${when}\n地点：${where}\n请回复是否参加。`,
    },
    moved: {
      title: `协商会调整：${meeting.title}`,
      body: `新的时间：${when}\n地点：${where}\n请重新回复是否参加。`,
    },
    cancelled: {
      title: `协商会取消：${meeting.title}`,
      body: `原定 ${when} 的协商会已取消。${news.reason ? `\n原因：${news.reason}` : ''}`,
    },
  }[change]
  await deliver(
    db,
    templates,
    session,
    {
      kind: 'meeting_invitation',
      eventKey: `meeting:${String(meeting._id)}:v${news.version}`,
      recipients,
      inApp: { ...text, link },
      template: {
        subject: change === 'cancelled' ? `已取消：${meeting.title}` : meeting.title,
        time: meeting.startsAt,
        place: where,
      },
      page: link,
    },
    at,
  )
  return invitees
}
