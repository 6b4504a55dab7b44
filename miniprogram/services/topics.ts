import type { Category, EscalationTarget, ReplyKind, Role, TopicSource } from '@shared/domain/types'
import type { TopicState } from '@shared/domain/topic-machine'
import type { MeetingSummary } from './meetings'
import { request } from './request'

export interface TopicPhoto {
  url: string
  width?: number
  height?: number
}

export interface TopicPlace {
  lat?: number
  lng?: number
  address?: string
}

/** The four-step reply as the topic view carries it. */
export interface TopicReply {
  kind: ReplyKind
  kindLabel: string
  target?: EscalationTarget
  targetLabel?: string
  text?: string
  at: string
}

/** GET /api/topics/{id}: one topic as the caller may see it, with what the caller may do now. */
export interface TopicView {
  id: string
  roomId: string
  room: { id: string; name: string }
  title: string
  description: string
  category: Category
  categoryLabel: string
  photos: TopicPhoto[]
  place?: TopicPlace
  source: TopicSource
  sourceLabel: string
  anonymous: boolean
  author: { displayName: string }
  state: TopicState
  stateLabel: string
  supportCount: number
  commentCount: number
  /** Only when logged in. */
  supportedByMe?: boolean
  canSupport: boolean
  canWithdrawSupport: boolean
  createdAt: string
  /** Staff who may reply only. */
  replyDueAt?: string
  reply?: TopicReply
  mergedIntoId?: string
  /**
   * The topic's meeting: the latest not-cancelled one with the topic on its agenda (scheduled or
   * held). Absent before the topic is put on an agenda and after its meeting is cancelled.
   */
  meeting?: MeetingSummary
  /** Topic events the caller may fire now (empty when not logged in). */
  allowedEvents: string[]
  /** Only for callers holding “查看个人信息” (pii.read) in the topic's scope. */
  pii?: {
    realName: string | null
    phone: string | null
    petitionerName: string | null
    petitionerPhone: string | null
  }
}

/** PUT/DELETE /api/topics/{id}/support. */
export interface SupportResult {
  supportCount: number
  supportedByMe: boolean
  state: TopicState
}

/** One entry of GET /api/topics/{id}/timeline. */
export interface TimelineEntry {
  at: string
  event: string
  label: string
  from?: TopicState
  to?: TopicState
  note?: string
  public: boolean
  /** null when the service acted by itself (threshold reached, all items done). */
  actor: { displayName: string; role: Role; roleLabel: string } | null
}

/** POST /api/topics/{id}/resume and /rescreen. */
export interface TopicStateResult {
  topicId: string
  topicState: TopicState
}

function topicPath(id: string, rest = ''): string {
  return `/api/topics/${encodeURIComponent(id)}${rest}`
}

export function getTopic(id: string): Promise<TopicView> {
  return request<TopicView>(topicPath(id))
}

/** 附议: idempotent, a repeat answers the same count. */
export function support(id: string): Promise<SupportResult> {
  return request<SupportResult>(topicPath(id, '/support'), { method: 'PUT' })
}

export function withdrawSupport(id: string): Promise<SupportResult> {
  return request<SupportResult>(topicPath(id, '/support'), { method: 'DELETE' })
}

/** The author withdraws the topic (allowed until the room replies). */
export function withdrawTopic(id: string, reason?: string): Promise<TopicView> {
  return request<TopicView>(topicPath(id, '/withdraw'), {
    method: 'POST',
    data: reason ? { reason } : {},
  })
}

export function timeline(id: string): Promise<TimelineEntry[]> {
  return request<TimelineEntry[]>(topicPath(id, '/timeline'))
}

/** 受理研判: the room takes an open topic up. */
export function screening(id: string, note?: string): Promise<TopicView> {
  return request<TopicView>(topicPath(id, '/screening'), {
    method: 'POST',
    data: note ? { note } : {},
  })
}

/** 继续办理: resume the action items of a reopened topic. */
export function resumeActions(id: string): Promise<TopicStateResult> {
  return request<TopicStateResult>(topicPath(id, '/resume'), { method: 'POST' })
}

/** 重新研判: screen a reopened topic again. */
export function rescreen(id: string): Promise<TopicStateResult> {
  return request<TopicStateResult>(topicPath(id, '/rescreen'), { method: 'POST' })
}
