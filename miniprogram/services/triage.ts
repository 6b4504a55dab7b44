// The four-step reply (四步答复法) for room staff: the room's queue with its clocks, one topic as staff
// see it, taking it up (受理研判), the reply itself and the departments' answers to a research.
import type { TopicEvent, TopicState } from '@shared/domain/topic-machine'
import type { UndecidedState } from '@shared/domain/triage-rules'
import type { Category, EscalationTarget, ReplyKind, TopicSource } from '@shared/domain/types'
import { request } from './request'
import type { RoomRef } from './staff'
import type { TopicPage } from './topic-summary'

const enc = encodeURIComponent

// ---- the queue --------------------------------------------------------------------------------

/** GET /api/rooms/{roomId}/queue: one topic still owed a reply, oldest due first. */
export interface QueueItem {
  id: string
  title: string
  category: Category
  source: TopicSource
  state: TopicState
  supportCount: number
  createdAt: string
  /** When this room received it (creation, or arrival from another room). */
  receivedAt: string
  dueAt: string
  overdue: boolean
  /** Working days left; negative once overdue. */
  workingDaysLeft: number
  /** Each step's own limit (the room's own topics only). */
  limits?: Record<ReplyKind, string>
  consultation?: { department: RoomRef; answered: boolean }
  /** Present for topics escalated INTO this room and not yet accepted. */
  escalation?: { id: string; from: RoomRef; reason: string; level: number }
}

export interface RoomQueue {
  room: RoomRef
  items: QueueItem[]
}

export function fetchRoomQueue(roomId: string, state?: UndecidedState): Promise<RoomQueue> {
  const query = state ? `?state=${state}` : ''
  return request<RoomQueue>(`/api/rooms/${enc(roomId)}/queue${query}`)
}

/** The room's topics in a state (public list), e.g. those in consultation waiting for a meeting. */
export function fetchRoomTopicsInState(
  roomId: string,
  state: TopicState,
  limit = 50,
): Promise<TopicPage> {
  return request<TopicPage>(
    `/api/rooms/${enc(roomId)}/topics?sort=new&state=${state}&limit=${limit}`,
  )
}

// ---- one topic --------------------------------------------------------------------------------

/** GET /api/topics/{id}: the fields the staff screens use (the view carries more). */
export interface StaffTopicView {
  id: string
  roomId: string
  room: RoomRef
  title: string
  description: string
  category: Category
  categoryLabel: string
  source: TopicSource
  sourceLabel: string
  state: TopicState
  stateLabel: string
  supportCount: number
  commentCount: number
  createdAt: string
  /** Staff only. */
  replyDueAt?: string
  reply?: {
    kind: ReplyKind
    kindLabel: string
    target?: EscalationTarget
    targetLabel?: string
    text?: string
    at: string
  }
  /** Events the caller may fire now: drives which actions the screen offers. */
  allowedEvents: TopicEvent[]
}

export function fetchTopicForStaff(id: string): Promise<StaffTopicView> {
  return request<StaffTopicView>(`/api/topics/${enc(id)}`)
}

/** POST /api/topics/{id}/screening (受理研判); answers the updated topic. */
export function startScreening(id: string, note?: string): Promise<StaffTopicView> {
  const trimmed = note?.trim()
  return request<StaffTopicView>(`/api/topics/${enc(id)}/screening`, {
    method: 'POST',
    data: trimmed ? { note: trimmed } : {},
  })
}

// ---- the reply --------------------------------------------------------------------------------

/** POST /api/topics/{id}/reply body (the service refuses any other field). */
export interface ReplyBody {
  kind: ReplyKind
  target?: EscalationTarget
  /** Public reply: required for explain and answer. */
  text?: string
  /** Research: the question put to the department (not public). */
  question?: string
  /** Research and micro-suggestions: the department consulted or in charge. */
  departmentUnitId?: string
  /** Escalation to a chosen parent room; absent = the nearest one. */
  parentRoomId?: string
}

export interface ReplyResult {
  topicId: string
  state: TopicState
  reply: {
    kind: ReplyKind
    target?: EscalationTarget
    text?: string
    byId: string
    at: string
  }
  replyDueAt: string
  department?: RoomRef
  consultationId?: string
  escalation?: { id: string; toRoom: RoomRef; dueAt: string }
}

export function replyToTopic(id: string, body: ReplyBody): Promise<ReplyResult> {
  return request<ReplyResult>(`/api/topics/${enc(id)}/reply`, {
    method: 'POST',
    data: { ...body },
  })
}

/** GET /api/topics/{id}/consultations (room staff): what the departments were asked and answered. */
export interface Consultation {
  id: string
  topicId: string
  department: RoomRef
  question: string
  askedAt: string
  answer?: string
  answeredAt?: string
}

export async function fetchConsultations(id: string): Promise<Consultation[]> {
  const body = await request<{ items: Consultation[] }>(`/api/topics/${enc(id)}/consultations`)
  return body.items
}

/**
 * Rooms a topic may be escalated to: rooms attached to a strict ancestor of the room's unit, nearest
 * first (the service's own rule; it picks the nearest when none is named). `pathUnitIds` runs from the
 * root down to the room's own unit.
 */
export async function fetchParentRoomChoices(pathUnitIds: readonly string[]): Promise<RoomRef[]> {
  const ancestors = pathUnitIds.slice(0, -1)
  if (ancestors.length === 0) return []
  const page = await request<{ items: Array<RoomRef & { unit: { id: string } }> }>(
    `/api/rooms?unitId=${enc(ancestors[0])}&limit=100`,
    { auth: false },
  )
  const depth = (unitId: string) => ancestors.indexOf(unitId)
  return page.items
    .filter((room) => depth(room.unit.id) >= 0)
    .sort((a, b) => depth(b.unit.id) - depth(a.unit.id))
    .map((room) => ({ id: room.id, name: room.name }))
}
