/**
 * The user's side of notifications: the in-app centre (list, unread count, mark read), the grants
 * given in WeChat's subscription prompt (`wx.requestSubscribeMessage`, only ever called on a tap),
 * which template ids to ask for at which moment, and the per-kind preferences. Every call works on
 * the caller's own data only. What the pipeline announces is in `announce.ts`.
 */
import { Types, type Connection, type QueryFilter } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  TEMPLATE_KEYS,
  type TemplateKey,
} from '../../../../shared/notifications/kinds'
import type { TemplateConfigs } from './enqueue'
import {
  grantModel,
  notificationModel,
  prefsModel,
  type GrantDoc,
  type NotificationDoc,
} from './model'
import type {
  Moment,
  NotificationPage,
  NotificationQuery,
  NotificationView,
  Prefs,
  PrefsBody,
  SubscriptionBody,
  Subscriptions,
  TemplateMoments,
} from './schema'

/** One-time grants kept per template at most: enough for any topic's life, bounded anyway. */
export const MAX_REMAINING_GRANTS = 50

const oid = (id: string) => new Types.ObjectId(id)

interface Cursor {
  t: number
  id: string
}

function encodeCursor(row: NotificationDoc): string {
  const value: Cursor = { t: row.createdAt.getTime(), id: String(row._id) }
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor
    if (typeof value.t === 'number' && Types.ObjectId.isValid(value.id)) return value
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', '分页参数无效，请刷新列表', [
    { field: 'querystring.cursor', message: 'invalid cursor' },
  ])
}

function toView(row: NotificationDoc): NotificationView {
  const view: NotificationView = {
    id: String(row._id),
    kind: row.kind,
    kindLabel: NOTIFICATION_KIND_LABELS[row.kind],
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  }
  if (row.link) view.link = row.link
  return view
}

export async function countUnreadNotifications(db: Connection, userId: string): Promise<number> {
  return notificationModel(db).countDocuments({ userId: oid(userId), readAt: null })
}

