/**
 * Supervision (督办, members' 民主监督): open action items in my scope (most urgent first), overdue
 * replies across my rooms, reminders (催办) and supervision notes. Types mirror the outcomes and
 * triage schemas.
 */
import type { SupervisionFilter } from '@shared/domain/supervision'
import type { TopicState } from '@shared/domain/topic-machine'
import type { ActionItemEntry, NamedRef, SupervisionNote } from './action-items'
import { request } from './request'

/** GET /api/supervision/replies: topics whose reply is overdue, per room and one by one. */
export interface OverdueReplies {
  total: number
  rooms: { room: NamedRef; overdue: number; oldestDueAt: string }[]
  topics: {
    id: string
    title: string
    state: TopicState
    room: NamedRef
    dueAt: string
    workingDaysLeft: number
  }[]
}

export async function listSupervisedItems(urgency?: SupervisionFilter): Promise<ActionItemEntry[]> {
  const query = urgency ? `?urgency=${urgency}` : ''
  const { items } = await request<{ items: ActionItemEntry[] }>(
    `/api/supervision/action-items${query}`,
  )
  return items
}

export function listOverdueReplies(): Promise<OverdueReplies> {
  return request<OverdueReplies>('/api/supervision/replies')
}

export function remindActionItem(id: string): Promise<ActionItemEntry> {
  return request<ActionItemEntry>(`/api/action-items/${encodeURIComponent(id)}/remind`, {
    method: 'POST',
  })
}

export function addSupervisionNote(id: string, text: string): Promise<SupervisionNote> {
  return request<SupervisionNote>(`/api/action-items/${encodeURIComponent(id)}/supervision-notes`, {
    method: 'POST',
    data: { text },
  })
}
