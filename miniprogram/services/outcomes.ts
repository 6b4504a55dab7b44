import type { ActionItemStatus, ActionTrack } from '@shared/domain/types'
import type { TopicState } from '@shared/domain/topic-machine'
import { ApiError, request } from './request'

export interface ProgressPhoto {
  key: string
  width?: number
  height?: number
  bytes: number
  contentType: string
}

export type ActionUrgency = 'done' | 'done_late' | 'on_track' | 'due_soon' | 'overdue' | 'escalate'

/** One action item as the public sees it: owner unit, deadline, track and progress. */
export interface ActionItemPublic {
  id: string
  title: string
  detail?: string
  track: ActionTrack
  trackLabel: string
  ownerUnit: { id: string; name: string }
  dueAt: string
  status: ActionItemStatus
  statusLabel: string
  percent: number
  doneAt?: string
  urgency: ActionUrgency
  escalated: boolean
  latestUpdate?: { at: string; percent: number; note: string; photos: ProgressPhoto[] }
}

/** GET /api/topics/{id}/outcome. */
export interface Outcome {
  topicId: string
  topicState: TopicState
  meetingId?: string
  plan: string
  publishedAt: string
  items: ActionItemPublic[]
}

/** POST /api/topics/{id}/callback (and /callback-record). */
export interface CallbackResult {
  topicId: string
  topicState: TopicState
  solved: boolean
  rating?: number
  answeredAt: string
}

export interface CallbackAnswer {
  solved: boolean
  /** 1–5. */
  rating: number
  /** Required by the service when not solved (the reason). */
  comment?: string
}

export interface CallbackRecord {
  solved: boolean
  rating?: number
  note: string
  method: 'phone' | 'visit'
}

/** GET /api/topics/{id}/callback/mine: whether the caller may answer the call-back now. */
export interface MyCallback {
  topicId: string
  topicState: TopicState
  canAnswer: boolean
  petitioner: boolean
  answeredAt?: string
}

export function myCallback(topicId: string): Promise<MyCallback> {
  return request<MyCallback>(topicPath(topicId, '/callback/mine'))
}

/** GET /api/topics/{id}/callbacks/summary: figures of the latest call-back round, no names. */
export interface CallbackSummary {
  topicId: string
  topicState: TopicState
  round: number | null
  asked: number
  answered: number
  solved: number
  unsolved: number
  recorded: number
  averageRating: number | null
  ratingCounts: number[]
  petitionerAnswered: boolean
}

function topicPath(id: string, rest: string): string {
  return `/api/topics/${encodeURIComponent(id)}${rest}`
}

/** The published outcome, or null while there is none yet. */
export async function getOutcome(topicId: string): Promise<Outcome | null> {
  try {
    return await request<Outcome>(topicPath(topicId, '/outcome'), { auth: false })
  } catch (error) {
    if (error instanceof ApiError && error.code === 'OUTCOME_NOT_FOUND') return null
    throw error
  }
}

/** The petitioner's (or an asked supporter's) answer to the call-back. */
export function answerCallback(topicId: string, answer: CallbackAnswer): Promise<CallbackResult> {
  const data: Record<string, unknown> = { solved: answer.solved, rating: answer.rating }
  if (answer.comment) data.comment = answer.comment
  return request<CallbackResult>(topicPath(topicId, '/callback'), { method: 'POST', data })
}

/** Staff record a call-back made by phone or in person. */
export function recordCallback(topicId: string, record: CallbackRecord): Promise<CallbackResult> {
  const data: Record<string, unknown> = {
    solved: record.solved,
    note: record.note,
    method: record.method,
  }
  if (record.rating !== undefined) data.rating = record.rating
  return request<CallbackResult>(topicPath(topicId, '/callback-record'), { method: 'POST', data })
}

export function callbackSummary(topicId: string): Promise<CallbackSummary> {
  return request<CallbackSummary>(topicPath(topicId, '/callbacks/summary'), { auth: false })
}

/** Where a stored photo (progress report) is served. */
export function photoPath(key: string): string {
  return `/api/uploads/photos/${encodeURIComponent(key)}`
}
