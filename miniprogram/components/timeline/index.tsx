import { Text, View } from '@tarojs/components'
import { useStrings } from '@/i18n'
import type { TimelineEntry } from '@/services/topics'
import { dateTime } from './format'
import { STRINGS } from './strings'
import './index.css'

function actorText(entry: TimelineEntry, system: string): string {
  if (!entry.actor) return system
  return `${entry.actor.displayName}（${entry.actor.roleLabel}）`
}

/** The topic's 办理进程, oldest first: when, what, who (in which role) and the public note. */
export default function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const t = useStrings(STRINGS)
  if (entries.length === 0) {
    return <Text className="timeline__empty">{t.empty}</Text>
  }
  return (
    <View className="timeline">
      {entries.map((entry, index) => (
        <View
          key={`${entry.at}-${index}`}
          className={`timeline__entry${index === entries.length - 1 ? ' timeline__entry--latest' : ''}`}
        >
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <Text className="timeline__label">{entry.label}</Text>
              {!entry.public && <Text className="timeline__internal">{t.internal}</Text>}
            </View>
            <Text className="timeline__meta">
              {dateTime(entry.at)} · {actorText(entry, t.system)}
            </Text>
            {entry.note && <Text className="timeline__note">{entry.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}
