import { Button, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { stateTone } from '@/components/topic-card'
import { dateOnly } from '@/components/timeline/format'
import { useStrings } from '@/i18n'
import { apiBase } from '@/services/request'
import { topicPageUrl } from '@/services/topic-summary'
import type { TopicReply, TopicView } from '@/services/topics'
import { STRINGS } from './strings'

/** A photo's full address: the service answers paths, the mini program needs the origin too. */
export function photoSrc(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${apiBase()}${url}`
}

/** Photos in a row; a tap opens WeChat's viewer on that photo with the others to swipe through. */
export function PhotoRow({ urls, className }: { urls: readonly string[]; className: string }) {
  if (urls.length === 0) return null
  const sources = urls.map(photoSrc)
  return (
    <View className={`topic__photos ${className}`}>
      {sources.map((src) => (
        <Image
          key={src}
          className="topic__photo"
          mode="aspectFill"
          src={src}
          onClick={() => void Taro.previewImage({ current: src, urls: sources })}
        />
      ))}
    </View>
  )
}

function Line({ label, value, onClick }: { label: string; value: string; onClick?: () => void }) {
  return (
    <View className={onClick ? 'topic__line topic__line--link' : 'topic__line'} onClick={onClick}>
      <Text className="topic__label">{label}</Text>
      <Text className="topic__value">{value}</Text>
    </View>
  )
}

function placeText(topic: TopicView): string | undefined {
  const place = topic.place
  if (!place) return undefined
  if (place.address) return place.address
  if (place.lat !== undefined && place.lng !== undefined) {
    return `${place.lat.toFixed(5)}, ${place.lng.toFixed(5)}`
  }
  return undefined
}

/** The service names anonymous authors 匿名居民 to others; the author sees their own name. */
const ANONYMOUS_NAME = '匿名居民'

function authorText(topic: TopicView, anonymous: string): string {
  if (!topic.anonymous) return topic.author.displayName
  if (topic.author.displayName === ANONYMOUS_NAME) return anonymous
  return `${topic.author.displayName}（${anonymous}）`
}

/** Title, state, who raised it where, the description and the photos. */
export function TopicDetails({ topic }: { topic: TopicView }) {
  const t = useStrings(STRINGS)
  const place = placeText(topic)
  const author = authorText(topic, t.anonymous)
  return (
    <View className="topic__card topic__details">
      <View className="topic__tags">
        <Text className={`topic__state topic__state--${stateTone(topic.state)}`}>
          {topic.stateLabel}
        </Text>
        <Text className="topic__category">{topic.categoryLabel}</Text>
      </View>
      <Text className="topic__title">{topic.title}</Text>
      {topic.mergedIntoId && (
        <View className="topic__notice">
          <Text>{t.mergedNotice}</Text>
          <Button
            className="topic__merged-link"
            onClick={() => void Taro.redirectTo({ url: topicPageUrl(topic.mergedIntoId ?? '') })}
          >
            {t.openMerged}
          </Button>
        </View>
      )}
      <Text className="topic__description">{topic.description}</Text>
      <PhotoRow urls={topic.photos.map((photo) => photo.url)} className="topic__topic-photos" />
      <View className="topic__lines">
        <Line label={t.raisedBy} value={author} />
        <Line label={t.source} value={topic.sourceLabel} />
        <Line
          label={t.room}
          value={topic.room.name}
          onClick={() =>
            void Taro.navigateTo({
              url: `/pages/room/index?id=${encodeURIComponent(topic.roomId)}`,
            })
          }
        />
        {place && <Line label={t.place} value={place} />}
        <Line label={t.raisedAt} value={dateOnly(topic.createdAt)} />
      </View>
    </View>
  )
}

/** The four-step reply the room gave, when it gave one. */
export function ReplySection({ reply }: { reply?: TopicReply }) {
  const t = useStrings(STRINGS)
  if (!reply) return null
  const kind = reply.targetLabel ? `${reply.kindLabel} · ${reply.targetLabel}` : reply.kindLabel
  return (
    <View className="topic__card topic__reply">
      <Text className="topic__section-title">{t.replyTitle}</Text>
      <Text className="topic__reply-kind">{kind}</Text>
      {reply.text && <Text className="topic__reply-text">{reply.text}</Text>}
      <Text className="topic__muted">
        {t.replyAt} {dateOnly(reply.at)}
      </Text>
    </View>
  )
}
