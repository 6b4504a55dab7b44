import type { TopicState } from '@shared/domain/topic-machine'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '@/services/request'
import { listRoomTopics, type TopicSort } from '@/services/topic-lists'
import type { TopicSummary } from '@/services/topic-summary'

export const PAGE_SIZE = 20

export type FeedState =
  | { phase: 'loading' }
  | {
      phase: 'ready'
      items: TopicSummary[]
      nextCursor: string | null
      loadingMore: boolean
      moreFailed?: string
    }
  | { phase: 'failed'; message: string }

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
}

/**
 * A room's topic feed for one sort and state filter, page by page. Changing the sort, the filter or
 * `refreshKey` starts over; only the newest request may update the list.
 */
export function useRoomTopics(
  roomId: string,
  sort: TopicSort,
  state: TopicState | undefined,
  refreshKey: number,
): { feed: FeedState; reload: () => Promise<void>; loadMore: () => Promise<void> } {
  const [feed, setFeed] = useState<FeedState>({ phase: 'loading' })
  const attempt = useRef(0)
  const current = useRef(feed)
  current.current = feed

  const reload = useCallback(async () => {
    const id = ++attempt.current
    setFeed({ phase: 'loading' })
    try {
      const page = await listRoomTopics(roomId, { sort, state, limit: PAGE_SIZE })
      if (id !== attempt.current) return
      setFeed({
        phase: 'ready',
        items: page.items,
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      if (id === attempt.current) setFeed({ phase: 'failed', message: messageOf(error) })
    }
  }, [roomId, sort, state])

  useEffect(() => {
    void reload()
  }, [reload, refreshKey])

  const loadMore = useCallback(async () => {
    const before = current.current
    if (before.phase !== 'ready' || !before.nextCursor || before.loadingMore) return
    const id = attempt.current
    setFeed({ ...before, loadingMore: true, moreFailed: undefined })
    try {
      const page = await listRoomTopics(roomId, {
        sort,
        state,
        cursor: before.nextCursor,
        limit: PAGE_SIZE,
      })
      if (id !== attempt.current) return
      const seen = new Set(before.items.map((topic) => topic.id))
      setFeed({
        phase: 'ready',
        items: [...before.items, ...page.items.filter((topic) => !seen.has(topic.id))],
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      if (id === attempt.current) {
        setFeed({ ...before, loadingMore: false, moreFailed: messageOf(error) })
      }
    }
  }, [roomId, sort, state])

  return { feed, reload, loadMore }
}
