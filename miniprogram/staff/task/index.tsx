import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import { format, useStrings } from '@/i18n'
import { fetchActionItem, urgencyTone, type ActionItemDetail } from '@/services/action-items'
import { ApiError } from '@/services/request'
import { fetchRoom, type RoomPublic } from '@/services/rooms'
import { getCurrentUser } from '@/services/session'
import { topicPageUrl } from '@/services/topic-summary'
import { CARD_STRINGS } from '../tasks/card-strings'
import { deadlineText } from '../tasks/item-card'
import { taskAbilities, type TaskAbilities } from './access'
import { ProgressHistory, SupervisionRecord } from './history'
import ProgressForm from './progress-form'
import { STRINGS, type TaskStrings } from './strings'
import SuperviseBox from './supervise-box'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'ready'; item: ActionItemDetail; abilities: TaskAbilities }
  | { phase: 'missing' }
  | { phase: 'forbidden' }
  | { phase: 'failed'; message: string }

const MISSING = new Set(['ACTION_ITEM_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_FAILED'])

/** The room only tells where the item sits in the unit tree; without it the page still works. */
async function roomOrNothing(roomId: string): Promise<RoomPublic | undefined> {
  try {
    return await fetchRoom(roomId)
  } catch {
    return undefined
  }
}

function Line({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <View className="task__line">
      <Text className="task__label">{label}</Text>
      <Text className={`task__value ${className ?? ''}`}>{value}</Text>
    </View>
  )
}

function Summary({ item, t }: { item: ActionItemDetail; t: TaskStrings }) {
  const card = useStrings(CARD_STRINGS)
  const tone = urgencyTone(item.urgency)
  return (
    <View className="task__card task__summary">
      <View className="task__tags">
        <Text className={`task__urgency task__urgency--${tone}`}>{card[item.urgency]}</Text>
        <Text className="task__tag">{item.trackLabel}</Text>
      </View>
      <Text className="task__title">{item.title}</Text>
      <View
        className="task__line task__topic"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(item.topic.id) })}
      >
        <Text className="task__label">{t.topic}</Text>
        <Text className="task__value task__link">{item.topic.title} ›</Text>
      </View>
      <Line label={t.owner} value={item.ownerUnit.name} />
      <Line label={t.status} value={item.statusLabel} />
      <Line
        label={t.deadline}
        value={deadlineText(item, new Date(), card)}
        className={`task__due task__due--${tone}`}
      />
      {item.escalatedTo && (
        <Text className="task__escalated">
          {format(t.escalated, { name: item.escalatedTo.name })}
        </Text>
      )}
      <View className="task__bar">
        <View className="task__bar-fill" style={{ width: `${item.percent}%` }} />
      </View>
      <Text className="task__muted">{format(t.percentNow, { n: item.percent })}</Text>
      {item.detail && (
        <View className="task__detail">
          <Text className="task__label">{t.detail}</Text>
          <Text className="task__entry-text">{item.detail}</Text>
        </View>
      )}
    </View>
  )
}

export default function TaskPage() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const id = params.id?.trim() ?? ''
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(
    async (quiet = false) => {
      const current = ++attempt.current
      if (!id) {
        setState({ phase: 'missing' })
        return
      }
      if (!quiet) setState({ phase: 'loading' })
      try {
        const item = await fetchActionItem(id)
        const room = await roomOrNothing(item.roomId)
        if (current !== attempt.current) return
        const abilities = taskAbilities(item, getCurrentUser(), room, new Date())
        setState({ phase: 'ready', item, abilities })
      } catch (error) {
        if (current !== attempt.current) return
        if (error instanceof ApiError && MISSING.has(error.code)) {
          setState({ phase: 'missing' })
        } else if (error instanceof ApiError && error.code === 'FORBIDDEN') {
          setState({ phase: 'forbidden' })
        } else {
          const message = error instanceof ApiError ? error.message : t.failedAction
          setState({ phase: 'failed', message })
        }
      }
    },
    [id, t.failedAction],
  )

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh())
  })

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void load()} />
  } else {
    const { item, abilities } = state
    const reload = () => void load(true)
    content = (
      <View className="task">
        <Summary item={item} t={t} />
        {abilities.report && (
          <ProgressForm
            key={`${item.percent}-${item.updates.length}`}
            item={item}
            t={t}
            onSaved={reload}
          />
        )}
        <SuperviseBox item={item} abilities={abilities} t={t} onChanged={reload} />
        <ProgressHistory item={item} t={t} />
        <SupervisionRecord item={item} t={t} />
      </View>
    )
  }
  return <PageShell className="task-page">{content}</PageShell>
}
