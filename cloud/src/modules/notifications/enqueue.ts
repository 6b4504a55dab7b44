/**
 * Writing notifications: called by the domain services inside the transaction of the change they
 * announce, so a status change and its notifications commit together or not at all. Each recipient
 * gets an in-app entry and an outbox entry, both keyed by `dedupeKey` + user, so an event (or a
 * scheduled job) that runs twice notifies each person once.
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import {
  TEMPLATE_OF_KIND,
  type NotificationKind,
  type TemplateKey,
} from '../../../../shared/notifications/kinds'
import {
  formatTemplate,
  type TemplateConfig,
  type TemplateInputs,
} from '../../../../shared/notifications/formatters'
import { notificationModel, outboxModel } from './model'

const WRITE_CHUNK = 1000

export type TemplateConfigs = { [K in TemplateKey]: TemplateConfig<K> }

export interface Announcement<K extends NotificationKind = NotificationKind> {
  kind: K
  /** Stable id of the event, e.g. `topic:<id>:event:<eventId>`; the user id is appended. */
  eventKey: string
  recipients: readonly string[]
  inApp: { title: string; body: string; link?: string }
  /** Fields of the kind's template. */
  template: TemplateInputs[(typeof TEMPLATE_OF_KIND)[K]]
  /** Mini program page the message opens. */
  page?: string
}

export async function enqueueNotifications(
  db: Connection,
  templates: TemplateConfigs,
  announcement: Announcement,
  session?: ClientSession,
  now = new Date(),
): Promise<number> {
  const recipients = [...new Set(announcement.recipients)].filter((id) =>
    Types.ObjectId.isValid(id),
  )
  if (recipients.length === 0) return 0
  const templateKey = TEMPLATE_OF_KIND[announcement.kind]
  // Formatting errors are bugs in our data: they throw here, before anything is written.
  const data = formatTemplate(
    templateKey,
    templates[templateKey] as TemplateConfig<typeof templateKey>,
    announcement.template as TemplateInputs[typeof templateKey],
  )
  const inApp = recipients.map((userId) => ({
    updateOne: {
      filter: { dedupeKey: `${announcement.eventKey}:${userId}` },
      update: {
        $setOnInsert: {
          userId: new Types.ObjectId(userId),
          kind: announcement.kind,
          ...announcement.inApp,
          dedupeKey: `${announcement.eventKey}:${userId}`,
          createdAt: now,
          readAt: null,
        },
      },
      upsert: true,
    },
  }))
  const outbox = recipients.map((userId) => ({
    updateOne: {
      filter: { dedupeKey: `${announcement.eventKey}:${userId}` },
      update: {
        $setOnInsert: {
          dedupeKey: `${announcement.eventKey}:${userId}`,
          userId: new Types.ObjectId(userId),
          kind: announcement.kind,
          template: templateKey,
          data,
          page: announcement.page,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseUntil: null,
          createdAt: now,
        },
      },
      upsert: true,
    },
  }))
  // In chunks: one event may reach 10,000 supporters, and a single 10,000-upsert command would keep
  // the (embedded) database busy long enough for the driver's heartbeat to give up on it.
  let upserted = 0
  for (let start = 0; start < recipients.length; start += WRITE_CHUNK) {
    const end = start + WRITE_CHUNK
    await notificationModel(db).bulkWrite(inApp.slice(start, end), { session, ordered: true })
    const result = await outboxModel(db).bulkWrite(outbox.slice(start, end), {
      session,
      ordered: true,
    })
    upserted += result.upsertedCount
  }
  return upserted
}
