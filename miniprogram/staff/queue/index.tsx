import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { CATEGORY_LABELS, TOPIC_SOURCE_LABELS, TOPIC_STATE_LABELS } from '@shared/domain/labels'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import {
  clockText,
  formatDay,
  idParam,
  loadProblem,
  staffUrl,
  type LoadProblem,
} from '@/services/staff'
import { topicPageUrl, type TopicSummary } from '@/services/topic-summary'
import {
  fetchRoomQueue,
  fetchRoomTopicsInState,
  type QueueItem,
  type RoomQueue,
} from '@/services/triage'
import { StaffPending } from '../workbench/problem'
import { STRINGS, type QueueStrings } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; queue: RoomQueue; consultation: TopicSummary[] }

function QueueRow({ item, t, roomId }: { item: QueueItem; t: QueueStrings; roomId: string }) {
  const url = item.escalation
    ? staffUrl('escalations', { roomId })
    : staffUrl('reply', { id: item.id })
  return (
    <View
      className={`queue__item${item.overdue ? ' queue__item--overdue' : ''}`}
      onClick={() => void Taro.navigateTo({ url })}
    >
      <View className="queue__tags">
        <Text className="queue__state">{TOPIC_STATE_LABELS[item.state]}</Text>
        <Text className="queue__tag">{CATEGORY_LABELS[item.category]}</Text>
        {item.source !== 'resident' && (
          <Text className="queue__tag">{TOPIC_SOURCE_LABELS[item.source]}</Text>
        )}
      </View>
      <Text className="queue__title">{item.title}</Text>
      <View className="queue__line">
        <Text className="queue__due">{format(t.due, { date: formatDay(item.dueAt) })}</Text>
        <Text className={`queue__clock${item.overdue ? ' queue__clock--overdue' : ''}`}>
          {clockText(item, t)}
        </Text>
      </View>
      <Text className="queue__meta">{format(t.supports, { n: item.supportCount })}</Text>
      {item.consultation && (
        <Text className="queue__meta">
          {format(t.consulted, {
            name: item.consultation.department.name,
            answered: item.consultation.answered ? t.answered : t.waiting,
          })}
        </Text>
      )}
      {item.escalation && (
        <Text className="queue__meta">
          {format(t.escalatedFrom, {
            room: item.escalation.from.name,
            reason: item.escalation.reason,
          })}
        </Text>
      )}
    </View>
  )
}

function ConsultationRow({
  topic,
  roomId,
  t,
}: {
  topic: TopicSummary
  roomId: string
  t: QueueStrings
}) {
  return (
    <View className="queue__consultation">
      <Text
        className="queue__consultation-title"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
      >
        {topic.title}
      </Text>
      <Button
        className="queue__schedule"
        onClick={() =>
          void Taro.navigateTo({ url: staffUrl('schedule', { roomId, topicId: topic.id }) })
        }
      >
        {t.schedule}
      </Button>
    </View>
  )
}

export default function Queue() {
  const t = useStrings(STRINGS)
  const roomId = idParam(useRouter().params.roomId)
  const [state, setState] = useState<State>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!roomId) return
    try {
      const [queue, consultation] = await Promise.all([
        fetchRoomQueue(roomId),
        fetchRoomTopicsInState(roomId, 'consultation').catch(() => ({ items: [] })),
      ])
      if (current !== attempt.current) return
      setState({ phase: 'ready', queue, consultation: consultation.items })
      void Taro.setNavigationBarTitle({ title: `${queue.room.name} · 待答复` })
    } catch (error) {
      if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
    }
  }, [roomId])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!roomId || state.phase === 'loading' || state.phase === 'problem') {
    return (
      <PageShell className="queue">
        <StaffPending
          missing={roomId ? undefined : { title: t.noRoom, text: t.noRoomText }}
          problem={state.phase === 'problem' ? state.problem : undefined}
          words={t}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { queue, consultation } = state
  const overdue = queue.items.filter((item) => item.overdue).length
  return (
    <PageShell className="queue">
      <View className="queue__header">
        <Text className="queue__room">{queue.room.name}</Text>
        <View className="queue__summary-line">
          <Text className="queue__summary">{format(t.summary, { n: queue.items.length })}</Text>
          {overdue > 0 && (
            <Text className="queue__summary queue__summary-overdue">
              {format(t.overdueSummary, { n: overdue })}
            </Text>
          )}
        </View>
      </View>

      {queue.items.length === 0 ? (
        <Empty title={t.empty} text={t.emptyText} />
      ) : (
        queue.items.map((item) => <QueueRow key={item.id} item={item} t={t} roomId={roomId} />)
      )}

      <View className="queue__card">
        <Text className="queue__section-title">{t.consultation}</Text>
        {consultation.length === 0 ? (
          <Text className="queue__muted">{t.consultationEmpty}</Text>
        ) : (
          consultation.map((topic) => (
            <ConsultationRow key={topic.id} topic={topic} roomId={roomId} t={t} />
          ))
        )}
      </View>
    </PageShell>
  )
}
