import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { apiBase } from '@/services/request'
import { topicPageUrl, type TopicSummary } from '@/services/topic-summary'
import { inBeijing } from '@/services/beijing-time'
import './index.css'

/** Where a topic stands, as a colour family: waiting, being handled, done, or stopped. */
export function stateTone(state: TopicSummary['state']): 'waiting' | 'active' | 'done' | 'stopped' {
  switch (state) {
    case 'pending_review':
    case 'open':
    case 'reopened':
      return 'waiting'
    case 'closed':
    case 'closed_answered':
    case 'closed_explained':
      return 'done'
    case 'rejected':
    case 'withdrawn':
    case 'merged':
      return 'stopped'
    default:
      return 'active'
  }
}

function shortDate(iso: string): string {
  const date = inBeijing(iso)
  if (Number.isNaN(date.getTime())) return ''
  return `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
}

/** A topic in a list: title, state, category, who raised it, supports and comments; tap to open. */
export default function TopicCard({ topic }: { topic: TopicSummary }) {
  return (
    <View
      className="topic-card"
      onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
    >
      <View className="topic-card__main">
        <View className="topic-card__head">
          <Text className={`topic-card__state topic-card__state--${stateTone(topic.state)}`}>
            {topic.stateLabel}
          </Text>
          <Text className="topic-card__category">{topic.categoryLabel}</Text>
        </View>
        <Text className="topic-card__title">{topic.title}</Text>
        <Text className="topic-card__meta">
          {topic.author.displayName} · {shortDate(topic.createdAt)}
          {topic.source !== 'resident' ? ` · ${topic.sourceLabel}` : ''}
        </Text>
        <Text className="topic-card__counts">
          附议 {topic.supportCount} · 评论 {topic.commentCount}
        </Text>
      </View>
      {topic.photoUrl && (
        <Image
          className="topic-card__photo"
          mode="aspectFill"
          src={`${apiBase()}${topic.photoUrl}`}
        />
      )}
    </View>
  )
}
