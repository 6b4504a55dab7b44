import type { Category, TopicSource } from '@shared/domain/types'
import type { TopicState } from '@shared/domain/topic-machine'

/** One topic in any list (room feed, my topics, my supports, similar topics): the list item schema. */
export interface TopicSummary {
  id: string
  roomId: string
  title: string
  category: Category
  categoryLabel: string
  source: TopicSource
  sourceLabel: string
  state: TopicState
  stateLabel: string
  anonymous: boolean
  author: { displayName: string }
  supportCount: number
  commentCount: number
  photoUrl?: string
  address?: string
  createdAt: string
}

/** Every list answers a page and the cursor of the next one (null at the end). */
export interface TopicPage {
  items: TopicSummary[]
  nextCursor: string | null
}

export const TOPIC_PAGE = '/pages/topic/index'

export function topicPageUrl(id: string): string {
  return `${TOPIC_PAGE}?id=${encodeURIComponent(id)}`
}
