import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Empty, Failed, Loading } from '@/components/load-state'
import { useSettings } from '@/hooks/use-settings'
import { fetchDemoMessages, type DemoMessages, type DemoMessage } from '@/services/demo-wechat'
import { linkUrl } from '@/services/notifications'
import { ApiError } from '@/services/request'
import { shortTime } from './strings'
import type { TabProps } from './tab'

type WechatState =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; answer: DemoMessages }

const SETTINGS_PAGE = '/pages/settings/index'

/** One message as WeChat's service notification card: title, time, labelled fields, open link. */
function MessageCard({ message, t }: { message: DemoMessage; t: TabProps['t'] }) {
  const { lang } = useSettings()
  const { page } = message
  return (
    <View className="wx-message">
      <View className="wx-message__head">
        <Text className="wx-message__title">{message.title}</Text>
        <Text className="wx-message__time">{shortTime(message.sentAt, lang)}</Text>
      </View>
      {message.fields.map((field) => (
        <View key={field.key} className="wx-message__field">
          <Text className="wx-message__label">{field.label}</Text>
          <Text className="wx-message__value">{field.value}</Text>
        </View>
      ))}
      {page && (
        <Text
          className="wx-message__open"
          onClick={() => void Taro.navigateTo({ url: linkUrl(page) })}
        >
          {t.wechatOpen} ›
        </Text>
      )}
    </View>
  )
}

/** Demo only: the subscription messages the fake WeChat server received for me. */
export default function WechatMessages({ t, shown, reload }: TabProps) {
  const [state, setState] = useState<WechatState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    try {
      const answer = await fetchDemoMessages()
      if (current === attempt.current) setState({ phase: 'ready', answer })
    } catch (error) {
      if (current !== attempt.current) return
      setState({ phase: 'failed', message: error instanceof ApiError ? error.message : '' })
    }
  }, [])

  useEffect(() => {
    reload.current = load
    void load()
  }, [load, shown, reload])

  if (state.phase === 'loading') return <Loading text={t.loading} />
  if (state.phase === 'failed') {
    return (
      <Failed
        title={t.failedTitle}
        message={state.message || t.failedFallback}
        retry={t.retry}
        onRetry={() => {
          setState({ phase: 'loading' })
          void load()
        }}
      />
    )
  }
  const { messages, wechatLinked } = state.answer
  return (
    <View className="wx-messages">
      <Text className="wx-messages__intro">{wechatLinked ? t.wechatIntro : t.wechatNotLinked}</Text>
      {messages.length === 0 ? (
        wechatLinked && (
          <Empty
            title={t.wechatEmptyTitle}
            text={t.wechatEmptyText}
            action={t.wechatEmptyAction}
            onAction={() => void Taro.navigateTo({ url: SETTINGS_PAGE })}
          />
        )
      ) : (
        <>
          {messages.map((message) => (
            <MessageCard key={message.msgid} message={message} t={t} />
          ))}
          <Button className="wx-messages__refresh" onClick={() => void load()}>
            {t.wechatRefresh}
          </Button>
        </>
      )}
    </View>
  )
}
