import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { format } from '@/i18n'
import { findSimilarTopics, type SimilarTopic } from '@/services/topic-lists'
import { topicPageUrl } from '@/services/topic-summary'
import { length } from './form-model'
import type { RaiseStrings } from './strings'

export const SIMILAR_DELAY_MS = 400

/**
 * Open topics like the title being typed, asked for once typing pauses (~400 ms). Only the newest
 * question may answer; failures just show nothing (this is a hint, not a step of the form).
 */
export function useSimilarTopics(
  roomId: string,
  title: string,
  point: { lat?: number; lng?: number },
): SimilarTopic[] {
  const [items, setItems] = useState<SimilarTopic[]>([])
  const latest = useRef(0)
  const query = title.trim()
  const { lat, lng } = point

  useEffect(() => {
    const ask = ++latest.current
    if (length(query) < 2) {
      setItems([])
      return
    }
    const timer = setTimeout(() => {
      findSimilarTopics(roomId, query, { lat, lng })
        .then((found) => {
          if (ask === latest.current) setItems(found)
        })
        .catch(() => {
          if (ask === latest.current) setItems([])
        })
    }, SIMILAR_DELAY_MS)
    return () => clearTimeout(timer)
  }, [roomId, query, lat, lng])

  return items
}

/** "类似的议题" under the title: supporting an existing topic beats raising a duplicate. */
export default function SimilarTopics({ items, t }: { items: SimilarTopic[]; t: RaiseStrings }) {
  if (items.length === 0) return null
  return (
    <View className="raise__similar">
      <Text className="raise__similar-title">{t.similarTitle}</Text>
      <Text className="raise__hint">{t.similarHint}</Text>
      {items.map((topic) => (
        <View key={topic.id} className="raise__similar-item">
          <View className="raise__similar-main">
            <Text className="raise__similar-name">{topic.title}</Text>
            <Text className="raise__similar-meta">
              {format(t.similarSupports, { state: topic.stateLabel, count: topic.supportCount })}
            </Text>
          </View>
          <Button
            className="raise__similar-go"
            size="mini"
            onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
          >
            {t.goSupport}
          </Button>
        </View>
      ))}
    </View>
  )
}
