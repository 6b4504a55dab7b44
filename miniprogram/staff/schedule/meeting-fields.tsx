import { Input, Picker, Switch, Text, View } from '@tarojs/components'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import { MEETING_FORMS } from '@shared/domain/types'
import { beijingToday } from '@/services/staff'
import type { ScheduleDraft, ScheduleProblems } from './form-model'
import type { ScheduleStrings } from './strings'

function Problem({ text }: { text?: string }) {
  return text ? <Text className="schedule__problem">{text}</Text> : null
}

/** Title, form (现场/地头/议事室/线上), date and times, place or link, and walk-ins. */
export default function MeetingFields({
  draft,
  update,
  problems,
  t,
}: {
  draft: ScheduleDraft
  update: (patch: Partial<ScheduleDraft>) => void
  problems: ScheduleProblems
  t: ScheduleStrings
}) {
  const online = draft.form === 'online'
  return (
    <View className="schedule__card">
      <Text className="schedule__label">{t.title}</Text>
      <Input
        className="schedule__input schedule__title"
        value={draft.title}
        placeholder={t.titlePlaceholder}
        maxlength={60}
        onInput={(event) => update({ title: event.detail.value })}
      />
      <Problem text={problems.title} />

      <Text className="schedule__label">{t.form}</Text>
      <View className="schedule__chips">
        {MEETING_FORMS.map((form) => (
          <View
            key={form}
            className={`schedule__chip schedule__form schedule__form--${form}${draft.form === form ? ' schedule__chip--on' : ''}`}
            onClick={() => update({ form })}
          >
            {MEETING_FORM_LABELS[form]}
          </View>
        ))}
      </View>
      <Problem text={problems.form} />

      <View className="schedule__when">
        <View className="schedule__when-part">
          <Text className="schedule__label">{t.date}</Text>
          <Picker
            id="schedule-date"
            className="schedule__date"
            mode="date"
            value={draft.date}
            start={beijingToday()}
            onChange={(event) => update({ date: String(event.detail.value) })}
          >
            <View className="schedule__picker">{draft.date || t.pick}</View>
          </Picker>
        </View>
        <View className="schedule__when-part">
          <Text className="schedule__label">{t.time}</Text>
          <Picker
            id="schedule-time"
            className="schedule__time"
            mode="time"
            value={draft.time}
            onChange={(event) => update({ time: String(event.detail.value) })}
          >
            <View className="schedule__picker">{draft.time || t.pick}</View>
          </Picker>
        </View>
        <View className="schedule__when-part">
          <Text className="schedule__label">{t.endTime}</Text>
          <Picker
            id="schedule-end"
            className="schedule__end"
            mode="time"
            value={draft.endTime}
            onChange={(event) => update({ endTime: String(event.detail.value) })}
          >
            <View className="schedule__picker">{draft.endTime || t.pick}</View>
          </Picker>
        </View>
      </View>
      <Problem text={problems.when ?? problems.end} />

      <Text className="schedule__label">{online ? t.onlineUrl : t.place}</Text>
      {online ? (
        <Input
          className="schedule__input schedule__online-url"
          value={draft.onlineUrl}
          placeholder={t.onlinePlaceholder}
          maxlength={500}
          onInput={(event) => update({ onlineUrl: event.detail.value })}
        />
      ) : (
        <Input
          className="schedule__input schedule__address"
          value={draft.address}
          placeholder={t.placePlaceholder}
          maxlength={120}
          onInput={(event) => update({ address: event.detail.value })}
        />
      )}
      <Problem text={problems.place} />

      <View className="schedule__switch-line">
        <Text className="schedule__switch-label">{t.walkIn}</Text>
        <Switch
          className="schedule__walk-in"
          checked={draft.allowWalkIn}
          onChange={(event) => update({ allowWalkIn: Boolean(event.detail.value) })}
        />
      </View>
    </View>
  )
}
