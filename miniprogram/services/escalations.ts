// Topics escalated into a room (提级议题): the parent room's inbox, accepting one into the room's own
// screening, or returning it to the sending room with a reason.
import type { TopicState } from '@shared/domain/topic-machine'
import { request } from './request'
import type { RoomRef } from './staff'

const enc = encodeURIComponent

export type EscalationStatus = 'pending' | 'accepted' | 'returned'

export const ESCALATION_STATUS_LABELS: Record<EscalationStatus, string> = {
  pending: '待受理',
  accepted: '已接收',
  returned: '已退回',
}

/** One entry of GET /api/rooms/{roomId}/escalations, with the parent room's clock. */
export interface RoomEscalation {
  id: string
  /** 0 = escalated from the room where the topic was raised. */
  level: number
  from: RoomRef
  to: RoomRef
  status: EscalationStatus
  reason: string
  createdAt: string
  decidedAt?: string
  decisionReason?: string
  topic: { id: string; title: string; state: TopicState }
  dueAt: string
  overdue: boolean
  workingDaysLeft: number
}

export async function fetchRoomEscalations(
  roomId: string,
  status?: EscalationStatus,
): Promise<RoomEscalation[]> {
  const query = status ? `?status=${status}` : ''
  const body = await request<{ items: RoomEscalation[] }>(
    `/api/rooms/${enc(roomId)}/escalations${query}`,
  )
  return body.items
}

export interface EscalationDecision {
  escalationId: string
  topicId: string
  status: EscalationStatus
  room: RoomRef
  decidedAt: string
  decisionReason?: string
  replyDueAt: string
}

export function acceptEscalation(id: string): Promise<EscalationDecision> {
  return request<EscalationDecision>(`/api/escalations/${enc(id)}/accept`, { method: 'POST' })
}

export function returnEscalation(id: string, reason: string): Promise<EscalationDecision> {
  return request<EscalationDecision>(`/api/escalations/${enc(id)}/return`, {
    method: 'POST',
    data: { reason: reason.trim() },
  })
}
