import { Text, View } from '@tarojs/components'
import { dateOnly } from '@/components/timeline/format'
import { format, useStrings } from '@/i18n'
import { photoPath, type ActionItemPublic, type Outcome } from '@/services/outcomes'
import { PhotoRow } from './details'
import { STRINGS, type TopicStrings } from './strings'

function urgencyText(item: ActionItemPublic, t: TopicStrings): string | undefined {
  if (item.escalated && item.status !== 'done') return t.escalated
  switch (item.urgency) {
    case 'overdue':
    case 'escalate':
      return t.overdue
    case 'due_soon':
      return t.dueSoon
    case 'done_late':
      return t.doneLate
    default:
      return undefined
  }
}

function ActionItemCard({ item, t }: { item: ActionItemPublic; t: TopicStrings }) {
  const urgency = urgencyText(item, t)
  const percent = Math.max(0, Math.min(100, item.percent))
  return (
    <View className="topic__item">
      <View className="topic__item-head">
        <Text className="topic__item-title">{item.title}</Text>
        <Text className={`topic__item-status topic__item-status--${item.status}`}>
          {item.statusLabel}
        </Text>
      </View>
      <View className="topic__tags">
        <Text className="topic__track">{item.trackLabel}</Text>
        {urgency && <Text className="topic__urgency">{urgency}</Text>}
      </View>
      {item.detail && <Text className="topic__item-detail">{item.detail}</Text>}
      <View className="topic__line">
        <Text className="topic__label">{t.owner}</Text>
        <Text className="topic__value">{item.ownerUnit.name}</Text>
      </View>
      <View className="topic__line">
        <Text className="topic__label">{t.dueAt}</Text>
        <Text className="topic__value">
          {item.doneAt ? format(t.doneAt, { date: dateOnly(item.doneAt) }) : dateOnly(item.dueAt)}
        </Text>
      </View>
      <View className="topic__progress">
        <View className="topic__progress-bar">
          <View className="topic__progress-fill" style={{ width: `${percent}%` }} />
        </View>
        <Text className="topic__progress-text">{percent}%</Text>
      </View>
      {item.latestUpdate ? (
        <View className="topic__update">
          <Text className="topic__muted">
            {format(t.latest, { date: dateOnly(item.latestUpdate.at) })}
          </Text>
          <Text className="topic__update-note">{item.latestUpdate.note}</Text>
          <PhotoRow
            urls={item.latestUpdate.photos.map((photo) => photoPath(photo.key))}
            className="topic__update-photos"
          />
        </View>
      ) : (
        <Text className="topic__muted">{t.noProgress}</Text>
      )}
    </View>
  )
}

/** The agreed plan and its action items with their progress (谁负责、谁执行、何时完成). */
export function OutcomeSection({ outcome }: { outcome: Outcome }) {
  const t = useStrings(STRINGS)
  return (
    <View className="topic__card topic__outcome">
      <Text className="topic__section-title">{t.outcomeTitle}</Text>
      <Text className="topic__muted">
        {format(t.publishedAt, { date: dateOnly(outcome.publishedAt) })}
      </Text>
      <Text className="topic__plan">{outcome.plan}</Text>
      {outcome.items.length > 0 && (
        <>
          <Text className="topic__subtitle">{t.itemsTitle}</Text>
          {outcome.items.map((item) => (
            <ActionItemCard key={item.id} item={item} t={t} />
          ))}
        </>
      )}
    </View>
  )
}
