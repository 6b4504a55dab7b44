import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { TOPIC_STATE_LABELS } from '@shared/domain/labels'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import type { ActionItemEntry } from '@/services/action-items'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import {
  listOverdueReplies,
  listSupervisedItems,
  type OverdueReplies,
} from '@/services/supervision'
import { topicPageUrl } from '@/services/topic-summary'
import ItemCard from '../tasks/item-card'
import { STRINGS } from './strings'
import './index.css'

type Filter = 'all' | 'lagging'

type PageState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'forbidden' }
  | { phase: 'ready'; items: ActionItemEntry[]; replies: OverdueReplies }
  | { phase: 'failed'; message: string }

type T = (typeof STRINGS)['zh-CN']

function OverdueReplyList({ replies, t }: { replies: OverdueReplies; t: T }) {
  return (
    <View className="supervision__section">
      <Text className="supervision__section-title">{t.replies}</Text>
      {replies.total === 0 ? (
        <Text className="supervision__muted">{t.repliesEmpty}</Text>
      ) : (
        <Text className="supervision__muted">{format(t.repliesTotal, { n: replies.total })}</Text>
      )}
      {replies.topics.map((topic) => (
        <View
          key={topic.id}
          className="supervision__reply"
          onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
        >
          <View className="supervision__reply-main">
            <Text className="supervision__reply-title">{topic.title}</Text>
            <Text className="supervision__reply-late">
              {topic.workingDaysLeft < 0
                ? format(t.lateDays, { room: topic.room.name, n: -topic.workingDaysLeft })
                : format(t.dueToday, { room: topic.room.name })}
            </Text>
          </View>
          <Text className="supervision__reply-state">{TOPIC_STATE_LABELS[topic.state]}</Text>
        </View>
      ))}
    </View>
  )
}

export default function SupervisionPage() {
  const t = useStrings(STRINGS)
  const [filter, setFilter] = useState<Filter>('all')
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(
    async (which: Filter) => {
      const current = ++attempt.current
      if (!isLoggedIn()) {
        setState({ phase: 'anonymous' })
        return
      }
      setState({ phase: 'loading' })
      try {
        const [items, replies] = await Promise.all([
          listSupervisedItems(which === 'lagging' ? 'lagging' : undefined),
          listOverdueReplies(),
        ])
        if (current === attempt.current) setState({ phase: 'ready', items, replies })
      } catch (error) {
        if (current !== attempt.current) return
        if (!isLoggedIn()) {
          setState({ phase: 'anonymous' })
        } else if (error instanceof ApiError && error.code === 'FORBIDDEN') {
          setState({ phase: 'forbidden' })
        } else {
          const message = error instanceof ApiError ? error.message : t.failedTitle
          setState({ phase: 'failed', message })
        }
      }
    },
    [t.failedTitle],
  )

  // Reloaded when shown again: a reminder or note may have just been added on the task page.
  useDidShow(() => {
    void load(filter)
  })

  usePullDownRefresh(() => {
    void load(filter).finally(() => Taro.stopPullDownRefresh())
  })

  function choose(next: Filter) {
    if (next === filter) return
    setFilter(next)
    void load(next)
  }

  let content
  if (state.phase === 'loading') {
    content = <Loading text={t.loading} />
  } else if (state.phase === 'anonymous') {
    content = (
      <Empty
        title={t.loginTitle}
        text={t.loginText}
        action={t.login}
        onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
      />
    )
  } else if (state.phase === 'forbidden') {
    content = <Empty title={t.forbiddenTitle} text={t.forbiddenText} />
  } else if (state.phase === 'failed') {
    content = (
      <Failed
        title={t.failedTitle}
        message={state.message}
        retry={t.retry}
        onRetry={() => void load(filter)}
      />
    )
  } else {
    content = (
      <View className="supervision__body">
        <View className="supervision__section">
          <Text className="supervision__section-title">{t.items}</Text>
          {state.items.length === 0 ? (
            <Empty title={t.itemsEmpty} />
          ) : (
            <Text className="supervision__muted">{t.itemsHint}</Text>
          )}
          {state.items.map((item) => (
            <ItemCard key={item.id} item={item} showOwner />
          ))}
        </View>
        <OverdueReplyList replies={state.replies} t={t} />
      </View>
    )
  }

  const showTabs = state.phase !== 'anonymous' && state.phase !== 'forbidden'
  return (
    <PageShell className="supervision">
      {showTabs && (
        <View className="supervision__tabs">
          {(['all', 'lagging'] as const).map((key) => (
            <Text
              key={key}
              className={`supervision__tab supervision__tab--${key}${filter === key ? ' supervision__tab--active' : ''}`}
              onClick={() => choose(key)}
            >
              {t[key]}
            </Text>
          ))}
        </View>
      )}
      {content}
    </PageShell>
  )
}
