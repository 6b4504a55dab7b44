/** The read-only parts of the meeting page: heading, agenda, invitees, minutes and the staff box. */
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MEETING_FORM_LABELS, TOPIC_STATE_LABELS } from '@shared/domain/labels'
import { format } from '@/i18n'
import { meetingTimeText, minutesPageUrl, type MeetingView } from '@/services/meetings'
import { topicPageUrl } from '@/services/topic-summary'
import { INVITE_KIND_TEXT, RSVP_TEXT, type MeetingStrings } from './strings'

type Props = { meeting: MeetingView; t: MeetingStrings }

export function MeetingHeader({ meeting, t }: Props) {
  const cancelled = meeting.status === 'cancelled'
  return (
    <View className="meeting__card meeting__header">
      {cancelled && (
        <View className="meeting__cancelled">
          <Text className="meeting__cancelled-title">{t.cancelledTitle}</Text>
          {meeting.cancelReason && (
            <Text className="meeting__cancelled-reason">
              {format(t.cancelledReason, { reason: meeting.cancelReason })}
            </Text>
          )}
        </View>
      )}
      <View className="meeting__tags">
        <Text className="meeting__tag">{MEETING_FORM_LABELS[meeting.form]}</Text>
        {meeting.status === 'held' && (
          <Text className="meeting__tag meeting__tag--held">{t.held}</Text>
        )}
      </View>
      <Text className="meeting__title">{meeting.title}</Text>
      <View className="meeting__line">
        <Text className="meeting__label">{t.time}</Text>
        <Text className="meeting__value meeting__time">
          {meetingTimeText(meeting.startsAt, meeting.endsAt)}
        </Text>
      </View>
      {meeting.place && (
        <View className="meeting__line">
          <Text className="meeting__label">{t.place}</Text>
          <Text className="meeting__value meeting__place">{meeting.place.address}</Text>
        </View>
      )}
      {meeting.onlineUrl && (
        <View className="meeting__line">
          <Text className="meeting__label">{t.online}</Text>
          <Text className="meeting__value meeting__online">{meeting.onlineUrl}</Text>
        </View>
      )}
    </View>
  )
}

export function Agenda({ meeting, t }: Props) {
  const items = [...meeting.agenda].sort((a, b) => a.order - b.order)
  return (
    <View className="meeting__card">
      <Text className="meeting__section-title">{t.agenda}</Text>
      {items.length === 0 && <Text className="meeting__muted">{t.agendaEmpty}</Text>}
      {items.map((item, index) => (
        <View
          key={item.topicId}
          className="meeting__agenda-item"
          onClick={() => void Taro.navigateTo({ url: topicPageUrl(item.topicId) })}
        >
          <Text className="meeting__agenda-order">{index + 1}</Text>
          <View className="meeting__agenda-main">
            <Text className="meeting__agenda-title">{item.title}</Text>
            <Text className="meeting__muted">{TOPIC_STATE_LABELS[item.state]}</Text>
            {item.note && <Text className="meeting__agenda-note">{item.note}</Text>}
          </View>
          <Text className="meeting__chevron">›</Text>
        </View>
      ))}
    </View>
  )
}

export function Invitees({ meeting, t }: Props) {
  const invites = meeting.invites.filter((invite) => invite.kind !== 'resident_walk_in')
  const { counts } = meeting
  return (
    <View className="meeting__card">
      <Text className="meeting__section-title">{t.invitees}</Text>
      <Text className="meeting__muted meeting__counts">{format(t.counts, { ...counts })}</Text>
      {counts.walkIns > 0 && (
        <Text className="meeting__muted">{format(t.walkIns, { n: counts.walkIns })}</Text>
      )}
      {invites.length === 0 && <Text className="meeting__muted">{t.inviteesEmpty}</Text>}
      {invites.map((invite) => (
        <View key={invite.id} className="meeting__invite">
          <View className="meeting__invite-main">
            <Text className="meeting__invite-name">{invite.realName ?? invite.name}</Text>
            <Text className="meeting__muted">
              {INVITE_KIND_TEXT[invite.kind]}
              {invite.phone ? ` · ${invite.phone}` : ''}
            </Text>
          </View>
          <Text className={`meeting__rsvp meeting__rsvp--${invite.rsvp}`}>
            {RSVP_TEXT[invite.rsvp]}
            {invite.checkedInAt || invite.attended ? ' · 已到会' : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}

export function Minutes({ meeting, t }: Props) {
  if (!meeting.minutes) return null
  return (
    <View className="meeting__card">
      <Text className="meeting__section-title">{t.minutes}</Text>
      <Text className="meeting__minutes">{meeting.minutes.text}</Text>
    </View>
  )
}

/** Room staff: the check-in code to show in the room, and the way to the minutes. */
export function StaffBox({ meeting, t }: Props) {
  if (!meeting.canManage && !meeting.checkinCode) return null
  return (
    <View className="meeting__card meeting__staff">
      <Text className="meeting__section-title">{t.staff}</Text>
      {meeting.checkinCode && meeting.status !== 'cancelled' && (
        <View className="meeting__code-box">
          <Text className="meeting__label">{t.checkinCode}</Text>
          <Text className="meeting__code-display">{meeting.checkinCode}</Text>
          <Text className="meeting__muted">{t.checkinCodeHint}</Text>
        </View>
      )}
      {meeting.canManage && meeting.status !== 'cancelled' && (
        <Button
          className="meeting__minutes-link"
          onClick={() => void Taro.navigateTo({ url: minutesPageUrl(meeting.id) })}
        >
          {t.recordMinutes}
        </Button>
      )}
    </View>
  )
}
