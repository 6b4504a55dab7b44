import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import { useLoadedPage } from '@/hooks/use-loaded-page'
import { format, useStrings } from '@/i18n'
import {
  listMyMeetings,
  meetingPageUrl,
  meetingTimeText,
  type MyMeetingItem,
} from '@/services/meetings'
import { STRINGS } from './strings'
import './index.css'

type T = (typeof STRINGS)['zh-CN']

/** Upcoming scheduled meetings first (soonest first), then the rest (latest first). */
function splitMeetings(items: MyMeetingItem[], now: Date) {
  const isUpcoming = (item: MyMeetingItem) =>
    item.status === 'scheduled' && new Date(item.endsAt).getTime() >= now.getTime()
  const time = (item: MyMeetingItem) => new Date(item.startsAt).getTime()
  return {
    upcoming: items.filter(isUpcoming).sort((a, b) => time(a) - time(b)),
    past: items.filter((item) => !isUpcoming(item)).sort((a, b) => time(b) - time(a)),
  }
}

function rsvpText(item: MyMeetingItem, t: T): string {
  if (item.myInvite.checkedInAt) return t.checkedIn
  if (item.myInvite.rsvp === 'accepted') return t.rsvpAccepted
  if (item.myInvite.rsvp === 'declined') return t.rsvpDeclined
  return t.rsvpPending
}

function MeetingRow({ item, t }: { item: MyMeetingItem; t: T }) {
  const status = item.status === 'cancelled' ? t.cancelled : item.status === 'held' ? t.held : ''
  return (
    <View
      className={`my-meetings__item my-meetings__item--${item.status}`}
      onClick={() => void Taro.navigateTo({ url: meetingPageUrl(item.id) })}
    >
      <View className="my-meetings__head">
        <Text className="my-meetings__form">{MEETING_FORM_LABELS[item.form]}</Text>
        {status && <Text className="my-meetings__status">{status}</Text>}
        <Text className={`my-meetings__rsvp my-meetings__rsvp--${item.myInvite.rsvp}`}>
          {rsvpText(item, t)}
        </Text>
      </View>
      <Text className="my-meetings__title">{item.title}</Text>
      <Text className="my-meetings__meta">{meetingTimeText(item.startsAt, item.endsAt)}</Text>
      {item.place && <Text className="my-meetings__meta">{item.place.address}</Text>}
      <Text className="my-meetings__meta">
        {format(t.topics, { n: item.topicCount })}
        {item.myInvite.kind === 'department' ? ` · ${t.department}` : ''}
      </Text>
    </View>
  )
}

export default function MyMeetingsPage() {
  const t = useStrings(STRINGS)
  // Reloaded whenever shown again: the answers given on the meeting page may have changed.
  const { state, reload } = useLoadedPage(listMyMeetings, { failedText: t.failedTitle })

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void reload()} />
  } else if (state.data.length === 0) {
    content = <Empty title={t.empty} text={t.emptyText} />
  } else {
    const { upcoming, past } = splitMeetings(state.data, new Date())
    content = (
      <View className="my-meetings">
        {upcoming.length > 0 && <Text className="my-meetings__section">{t.upcoming}</Text>}
        {upcoming.map((item) => (
          <MeetingRow key={item.id} item={item} t={t} />
        ))}
        {past.length > 0 && <Text className="my-meetings__section">{t.past}</Text>}
        {past.map((item) => (
          <MeetingRow key={item.id} item={item} t={t} />
        ))}
      </View>
    )
  }
  return <PageShell className="my-meetings-page">{content}</PageShell>
}
