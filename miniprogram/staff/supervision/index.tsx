import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { TOPIC_STATE_LABELS } from '@shared/domain/labels'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import { useLoadedPage } from '@/hooks/use-loaded-page'
import { format, useStrings } from '@/i18n'
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
  // Reloaded whenever shown again: a reminder or note may have just been added on the task page.
  const { state, reload } = useLoadedPage(
    async (which: Filter) => {
      const [items, replies] = await Promise.all([
        listSupervisedItems(which === 'lagging' ? 'lagging' : undefined),
        listOverdueReplies(),
      ])
      return { items, replies }
    },
    { failedText: t.failedTitle, arg: filter, loadingOnReload: true, forbidden: true },
  )

  function choose(next: Filter) {
    if (next === filter) return
    setFilter(next)
    void reload(next)
  }

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void reload()} />
  } else {
    content = (
      <View className="supervision__body">
        <View className="supervision__section">
          <Text className="supervision__section-title">{t.items}</Text>
          {state.data.items.length === 0 ? (
            <Empty title={t.itemsEmpty} />
          ) : (
            <Text className="supervision__muted">{t.itemsHint}</Text>
          )}
          {state.data.items.map((item) => (
            <ItemCard key={item.id} item={item} showOwner />
          ))}
        </View>
        <OverdueReplyList replies={state.data.replies} t={t} />
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
