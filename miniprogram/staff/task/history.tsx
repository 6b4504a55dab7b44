/** The item's record: progress reports with photos, reminders and supervision notes (newest first). */
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { dayTime, photoSrc, type ActionItemDetail } from '@/services/action-items'
import type { TaskStrings } from './strings'

const newestFirst = <T extends { at: string }>(list: T[]) =>
  [...list].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())

export function ProgressHistory({ item, t }: { item: ActionItemDetail; t: TaskStrings }) {
  const updates = newestFirst(item.updates)
  return (
    <View className="task__card task__history">
      <Text className="task__section-title">{t.history}</Text>
      {updates.length === 0 && <Text className="task__muted">{t.historyEmpty}</Text>}
      {updates.map((update, index) => {
        const urls = update.photos.map((photo) => photoSrc(photo.key))
        return (
          <View key={`${update.at}-${index}`} className="task__entry">
            <View className="task__entry-head">
              <Text className="task__entry-percent">{update.percent}%</Text>
              <Text className="task__muted">
                {dayTime(update.at)} · {update.by.displayName}
              </Text>
            </View>
            <Text className="task__entry-text">{update.note}</Text>
            {urls.length > 0 && (
              <View className="task__photos">
                {urls.map((url) => (
                  <Image
                    key={url}
                    className="task__photo-img"
                    mode="aspectFill"
                    src={url}
                    onClick={() => void Taro.previewImage({ current: url, urls })}
                  />
                ))}
              </View>
            )}
          </View>
        )
      })}
    </View>
  )
}

export function SupervisionRecord({ item, t }: { item: ActionItemDetail; t: TaskStrings }) {
  const reminders = newestFirst(item.reminders)
  const notes = newestFirst(item.notes)
  return (
    <View className="task__card task__record">
      <Text className="task__section-title">{t.notes}</Text>
      {notes.length === 0 && <Text className="task__muted">{t.notesEmpty}</Text>}
      {notes.map((note) => (
        <View key={note.id} className="task__entry task__entry--note">
          <Text className="task__entry-text">{note.text}</Text>
          <Text className="task__muted">
            {dayTime(note.at)} · {note.by.displayName}
          </Text>
        </View>
      ))}
      {reminders.length > 0 && (
        <>
          <Text className="task__section-title task__section-title--sub">{t.reminders}</Text>
          {reminders.map((reminder, index) => (
            <Text key={`${reminder.at}-${index}`} className="task__reminder">
              {dayTime(reminder.at)} · {reminder.kind === 'auto' ? t.remindAuto : t.remindManual}
              {reminder.by ? ` · ${reminder.by.displayName}` : ''}
            </Text>
          ))}
        </>
      )}
    </View>
  )
}
