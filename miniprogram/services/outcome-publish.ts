// Publishing a topic's outcome (协商成果) with its action items (交办): the plan in plain words and,
// for each item, the owner unit, track, deadline and detail.
import type { TopicState } from '@shared/domain/topic-machine'
import type { ActionItemStatus, ActionTrack } from '@shared/domain/types'
import { request } from './request'

const enc = encodeURIComponent

/** Limits of the service's schema, checked on the form first. */
export const OUTCOME_LIMITS = {
  planMin: 5,
  planMax: 5000,
  itemsMax: 20,
  titleMin: 2,
  titleMax: 100,
  detailMax: 2000,
}

export interface ActionItemInput {
  title: string
  ownerUnitId: string
  track: ActionTrack
  /** Absent: the service sets a default by track. */
  dueAt?: string
  detail?: string
  /** Quick items only: settled at the meeting. */
  settledOnSpot?: boolean
}

/** POST /api/topics/{id}/outcome body. */
export interface PublishOutcomeBody {
  plan: string
  actionItems: ActionItemInput[]
}

export interface PublishedOutcome {
  topicId: string
  topicState: TopicState
  meetingId?: string
  plan: string
  publishedAt: string
  items: Array<{
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
  }>
}

export function publishOutcome(
  topicId: string,
  body: PublishOutcomeBody,
): Promise<PublishedOutcome> {
  return request<PublishedOutcome>(`/api/topics/${enc(topicId)}/outcome`, {
    method: 'POST',
    data: { ...body },
  })
}
