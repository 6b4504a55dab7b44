import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import TopicCard from '@/components/topic-card'
import { useLoadedPage } from '@/hooks/use-loaded-page'
import { format, useStrings } from '@/i18n'
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
  // Reloaded whenever shown again: an answer given on the topic page takes the topic off the list.
  const { state, reload } = useLoadedPage(
    async (): Promise<DutyRoom[]> => {
      const me = getCurrentUser()
      return me && attachedRoomIds(me).length > 0 ? loadDutyInbox(me) : []
    },
    {
      failedText: t.failedTitle,
      signedIn: () => isLoggedIn() && !!getCurrentUser(),
    },
  )

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void reload()} />
  } else if (state.data.length === 0) {
    content = <Empty title={t.noRoomsTitle} text={t.noRoomsText} />
  } else {
    content = (
      <View className="duty__list">
        {state.data.map((entry) => (
          <RoomSection key={entry.room.id} entry={entry} t={t} />
        ))}
      </View>
    )
  }
  return <PageShell className="duty">{content}</PageShell>
}
