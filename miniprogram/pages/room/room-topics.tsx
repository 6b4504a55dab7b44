import { Button, Text, View } from '@tarojs/components'
import type { TopicState } from '@shared/domain/topic-machine'
import { useState } from 'react'
import TopicCard from '@/components/topic-card'
import { Empty, Failed, Loading } from '@/components/load-state'
import { format } from '@/i18n'
import type { TopicSort } from '@/services/topic-lists'
import type { RoomStrings } from './strings'
import { useRoomTopics } from './use-room-topics'

type FilterKey = 'all' | 'open' | 'inProgress' | 'closed'

/** The state filter: one `state` query value each (征集附议 open, 办理中 in_progress, 已办结 closed). */
const FILTERS: { key: FilterKey; state?: TopicState; label: (t: RoomStrings) => string }[] = [
  { key: 'all', label: (t) => t.filterAll },
  { key: 'open', state: 'open', label: (t) => t.filterOpen },
  { key: 'inProgress', state: 'in_progress', label: (t) => t.filterInProgress },
  { key: 'closed', state: 'closed', label: (t) => t.filterClosed },
]

/** The room's topics: 最热 / 最新, a state filter, and more pages on request. */
export default function RoomTopics({
  roomId,
  refreshKey,
  t,
}: {
  roomId: string
  refreshKey: number
  t: RoomStrings
}) {
  const [sort, setSort] = useState<TopicSort>('hot')
  const [filter, setFilter] = useState<FilterKey>('all')
  const chosen = FILTERS.find((item) => item.key === filter) ?? FILTERS[0]
  const { feed, reload, loadMore } = useRoomTopics(roomId, sort, chosen.state, refreshKey)

  function list() {
    if (feed.phase === 'loading') return <Loading text={t.loadingTopics} />
    if (feed.phase === 'failed') {
      return (
        <Failed
          title={t.topicsFailed}
          message={feed.message}
          retry={t.reload}
          onRetry={() => void reload()}
        />
      )
    }
    if (feed.items.length === 0) {
      return filter === 'all' ? (
        <Empty title={t.emptyTitle} text={t.emptyText} />
      ) : (
        <Empty
          title={format(t.emptyFilteredTitle, { filter: chosen.label(t) })}
          text={t.emptyFilteredText}
        />
      )
    }
    return (
      <View className="room__topic-list">
        {feed.items.map((topic) => (
          <TopicCard key={topic.id} topic={topic} />
        ))}
        {feed.moreFailed && <Text className="room__more-failed">{feed.moreFailed}</Text>}
        {feed.nextCursor ? (
          <Button
            className="room__more"
            disabled={feed.loadingMore || undefined}
            onClick={() => void loadMore()}
          >
            {feed.loadingMore ? t.loadingMore : t.more}
          </Button>
        ) : (
          <Text className="room__end">{t.end}</Text>
        )}
      </View>
    )
  }

  return (
    <View className="room__topics">
      <View className="room__topics-head">
        <Text className="room__section-title">{t.topics}</Text>
        <View className="room__tabs">
          {(['hot', 'new'] as const).map((value) => (
            <Text
              key={value}
              className={`room__tab${sort === value ? ' room__tab--active' : ''}`}
              onClick={() => setSort(value)}
            >
              {value === 'hot' ? t.hot : t.newest}
            </Text>
          ))}
        </View>
      </View>
      <View className="room__filters">
        {FILTERS.map((item) => (
          <Text
            key={item.key}
            className={`room__filter${filter === item.key ? ' room__filter--active' : ''}`}
            onClick={() => setFilter(item.key)}
          >
            {item.label(t)}
          </Text>
        ))}
      </View>
      {list()}
    </View>
  )
}
