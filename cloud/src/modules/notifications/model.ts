/**
 * Notifications: the in-app centre (`notifications`), the WeChat outbox (`outbox`), the
 * subscription grants users gave (`subscription_grants`) and their preferences
 * (`notification_prefs`). The only notifications file importing mongoose.
 */
import type { Types } from 'mongoose'
import { Schema, type Connection, type Model } from 'mongoose'
import {
  NOTIFICATION_KINDS,
  TEMPLATE_KEYS,
  type NotificationKind,
  type TemplateKey,
} from '../../../../shared/notifications/kinds'

export interface NotificationDoc {
  _id: Types.ObjectId
  userId: Types.ObjectId
  kind: NotificationKind
  title: string
  body: string
  /** Mini program page to open, e.g. `pages/topic/index?id=…`. */
  link?: string
  /** The same key as the outbox entry, so an event notifies a person once however often it runs. */
  dedupeKey: string
  createdAt: Date
  readAt: Date | null
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    title: { type: String, required: true, maxlength: 100 },
    body: { type: String, required: true, maxlength: 500 },
    link: String,
    dedupeKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { collection: 'notifications', versionKey: false },
)
// The centre: a user's notifications newest first.
notificationSchema.index({ userId: 1, createdAt: -1 })
// Unread count and "mark all read" (`readAt: null`).
notificationSchema.index({ userId: 1, readAt: 1 })
// Idempotent enqueue (an event or job that runs twice notifies once).
notificationSchema.index({ dedupeKey: 1 }, { unique: true })

export const OUTBOX_STATUSES = ['pending', 'sending', 'done'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/**
 * How an entry ended: sent; in-app only because there was no grant, the user opted out, prefers the
 * digest, or has no openid; failed (a bug such as 47003, or retries exhausted); uncertain (the worker
 * died while WeChat may have accepted it — never resent, so nobody gets a message twice).
 */
export const OUTBOX_RESULTS = [
  'sent',
  'no_grant',
  'opted_out',
  'digest',
  'no_openid',
  'failed',
  'uncertain',
] as const
export type OutboxResult = (typeof OUTBOX_RESULTS)[number]

export interface OutboxDoc {
  _id: Types.ObjectId
  dedupeKey: string
  userId: Types.ObjectId
  kind: NotificationKind
  template: TemplateKey
  /** Already formatted and valid for the template (shared/notifications/formatters.ts). */
  data: Record<string, { value: string }>
  page?: string
  status: OutboxStatus
  /**
   * While `sending`: `calling` — claimed right before its WeChat call, until its outcome is written.
   * A dead worker's `calling` entries may have reached WeChat (closed as `uncertain`); `claimed`
   * (claimed ahead of the call, as earlier workers did) never did, and is safely retried.
   */
  phase?: 'claimed' | 'calling' | null
  result?: OutboxResult
  attempts: number
  nextAttemptAt: Date
  leaseOwner: string | null
  leaseUntil: Date | null
  lastError?: string
  createdAt: Date
  doneAt?: Date
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    dedupeKey: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    template: { type: String, enum: TEMPLATE_KEYS, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    page: String,
    status: { type: String, enum: OUTBOX_STATUSES, required: true, default: 'pending' },
    phase: { type: String, enum: ['claimed', 'calling', null], default: null },
    result: { type: String, enum: OUTBOX_RESULTS },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    lastError: String,
    createdAt: { type: Date, required: true },
    doneAt: Date,
  },
  { collection: 'outbox', versionKey: false },
)
// The worker's claim: the oldest due pending entry (`status: 'pending', nextAttemptAt <= now`).
outboxSchema.index({ status: 1, nextAttemptAt: 1 })
// Recovery of entries whose worker died (`status: 'sending', leaseUntil < now`).
outboxSchema.index({ status: 1, leaseUntil: 1 })
// Idempotent enqueue.
outboxSchema.index({ dedupeKey: 1 }, { unique: true })

export interface GrantDoc {
  _id: Types.ObjectId
  userId: Types.ObjectId
  templateId: string
  /** One-time grants not yet used: each accepted subscribe prompt adds one, each send uses one. */
  remaining: number
  /** The user ticked "always" (总是保持以上选择): still one send per grant, but we remember it. */
  always: 'accept' | 'reject' | null
  /**
   * The outbox worker's last few take tokens: it takes the grants of a group of messages in one
   * update, and when some had none left, these tell which ones that update took.
   */
  recentTakes?: string[]
  updatedAt: Date
}

const grantSchema = new Schema<GrantDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    remaining: { type: Number, default: 0, min: 0 },
    always: { type: String, enum: ['accept', 'reject', null], default: null },
    recentTakes: { type: [String], default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'subscription_grants', versionKey: false },
)
// Consuming a grant before a send: one document per user and template.
grantSchema.index({ userId: 1, templateId: 1 }, { unique: true })

export interface PrefsDoc {
  _id: Types.ObjectId // the user id
  /** Kinds the user does NOT want as WeChat messages (they still reach the in-app centre). */
  mutedKinds: NotificationKind[]
  /** Busy roles: one daily digest instead of individual messages (except urgent kinds). */
  digest: boolean
  updatedAt: Date
}

const prefsSchema = new Schema<PrefsDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    mutedKinds: { type: [String], enum: NOTIFICATION_KINDS, default: [] },
    digest: { type: Boolean, default: false },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notification_prefs', versionKey: false },
)
// Only `_id` (= user id) lookups.

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema)
}

export const notificationModel = (c: Connection) => model(c, 'Notification', notificationSchema)
export const outboxModel = (c: Connection) => model(c, 'Outbox', outboxSchema)
export const grantModel = (c: Connection) => model(c, 'SubscriptionGrant', grantSchema)
export const prefsModel = (c: Connection) => model(c, 'NotificationPrefs', prefsSchema)

export const SCHEDULED_JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const
export type ScheduledJobStatus = (typeof SCHEDULED_JOB_STATUSES)[number]

/**
 * One occurrence of a scheduled job (`scheduler.ts`), under a deterministic id such as
 * `meeting-reminder-24h:<meetingId>:<startsAt>` or `planner:2026-03-05T08:00`, so planning it twice
 * makes one document and several service instances run it once.
 */
export interface ScheduledJobDoc {
  _id: string
  name: string
  payload: Record<string, unknown>
  runAt: Date
  status: ScheduledJobStatus
  leaseOwner: string | null
  leaseUntil: Date | null
  attempts: number
  lastError: string | null
  /** What a periodic job hands its next occurrence (e.g. the sweep's reply-overdue cursors). */
  carry?: Record<string, unknown>
  createdAt: Date
  updatedAt: Date
  doneAt?: Date
}

const scheduledJobSchema = new Schema<ScheduledJobDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    runAt: { type: Date, required: true },
    status: { type: String, enum: SCHEDULED_JOB_STATUSES, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    carry: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    doneAt: Date,
  },
  { collection: 'scheduled_jobs', versionKey: false, minimize: false },
)
// The claim of due jobs (`status: 'pending', runAt <= now`, earliest first), the purge of old
// finished ones (`status: 'done', runAt < cutoff`) and the latest finished sweep (its carry).
scheduledJobSchema.index({ status: 1, runAt: 1 })
// The takeover of jobs whose instance died (`status: 'running', leaseUntil < now`).
scheduledJobSchema.index({ status: 1, leaseUntil: 1 })

export const scheduledJobModel = (c: Connection) => model(c, 'ScheduledJob', scheduledJobSchema)
