import type { TopicState } from '@shared/domain/topic-machine'
import type { Category, TopicSource } from '@shared/domain/types'
import { request } from './request'
import type { TopicPage } from './topic-summary'

/** How a room's list is ordered: 最热 (most supported) or 最新 (newest). */
export type TopicSort = 'hot' | 'new'

/** GET /api/rooms/{roomId}/topics query (RoomTopicsQuerySchema). */
export interface RoomTopicsQuery {
  sort: TopicSort
  state?: TopicState
  category?: Category
  source?: TopicSource
  cursor?: string | null
  /** 1…50; the service's default is 20. */
  limit?: number
}

/** One hit of GET /api/topics/similar (SimilarTopicSchema). */
export interface SimilarTopic {
  id: string
  roomId: string
  title: string
  state: TopicState
  stateLabel: string
  supportCount: number
  /** 0…1 */
  score: number
  distanceMeters?: number
}

/** A query string without URLSearchParams (absent in mini programs); undefined values are left out. */
function queryString(values: Record<string, string | number | null | undefined>): string {
  const parts = Object.entries(values)
    .filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null,
    )
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
  return parts.length > 0 ? `?${parts.join('&')}` : ''
}

/**
 * A room's public topics, one page at a time. Public read: no token is sent, so an expired login
 * never gets in the way of reading a room.
 */
export function listRoomTopics(roomId: string, query: RoomTopicsQuery): Promise<TopicPage> {
  const search = queryString({
    sort: query.sort,
    state: query.state,
    category: query.category,
    source: query.source,
    cursor: query.cursor,
    limit: query.limit ?? 20,
  })
  return request<TopicPage>(`/api/rooms/${encodeURIComponent(roomId)}/topics${search}`, {
    auth: false,
  })
}

/** Open topics in the room like the one being typed (same keywords, or nearby when lat/lng given). */
export async function findSimilarTopics(
  roomId: string,
  text: string,
  options: { lat?: number; lng?: number; limit?: number } = {},
): Promise<SimilarTopic[]> {
  const search = queryString({
    roomId,
    q: text,
    lat: options.lat,
    lng: options.lng,
    limit: options.limit ?? 5,
  })
  const body = await request<{ items: SimilarTopic[] }>(`/api/topics/similar${search}`, {
    auth: false,
  })
  return body.items
}
