import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import TopicCard from '@/components/topic-card'
import { format, useStrings } from '@/i18n'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn } from '@/services/session'
import {
  attachedRoomIds,
  loadDutyInbox,
  raiseAsMemberUrl,
  roomPageUrl,
  type DutyRoom,
} from './inbox'
import { STRINGS } from './strings'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'ready'; rooms: DutyRoom[] }
  | { phase: 'failed'; message: string }

type T = (typeof STRINGS)['zh-CN']

function RoomSection({ entry, t }: { entry: DutyRoom; t: T }) {
  const { room, onDuty, awaiting, open } = entry
  const others = room.onDutyToday.map((person) => person.displayName).join('、')
  return (
    <View className={`duty__room${onDuty ? ' duty__room--on-duty' : ''}`}>
      <View className="duty__room-head">
        <Text className="duty__room-name">{room.name}</Text>
        <Text className={onDuty ? 'duty__badge duty__badge--on' : 'duty__badge'}>
          {onDuty ? t.onDuty : t.attached}
        </Text>
      </View>
      <Text className="duty__hint">
        {onDuty ? t.onDutyHint : others ? format(t.dutyToday, { names: others }) : t.nobodyOnDuty}
      </Text>
      <View className="duty__actions">
        <Button
          className="duty__recommend"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: raiseAsMemberUrl(room.id) })}
        >
          {t.recommend}
        </Button>
        <Button
          className="duty__enter"
          onClick={() => void Taro.navigateTo({ url: roomPageUrl(room.id) })}
        >
          {t.enterRoom}
        </Button>
      </View>
      <Text className="duty__section">{format(t.awaiting, { n: awaiting.length })}</Text>
      {awaiting.length === 0 && <Text className="duty__muted">{t.awaitingEmpty}</Text>}
      {awaiting.map((topic) => (
        <TopicCard key={topic.id} topic={topic} />
      ))}
      <Text className="duty__section">{format(t.open, { n: open.length })}</Text>
      {open.length === 0 && <Text className="duty__muted">{t.openEmpty}</Text>}
      {open.map((topic) => (
        <TopicCard key={topic.id} topic={topic} />
      ))}
    </View>
  )
}

export default function DutyPage() {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    const me = getCurrentUser()
    if (!isLoggedIn() || !me) {
      setState({ phase: 'anonymous' })
      return
    }
    if (attachedRoomIds(me).length === 0) {
      setState({ phase: 'ready', rooms: [] })
      return
    }
    try {
      const rooms = await loadDutyInbox(me)
      if (current === attempt.current) setState({ phase: 'ready', rooms })
    } catch (error) {
      if (current !== attempt.current) return
      const message = error instanceof ApiError ? error.message : t.failedTitle
      setState({ phase: 'failed', message })
    }
  }, [t.failedTitle])

  // Reloaded when shown again: an answer given on the topic page takes the topic off the list.
  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

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
  } else if (state.phase === 'failed') {
    content = (
      <Failed
        title={t.failedTitle}
        message={state.message}
        retry={t.retry}
        onRetry={() => void load()}
      />
    )
  } else if (state.rooms.length === 0) {
    content = <Empty title={t.noRoomsTitle} text={t.noRoomsText} />
  } else {
    content = (
      <View className="duty__list">
        {state.rooms.map((entry) => (
          <RoomSection key={entry.room.id} entry={entry} t={t} />
        ))}
      </View>
    )
  }
  return <PageShell className="duty">{content}</PageShell>
}
