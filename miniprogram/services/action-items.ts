/**
 * Action items (交办任务) from the department's side and the staff record of one item: my unit's
 * items, one item with its progress history, reminders and supervision notes, and progress reports.
 * Types mirror `cloud/src/modules/outcomes/schema.ts`.
 */
import type { ActionUrgency } from '@shared/domain/deadlines'
import type { TopicState } from '@shared/domain/topic-machine'
import type { ActionItemStatus, ActionTrack } from '@shared/domain/types'
import { apiBase, request } from './request'
import { inBeijing } from './beijing-time'

export const TASK_PAGE = '/staff/task/index'

export function taskPageUrl(id: string): string {
  return `${TASK_PAGE}?id=${encodeURIComponent(id)}`
}

export interface Photo {
  key: string
  width?: number
  height?: number
  bytes: number
  contentType: string
}

export interface NamedRef {
  id: string
  name: string
}

export interface PersonRef {
  id: string
  displayName: string
}

export interface LatestUpdate {
  at: string
  percent: number
  note: string
  photos: Photo[]
}

/** An action item as anyone may see it (the outcome page). */
export interface ActionItemPublic {
  id: string
  title: string
  detail?: string
  track: ActionTrack
  trackLabel: string
  ownerUnit: NamedRef
  dueAt: string
  status: ActionItemStatus
  statusLabel: string
  percent: number
  doneAt?: string
  urgency: ActionUrgency
  escalated: boolean
  latestUpdate?: LatestUpdate
}

/** A staff list entry: the item with its topic, room, escalation and reminders. */
export interface ActionItemEntry extends ActionItemPublic {
  topic: { id: string; title: string; state: TopicState }
  roomId: string
  escalatedAt?: string
  escalatedTo?: NamedRef
  reminderCount: number
  lastRemindedAt?: string
}

export interface ProgressUpdate {
  at: string
  by: PersonRef
  percent: number
  note: string
  photos: Photo[]
}

export interface Reminder {
  at: string
  kind: 'manual' | 'auto'
  by?: PersonRef
}

export interface SupervisionNote {
  id: string
  text: string
  at: string
  by: PersonRef
}

export interface ActionItemDetail extends ActionItemEntry {
  updates: ProgressUpdate[]
  reminders: Reminder[]
  notes: SupervisionNote[]
}

export interface ProgressBody {
  percent: number
  note: string
  photoKeys?: string[]
}

export interface ProgressResult {
  item: ActionItemEntry
  topicState: TopicState
}

export type MyItemsStatus = 'open' | 'done' | 'all'

/** Items of my department (or my rooms), by due date; open ones unless asked otherwise. */
export async function listMyActionItems(
  status: MyItemsStatus = 'open',
): Promise<ActionItemEntry[]> {
  const { items } = await request<{ items: ActionItemEntry[] }>(
    `/api/me/action-items?status=${status}`,
  )
  return items
}

export function fetchActionItem(id: string): Promise<ActionItemDetail> {
  return request<ActionItemDetail>(`/api/action-items/${encodeURIComponent(id)}`)
}

export function reportProgress(id: string, body: ProgressBody): Promise<ProgressResult> {
  return request<ProgressResult>(`/api/action-items/${encodeURIComponent(id)}/progress`, {
    method: 'POST',
    data: { ...body },
  })
}

/** Where a stored photo (progress report) is shown from. */
export function photoSrc(key: string): string {
  return `${apiBase()}/api/uploads/photos/${encodeURIComponent(key)}`
}

const DAY = 24 * 3600_000

/** Whole calendar days from today to the due day in Beijing time (negative when past). */
export function daysUntil(dueAt: string, now: Date): number {
  const due = inBeijing(dueAt)
  const today = inBeijing(now)
  const a = Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate())
  const b = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  return Math.round((a - b) / DAY)
}

/** 6月30日 */
export function shortDay(iso: string): string {
  const date = inBeijing(iso)
  return `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
}

/** Lagging items are shown in red, items due soon highlighted. */
export function urgencyTone(urgency: ActionUrgency): 'late' | 'soon' | 'fine' | 'done' {
  switch (urgency) {
    case 'overdue':
    case 'escalate':
      return 'late'
    case 'due_soon':
      return 'soon'
    case 'on_track':
      return 'fine'
    default:
      return 'done'
  }
}

/** 6月3日 14:05 */
export function dayTime(iso: string): string {
  const date = inBeijing(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${shortDay(iso)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}
