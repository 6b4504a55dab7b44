import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { MEETING_FORM_LABELS } from '@shared/domain/labels'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import {
  listMyMeetings,
  meetingPageUrl,
  meetingTimeText,
  type MyMeetingItem,
} from '@/services/meetings'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import { STRINGS } from './strings'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'ready'; items: MyMeetingItem[] }
  | { phase: 'failed'; message: string }

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
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    try {
      const items = await listMyMeetings()
      if (current === attempt.current) setState({ phase: 'ready', items })
    } catch (error) {
      if (current !== attempt.current) return
      if (!isLoggedIn()) {
        setState({ phase: 'anonymous' })
        return
      }
      const message = error instanceof ApiError ? error.message : t.failedTitle
      setState({ phase: 'failed', message })
    }
  }, [t.failedTitle])

  // Shown again after answering on the meeting page: the answers may have changed.
  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  let content
  if (state.phase === 'loading') {
    content = <Loading text={t.loading} />
  } else if (state.phase === 'anonymous') {
    content = (
      <Empty
        title={t.loginTitle}
        text={t.loginText}
        action={t.login}
        onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
      />
    )
  } else if (state.phase === 'failed') {
    content = (
      <Failed
        title={t.failedTitle}
        message={state.message}
        retry={t.retry}
        onRetry={() => void load()}
      />
    )
  } else if (state.items.length === 0) {
    content = <Empty title={t.empty} text={t.emptyText} />
  } else {
    const { upcoming, past } = splitMeetings(state.items, new Date())
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
