import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import TopicCard from '@/components/topic-card'
import { Empty, Failed, Loading } from '@/components/load-state'
import { ApiError } from '@/services/request'
import { listRoomTopics } from '@/services/topic-lists'
import type { TopicSummary } from '@/services/topic-summary'
import type { HomeStrings } from './strings'

/** How many of the user's rooms are asked, how many topics each, and how many are shown. */
export const HOT_ROOMS = 3
export const HOT_PER_ROOM = 5
export const HOT_SHOWN = 5

type HotState =
  | { phase: 'loading' }
  | { phase: 'ready'; topics: TopicSummary[] }
  | { phase: 'failed'; message: string }

/** The most supported topics across the first few rooms; a room that fails is left out. */
export function useHotTopics(roomIds: string[], refreshKey: number) {
  const [state, setState] = useState<HotState>({ phase: 'loading' })
  const attempt = useRef(0)
  const key = roomIds.slice(0, HOT_ROOMS).join(',')

  const load = useCallback(async () => {
    const id = ++attempt.current
    const ids = key ? key.split(',') : []
    if (ids.length === 0) {
      setState({ phase: 'ready', topics: [] })
      return
    }
    setState({ phase: 'loading' })
    const pages = await Promise.allSettled(
      ids.map((roomId) => listRoomTopics(roomId, { sort: 'hot', limit: HOT_PER_ROOM })),
    )
    if (id !== attempt.current) return
    const answered = pages.flatMap((page) => (page.status === 'fulfilled' ? [page.value] : []))
    if (answered.length === 0) {
      const first = pages[0]
      const reason = first.status === 'rejected' ? (first.reason as unknown) : undefined
      const message = reason instanceof ApiError ? reason.message : '出了点问题，请稍后重试'
      setState({ phase: 'failed', message })
      return
    }
    const topics = answered
      .flatMap((page) => page.items)
      .sort((a, b) => b.supportCount - a.supportCount || b.createdAt.localeCompare(a.createdAt))
      .slice(0, HOT_SHOWN)
    setState({ phase: 'ready', topics })
  }, [key])

  useEffect(() => {
    void load()
  }, [load, refreshKey])

  return { state, reload: load }
}

/** 议事室热议: what people support most in the user's rooms. */
export default function HotTopics({
  roomIds,
  refreshKey,
  t,
}: {
  roomIds: string[]
  refreshKey: number
  t: HomeStrings
}) {
  const { state, reload } = useHotTopics(roomIds, refreshKey)
  return (
    <View className="home__hot">
      <Text className="home__section-title">{t.hotTopics}</Text>
      {state.phase === 'loading' && <Loading text={t.loadingTopics} />}
      {state.phase === 'failed' && (
        <Failed
          title={t.topicsFailed}
          message={state.message}
          retry={t.reload}
          onRetry={() => void reload()}
        />
      )}
      {state.phase === 'ready' &&
        (state.topics.length === 0 ? (
          <Empty title={t.noTopicsTitle} text={t.noTopicsText} />
        ) : (
          state.topics.map((topic) => <TopicCard key={topic.id} topic={topic} />)
        ))}
    </View>
  )
}
