import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import TopicCard from '@/components/topic-card'
import { useStrings } from '@/i18n'
import { fetchMyList, type MyList } from '@/services/my-lists'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import type { TopicSummary } from '@/services/topic-summary'
import { STRINGS } from './strings'
import './topic-list.css'

export const ROOMS_PAGE = '/pages/rooms/index'

type ListState =
  | { phase: 'loading' }
  | { phase: 'login' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; items: TopicSummary[]; nextCursor: string | null }

/**
 * One of my topic lists (GET /api/me/topics or /api/me/supports), newest first: cursor pages with
 * 加载更多, pull-to-refresh, reloaded when the page shows again (a topic may have moved on).
 */
export default function MyTopicList({ list }: { list: MyList }) {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<ListState>({ phase: 'loading' })
  const [more, setMore] = useState<'idle' | 'loading' | 'failed'>('idle')
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'login' })
      return
    }
    try {
      const page = await fetchMyList(list)
      if (current !== attempt.current) return
      setMore('idle')
      setState({ phase: 'ready', items: page.items, nextCursor: page.nextCursor })
    } catch (error) {
      if (current !== attempt.current) return
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setState({ phase: 'login' })
      } else {
        setState({ phase: 'failed', message: error instanceof ApiError ? error.message : '' })
      }
    }
  }, [list])

  const loadMore = async () => {
    if (state.phase !== 'ready' || !state.nextCursor || more === 'loading') return
    const current = attempt.current
    setMore('loading')
    try {
      const page = await fetchMyList(list, state.nextCursor)
      if (current !== attempt.current) return
      const seen = new Set(state.items.map((item) => item.id))
      setState({
        phase: 'ready',
        items: [...state.items, ...page.items.filter((item) => !seen.has(item.id))],
        nextCursor: page.nextCursor,
      })
      setMore('idle')
    } catch {
      if (current === attempt.current) setMore('failed')
    }
  }

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const className = `my-list my-list--${list}`
  if (state.phase === 'loading') {
    return (
      <PageShell className={className}>
        <Loading text={t.loading} />
      </PageShell>
    )
  }
  if (state.phase === 'login') {
    return (
      <PageShell className={className}>
        <Empty
          title={t.loginTitle}
          text={t.loginText}
          action={t.login}
          onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        />
      </PageShell>
    )
  }
  if (state.phase === 'failed') {
    return (
      <PageShell className={className}>
        <Failed
          title={t.failedTitle}
          message={state.message || t.failedFallback}
          retry={t.retry}
          onRetry={() => {
            setState({ phase: 'loading' })
            void load()
          }}
        />
      </PageShell>
    )
  }
  if (state.items.length === 0) {
    const topics = list === 'topics'
    return (
      <PageShell className={className}>
        <Empty
          title={topics ? t.topicsEmptyTitle : t.supportsEmptyTitle}
          text={topics ? t.topicsEmptyText : t.supportsEmptyText}
          action={topics ? t.topicsEmptyAction : t.supportsEmptyAction}
          onAction={() => void Taro.navigateTo({ url: ROOMS_PAGE })}
        />
      </PageShell>
    )
  }
  return (
    <PageShell className={className}>
      <View className="my-list__items">
        {state.items.map((topic) => (
          <TopicCard key={topic.id} topic={topic} />
        ))}
      </View>
      {state.nextCursor ? (
        <Button
          className="my-list__more"
          loading={more === 'loading' || undefined}
          disabled={more === 'loading' || undefined}
          onClick={() => void loadMore()}
        >
          {more === 'loading' ? t.loadingMore : more === 'failed' ? t.retry : t.more}
        </Button>
      ) : (
        <Text className="my-list__end">{t.end}</Text>
      )}
    </PageShell>
  )
}
