/**
 * What the scheduled jobs share: Beijing-time helpers, links, who the staff behind a room or a unit
 * are, and `notify`, which writes a job's announcement through `enqueueNotifications` — keyed by a
 * deterministic event key, so a job body that runs twice (retried, or taken over after a crash)
 * notifies each person once.
 */
import { Types, type Connection } from 'mongoose'
import { CHINA_CALENDAR, localDate } from '../../../../../shared/domain/working-days'
import { officersOf } from '../../meetings/invites'
import { userModel } from '../../users/model'
import { enqueueNotifications, type Announcement, type TemplateConfigs } from '../enqueue'

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

export const topicLink = (topicId: unknown) => `pages/topic/index?id=${String(topicId)}`
export const meetingLink = (meetingId: unknown) => `pages/meeting/index?id=${String(meetingId)}`

export function clip(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
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

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function beijingDate(at: Date): string {
  return localDate(at, CHINA_CALENDAR)
}

/** The instant of `hh:00` Beijing time on a Beijing date. */
export function beijingClock(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}

/** Monday of the Beijing week of `date` (`YYYY-MM-DD`). */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  const offset = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - offset * DAY_MS).toISOString().slice(0, 10)
}

export function oid(id: unknown): Types.ObjectId {
  return new Types.ObjectId(String(id))
}

/** The conveners of a room (users holding a `convener` grant on it). */
export async function convenersOf(db: Connection, roomId: Types.ObjectId): Promise<string[]> {
  const users = await userModel(db)
    .find(
      {
        'grants.roomId': roomId,
        grants: { $elemMatch: { role: 'convener', roomId } },
        disabled: { $ne: true },
      },
      { _id: 1 },
    )
    .lean()
  return users.map((user) => String(user._id))
}

/** The officers of a unit (a `dept_officer` grant on it or on a unit above it). */
export async function officersOfUnit(db: Connection, unitId: Types.ObjectId): Promise<string[]> {
  const officers = await officersOf(db, [unitId])
  return (officers.get(String(unitId)) ?? []).map((officer) => officer.id)
}

/** Writes the announcement (in-app + outbox), in-app texts cut to the centre's limits. */
export async function notify(
  db: Connection,
  templates: TemplateConfigs,
  announcement: Announcement,
  now: Date,
): Promise<number> {
  const inApp = {
    ...announcement.inApp,
    title: clip(announcement.inApp.title, 100),
    body: clip(announcement.inApp.body, 500),
  }
  return enqueueNotifications(db, templates, { ...announcement, inApp }, undefined, now)
}