/** The caller's notifications, newest first (keyset pages), with the unread count. */
export async function listMyNotifications(
  db: Connection,
  userId: string,
  query: NotificationQuery,
): Promise<NotificationPage> {
  const filter: QueryFilter<NotificationDoc> = { userId: oid(userId) }
  if (query.unread) filter.readAt = null
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor)
    const at = new Date(cursor.t)
    filter.$or = [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: oid(cursor.id) } }]
  }
  const rows = await notificationModel(db)
    .find(filter)
    .sort({ createdAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<NotificationDoc[]>()
  const page = rows.slice(0, query.limit)
  return {
    items: page.map(toView),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
    unreadCount: await countUnreadNotifications(db, userId),
  }
}

/** Marks one of the caller's notifications read; someone else's is NOTIFICATION_NOT_FOUND. */
export async function markNotificationRead(
  db: Connection,
  userId: string,
  notificationId: string,
  now = new Date(),
): Promise<{ id: string; read: true }> {
  const Notifications = notificationModel(db)
  const mine = { _id: oid(notificationId), userId: oid(userId) }
  const updated = await Notifications.updateOne(
    { ...mine, readAt: null },
    { $set: { readAt: now } },
  )
  if (updated.matchedCount === 0 && !(await Notifications.exists(mine))) {
    throw new DomainError('NOTIFICATION_NOT_FOUND')
  }
  return { id: notificationId, read: true }
}

export async function markAllNotificationsRead(
  db: Connection,
  userId: string,
  now = new Date(),
): Promise<{ updated: number }> {
  const result = await notificationModel(db).updateMany(
    { userId: oid(userId), readAt: null },
    { $set: { readAt: now } },
  )
  return { updated: result.modifiedCount }
}

/** Which templates to ask for at each moment of the mini program (each list ≤ 3 ids). */
const MOMENT_TEMPLATES: Record<Moment, readonly TemplateKey[]> = {
  // A raiser and a supporter follow the topic: its progress and the room's reply.
  after_raise: ['topic_progress', 'reply'],
  after_support: ['topic_progress', 'reply'],
  // An invitee: changes and reminders of the meeting, then its outcome.
  meeting_accept: ['meeting', 'topic_progress'],
  // A department officer: tasks assigned, reminders and overdue notices.
  dept_tasks: ['topic_progress'],
}

export function templateMoments(templates: TemplateConfigs): TemplateMoments {
  const ids = (keys: readonly TemplateKey[]) => [
    ...new Set(keys.map((key) => templates[key].templateId)),
  ]
  return {
    moments: {
      after_raise: ids(MOMENT_TEMPLATES.after_raise),
      after_support: ids(MOMENT_TEMPLATES.after_support),
      meeting_accept: ids(MOMENT_TEMPLATES.meeting_accept),
      dept_tasks: ids(MOMENT_TEMPLATES.dept_tasks),
    },
  }
}

export async function getMySubscriptions(
  db: Connection,
  templates: TemplateConfigs,
  userId: string,
): Promise<Subscriptions> {
  const templateIds = TEMPLATE_KEYS.map((key) => templates[key].templateId)
  const grants = await grantModel(db)
    .find({ userId: oid(userId), templateId: { $in: templateIds } })
    .lean<GrantDoc[]>()
  const byId = new Map(grants.map((grant) => [grant.templateId, grant]))
  const view = (key: TemplateKey) => {
    const templateId = templates[key].templateId
    const grant = byId.get(templateId)
    return { templateId, remaining: grant?.remaining ?? 0, always: grant?.always ?? null }
  }
  return { topic_progress: view('topic_progress'), reply: view('reply'), meeting: view('meeting') }
}

type Always = GrantDoc['always']

/**
 * The "always" choice after an answer: ticked → remembered; explicitly unticked → forgotten; not
 * said → kept, unless the answer contradicts it (the prompt showed, so it was no longer in force).
 */
function nextAlways(answer: 'accept' | 'reject', ticked: boolean | undefined, before: Always) {
  if (ticked === true) return answer
  if (ticked === false) return null
  return before !== null && before !== answer ? null : before
}

/**
 * Records what `wx.requestSubscribeMessage` returned after a tap: each 'accept' is one more
 * one-time send (at most MAX_REMAINING_GRANTS kept), 'reject'/'ban' send nothing, 'filter' (the
 * template was not shown) changes nothing. Template ids this service does not use are refused.
 */
export async function recordSubscriptions(
  db: Connection,
  templates: TemplateConfigs,
  userId: string,
  body: SubscriptionBody,
  now = new Date(),
): Promise<Subscriptions> {
  const known = new Set(TEMPLATE_KEYS.map((key) => templates[key].templateId))
  const unknown = Object.keys(body.results).filter((id) => !known.has(id))
  if (unknown.length > 0) {
    throw new DomainError('TEMPLATE_UNKNOWN', undefined, { templateIds: unknown })
  }
  const Grants = grantModel(db)
  const user = oid(userId)
  const answered = Object.entries(body.results).filter(([, answer]) => answer !== 'filter')
  const before = await Grants.find({
    userId: user,
    templateId: { $in: answered.map(([id]) => id) },
  }).lean<GrantDoc[]>()
  const previous = new Map(before.map((grant) => [grant.templateId, grant.always]))
  for (const [templateId, answer] of answered) {
    const choice = answer === 'accept' ? 'accept' : 'reject'
    const always = nextAlways(choice, body.always, previous.get(templateId) ?? null)
    await Grants.updateOne(
      { userId: user, templateId },
      { $set: { always, updatedAt: now }, $setOnInsert: { remaining: 0 } },
      { upsert: true },
    )
    if (choice === 'accept') {
      await Grants.updateOne(
        { userId: user, templateId, remaining: { $lt: MAX_REMAINING_GRANTS } },
        { $inc: { remaining: 1 } },
      )
    }
  }
  return getMySubscriptions(db, templates, userId)
}

function prefsView(prefs: { mutedKinds: Prefs['mutedKinds']; digest: boolean } | null): Prefs {
  return {
    mutedKinds: prefs?.mutedKinds ?? [],
    digest: prefs?.digest ?? false,
    kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind] })),
  }
}

export async function getNotificationPrefs(db: Connection, userId: string): Promise<Prefs> {
  return prefsView(await prefsModel(db).findById(oid(userId)).lean())
}

export async function updateNotificationPrefs(
  db: Connection,
  userId: string,
  body: PrefsBody,
  now = new Date(),
): Promise<Prefs> {
  const saved = await prefsModel(db)
    .findOneAndUpdate(
      { _id: oid(userId) },
      { $set: { mutedKinds: [...new Set(body.mutedKinds)], digest: body.digest, updatedAt: now } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean()
  return prefsView(saved)
}
