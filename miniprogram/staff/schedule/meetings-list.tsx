import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import {
  MEETING_STATUS_LABELS,
  meetingPageUrl,
  type MeetingSummary,
} from '@/services/meeting-admin'
import { formatDateTime, staffUrl } from '@/services/staff'
import type { ScheduleStrings } from './strings'

/** The room's meetings, newest first, with the meeting page and the minutes screen. */
export default function MeetingsList({
  meetings,
  t,
}: {
  meetings: MeetingSummary[]
  t: ScheduleStrings
}) {
  const sorted = [...meetings].sort((a, b) => b.startsAt.localeCompare(a.startsAt))
  return (
    <View className="schedule__card">
      <Text className="schedule__section-title">{t.meetings}</Text>
      {sorted.length === 0 && <Text className="schedule__muted">{t.noMeetings}</Text>}
      {sorted.map((meeting) => (
        <View key={meeting.id} className="schedule__meeting">
          <Text className="schedule__meeting-title">{meeting.title}</Text>
          <Text className="schedule__muted">
            {MEETING_FORM_LABELS[meeting.form]} · {formatDateTime(meeting.startsAt)} ·{' '}
            {MEETING_STATUS_LABELS[meeting.status]}
          </Text>
          <View className="schedule__meeting-actions">
            <Button
              className="schedule__open-meeting"
              onClick={() => void Taro.navigateTo({ url: meetingPageUrl(meeting.id) })}
            >
              {t.openMeeting}
            </Button>
            {meeting.status !== 'cancelled' && (
              <Button
                className="schedule__open-minutes"
                onClick={() =>
                  void Taro.navigateTo({ url: staffUrl('minutes', { id: meeting.id }) })
                }
              >
                {t.openMinutes}
              </Button>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
