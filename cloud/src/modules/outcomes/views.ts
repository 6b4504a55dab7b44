/**
 * Shaping action items for responses: the public view (owner unit names, track and status labels,
 * urgency; never a person), the staff list entry (topic, escalation, reminders) and the names the
 * views need, fetched in one query per kind.
 */
import type { Connection, Types } from 'mongoose'
import { actionUrgency } from '../../../../shared/domain/deadlines'
import { ACTION_ITEM_STATUS_LABELS, ACTION_TRACK_LABELS } from '../../../../shared/domain/labels'
import { unitModel } from '../org/model'
import { topicModel, type PhotoRef, type TopicDoc } from '../topics/model'
import { userModel } from '../users/model'
import type { ActionItemDoc } from './model'
import type { ActionItemEntry, ActionItemPublic } from './schema'

export type Names = ReadonlyMap<string, string>

export async function unitNames(
  db: Connection,
  ids: ReadonlyArray<Types.ObjectId | undefined>,
): Promise<Names> {
  const wanted = [...new Set(ids.filter((id) => id !== undefined).map(String))]
  if (wanted.length === 0) return new Map()
  const units = await unitModel(db)
    .find({ _id: { $in: wanted } }, { name: 1 })
    .lean()
  return new Map(units.map((unit) => [String(unit._id), unit.name]))
}

export async function displayNames(
  db: Connection,
  ids: ReadonlyArray<Types.ObjectId | undefined>,
): Promise<Names> {
  const wanted = [...new Set(ids.filter((id) => id !== undefined).map(String))]
  if (wanted.length === 0) return new Map()
  const users = await userModel(db)
    .find({ _id: { $in: wanted } }, { displayName: 1 })
    .lean()
  return new Map(users.map((user) => [String(user._id), user.displayName]))
}

export function person(names: Names, id: Types.ObjectId): { id: string; displayName: string } {
  return { id: String(id), displayName: names.get(String(id)) ?? '已注销用户' }
}

export function photosView(photos: readonly PhotoRef[]): PhotoRef[] {
  return photos.map((photo) => ({
    key: photo.key,
    width: photo.width,
    height: photo.height,
    bytes: photo.bytes,
    contentType: photo.contentType,
  }))
}

export function toPublicItem(item: ActionItemDoc, units: Names, now: Date): ActionItemPublic {
  const latest = item.updates[item.updates.length - 1]
  return {
    id: String(item._id),
    title: item.title,
    detail: item.detail,
    track: item.track,
    trackLabel: ACTION_TRACK_LABELS[item.track],
    ownerUnit: {
      id: String(item.ownerUnitId),
      name: units.get(String(item.ownerUnitId)) ?? '未知单位',
    },
    dueAt: item.dueAt.toISOString(),
    status: item.status,
    statusLabel: ACTION_ITEM_STATUS_LABELS[item.status],
    percent: item.percent,
    doneAt: item.doneAt?.toISOString(),
    urgency: actionUrgency(item, now),
    escalated: item.escalatedAt !== undefined && item.escalatedAt !== null,
    latestUpdate: latest
      ? {
          at: latest.at.toISOString(),
          percent: latest.percent,
          note: latest.note,
          photos: photosView(latest.photos),
        }
      : undefined,
  }
}

export type TopicRef = Pick<TopicDoc, '_id' | 'title' | 'state'>

export async function topicRefs(
  db: Connection,
  ids: readonly Types.ObjectId[],
): Promise<Map<string, TopicRef>> {
  const wanted = [...new Set(ids.map(String))]
  if (wanted.length === 0) return new Map()
  const topics = await topicModel(db)
    .find({ _id: { $in: wanted } }, { title: 1, state: 1 })
    .lean<TopicRef[]>()
  return new Map(topics.map((topic) => [String(topic._id), topic]))
}

export function toEntry(
  item: ActionItemDoc,
  topic: TopicRef | undefined,
  units: Names,
  now: Date,
): ActionItemEntry {
  const lastReminder = item.reminders[item.reminders.length - 1]
  return {
    ...toPublicItem(item, units, now),
    topic: {
      id: String(item.topicId),
      title: topic?.title ?? '',
      state: topic?.state ?? 'in_progress',
    },
    roomId: String(item.roomId),
    escalatedAt: item.escalatedAt?.toISOString(),
    escalatedTo: item.escalatedToUnitId
      ? {
          id: String(item.escalatedToUnitId),
          name: units.get(String(item.escalatedToUnitId)) ?? '未知单位',
        }
      : undefined,
    reminderCount: item.reminders.length,
    lastRemindedAt: lastReminder?.at.toISOString(),
  }
}

/** List entries with their topics and unit names, in the order given. */
export async function toEntries(
  db: Connection,
  items: readonly ActionItemDoc[],
  now: Date,
): Promise<ActionItemEntry[]> {
  const [topics, units] = await Promise.all([
    topicRefs(
      db,
      items.map((item) => item.topicId),
    ),
    unitNames(
      db,
      items.flatMap((item) => [item.ownerUnitId, item.escalatedToUnitId]),
    ),
  ])
  return items.map((item) => toEntry(item, topics.get(String(item.topicId)), units, now))
}
