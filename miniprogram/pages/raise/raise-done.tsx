import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { format, useStrings } from '@/i18n'
import type { RaisedTopic } from '@/services/raise'
import { askToSubscribe } from '@/services/subscribe'
import { topicPageUrl } from '@/services/topic-summary'
import { STRINGS } from './strings'

/**
 * After raising: say where the topic stands (public, or held for review), offer WeChat progress
 * notices (the prompt opens only on this tap, as WeChat requires) and the way to the topic.
 */
export default function RaiseDone({ topic }: { topic: RaisedTopic }) {
  const t = useStrings(STRINGS)
  const [subscription, setSubscription] = useState<'idle' | 'asking' | 'on' | 'off'>('idle')
  const underReview = topic.state === 'pending_review'

  async function subscribe() {
    setSubscription('asking')
    const accepted = await askToSubscribe('after_raise')
    setSubscription(accepted.length > 0 ? 'on' : 'off')
  }

  return (
    <View className="raise__done">
      <Text className="raise__done-title">{underReview ? t.reviewTitle : t.doneTitle}</Text>
      <Text className="raise__done-topic">{topic.title}</Text>
      <Text className="raise__hint">{format(t.doneState, { state: topic.stateLabel })}</Text>
      <Text className="raise__done-text">{underReview ? t.reviewText : t.doneText}</Text>
      {subscription === 'on' || subscription === 'off' ? (
        <Text className="raise__subscribed">
          {subscription === 'on' ? t.subscribed : t.notSubscribed}
        </Text>
      ) : (
        <Button
          className="raise__subscribe"
          type="primary"
          disabled={subscription === 'asking' || undefined}
          onClick={() => void subscribe()}
        >
          {t.subscribe}
        </Button>
      )}
      <Button
        className="raise__view"
        onClick={() => void Taro.redirectTo({ url: topicPageUrl(topic.id) })}
      >
        {t.viewTopic}
      </Button>
    </View>
  )
}
