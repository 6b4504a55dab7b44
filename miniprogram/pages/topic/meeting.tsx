import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import { Loading } from '@/components/load-state'
import { dateOnly, dateTime } from '@/components/timeline/format'
import { useStrings } from '@/i18n'
import { findScheduledMeeting, getMeeting, type MeetingWithAgenda } from '@/services/topics'
import { STRINGS, type TopicStrings } from './strings'
import { useLoaded } from './use-loaded'

export const MEETING_PAGE = '/pages/meeting/index'

function statusText(meeting: MeetingWithAgenda, t: TopicStrings): string {
  if (meeting.status === 'held') return t.meetingHeld
  if (meeting.status === 'cancelled') return t.meetingCancelled
  return t.meetingScheduled
}

function timeText(meeting: MeetingWithAgenda): string {
  const start = dateTime(meeting.startsAt)
  const end = dateTime(meeting.endsAt)
  const day = dateOnly(meeting.startsAt)
  return end.startsWith(`${day} `) ? `${start} – ${end.slice(day.length + 1)}` : `${start} – ${end}`
}

/**
 * The topic's meeting: the one its outcome names, or, while a meeting is scheduled, the scheduled
 * meeting of its room with the topic on the agenda. Links to the meeting page.
 */
export function MeetingSection({
  topicId,
  roomId,
  meetingId,
  scheduled,
  version,
}: {
  topicId: string
  roomId: string
  /** From the outcome, once published. */
  meetingId?: string
  /** The topic is in meeting_scheduled. */
  scheduled: boolean
  version: number
}) {
  const t = useStrings(STRINGS)
  const wanted = meetingId !== undefined || scheduled
  const [state] = useLoaded<MeetingWithAgenda | null>(
    wanted ? `${topicId}:${meetingId ?? 'scheduled'}:${version}` : null,
    () => (meetingId ? getMeeting(meetingId) : findScheduledMeeting(roomId, topicId)),
    t.sectionFailed,
  )
  if (!wanted) return null
  if (state.phase === 'loading') {
    return (
      <View className="topic__card topic__meeting">
        <Text className="topic__section-title">{t.meetingTitle}</Text>
        <Loading />
      </View>
    )
  }
  const meeting = state.phase === 'ready' ? state.data : null
  if (!meeting) {
    // The meeting could not be found or read: say what the state already tells.
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
        onClick={() =>
          void Taro.navigateTo({ url: `${MEETING_PAGE}?id=${encodeURIComponent(meeting.id)}` })
        }
      >
        {t.meetingOpen}
      </Button>
    </View>
  )
}
