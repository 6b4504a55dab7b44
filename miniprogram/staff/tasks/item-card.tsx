/** One action item in a list (my tasks, supervision): deadline, urgency, track, percent; tap opens it. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { format, useStrings } from '@/i18n'
import {
  daysUntil,
  shortDay,
  taskPageUrl,
  urgencyTone,
  type ActionItemEntry,
} from '@/services/action-items'
import { CARD_STRINGS, type CardStrings } from './card-strings'
import './item-card.css'

/** "截止 6月30日 · 还剩 3 天", "已超期 2 天", or when it was done. */
export function deadlineText(item: ActionItemEntry, now: Date, t: CardStrings): string {
  if (item.status === 'done') return format(t.doneAt, { date: shortDay(item.doneAt ?? item.dueAt) })
  const days = daysUntil(item.dueAt, now)
  const due = format(t.due, { date: shortDay(item.dueAt) })
  if (days < 0 || now.getTime() > new Date(item.dueAt).getTime()) {
    return `${due} · ${format(t.daysLate, { n: Math.max(1, -days) })}`
  }
  if (days === 0) return `${due} · ${t.dueToday}`
  return `${due} · ${format(t.daysLeft, { n: days })}`
}

export default function ItemCard({
  item,
  showOwner = false,
}: {
  item: ActionItemEntry
  /** Supervision lists name the department; a department's own list does not need to. */
  showOwner?: boolean
}) {
  const t = useStrings(CARD_STRINGS)
  const tone = urgencyTone(item.urgency)
  return (
    <View
      className={`task-card task-card--${tone}`}
      onClick={() => void Taro.navigateTo({ url: taskPageUrl(item.id) })}
    >
      <View className="task-card__head">
        <Text className={`task-card__urgency task-card__urgency--${tone}`}>{t[item.urgency]}</Text>
        <Text className="task-card__track">{item.trackLabel}</Text>
        <Text className="task-card__status">{item.statusLabel}</Text>
      </View>
      <Text className="task-card__title">{item.title}</Text>
      <Text className="task-card__meta">{format(t.topic, { title: item.topic.title })}</Text>
      {showOwner && (
        <Text className="task-card__meta">{format(t.owner, { name: item.ownerUnit.name })}</Text>
      )}
      <Text className={`task-card__due task-card__due--${tone}`}>
        {deadlineText(item, new Date(), t)}
      </Text>
      <View className="task-card__progress">
        <View className="task-card__bar">
          <View className="task-card__bar-fill" style={{ width: `${item.percent}%` }} />
        </View>
        <Text className="task-card__percent">{format(t.percent, { n: item.percent })}</Text>
      </View>
      {(item.reminderCount > 0 || item.escalatedTo) && (
        <Text className="task-card__meta task-card__chase">
          {[
            item.reminderCount > 0 ? format(t.reminded, { n: item.reminderCount }) : '',
            item.escalatedTo ? format(t.escalatedTo, { name: item.escalatedTo.name }) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
    </View>
  )
}
