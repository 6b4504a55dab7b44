import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import { dateOnly, dateTime } from '@/components/timeline/format'
import { useStrings } from '@/i18n'
import { meetingPageUrl, type MeetingSummary } from '@/services/meetings'
import { STRINGS, type TopicStrings } from './strings'

function statusText(meeting: MeetingSummary, t: TopicStrings): string {
  if (meeting.status === 'held') return t.meetingHeld
  if (meeting.status === 'cancelled') return t.meetingCancelled
  return t.meetingScheduled
}

function timeText(meeting: MeetingSummary): string {
  const start = dateTime(meeting.startsAt)
  const end = dateTime(meeting.endsAt)
  const day = dateOnly(meeting.startsAt)
  return end.startsWith(`${day} `) ? `${start} – ${end.slice(day.length + 1)}` : `${start} – ${end}`
}

/**
 * The topic's meeting as its view names it (the latest not-cancelled meeting with the topic on its
 * agenda, scheduled or held). Links to the meeting page.
 */
export function MeetingSection({
  meeting,
  scheduled,
}: {
  meeting?: MeetingSummary
  /** The topic is in meeting_scheduled. */
  scheduled: boolean
}) {
  const t = useStrings(STRINGS)
  if (!meeting) {
    // No meeting in the view: say what the state already tells.
    return scheduled ? (
      <View className="topic__card topic__meeting">
        <Text className="topic__section-title">{t.meetingTitle}</Text>
        <Text className="topic__muted">{t.meetingPending}</Text>
      </View>
    ) : null
  }
  return (
    <View className="topic__card topic__meeting">
      <View className="topic__item-head">
        <Text className="topic__section-title">{t.meetingTitle}</Text>
        <Text className={`topic__meeting-status topic__meeting-status--${meeting.status}`}>
          {statusText(meeting, t)}
        </Text>
      </View>
      <Text className="topic__meeting-title">{meeting.title}</Text>
      <View className="topic__line">
        <Text className="topic__label">{t.meetingTime}</Text>
        <Text className="topic__value">{timeText(meeting)}</Text>
      </View>
      <View className="topic__line">
        <Text className="topic__label">{t.meetingForm}</Text>
        <Text className="topic__value">{MEETING_FORM_LABELS[meeting.form]}</Text>
      </View>
      <View className="topic__line">
        <Text className="topic__label">{t.meetingPlace}</Text>
        <Text className="topic__value">{meeting.place?.address ?? t.meetingOnline}</Text>
      </View>
      <Button
        className="topic__meeting-open"
        onClick={() => void Taro.navigateTo({ url: meetingPageUrl(meeting.id) })}
      >
        {t.meetingOpen}
      </Button>
    </View>
  )
}
