/** What the caller does on the meeting page: answer the invitation, ask for reminders, check in. */
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { isCheckinCode } from '@shared/domain/meeting-rules'
import { format } from '@/i18n'
import {
  answerInvitation,
  checkInToMeeting,
  checkinOpen,
  clockText,
  dayText,
  rsvpOpen,
  type MeetingView,
  type MyInvite,
} from '@/services/meetings'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { askToSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import { MY_ANSWER_TEXT, type MeetingStrings } from './strings'

interface PartProps {
  meeting: MeetingView
  t: MeetingStrings
  /** The caller's invitation changed: show it, and refresh the counts. */
  onInvite: (invite: MyInvite) => void
  /** The meeting changed under us (cancelled, started): load it again. */
  onStale: () => void
}

/** Codes after which what the page shows is out of date. */
const STALE = new Set(['RSVP_CLOSED', 'MEETING_CANCELLED', 'CHECKIN_CLOSED'])

function errorText(error: unknown, t: MeetingStrings): string {
  return error instanceof ApiError ? error.message : t.failedAction
}

export function RsvpBox({ meeting, t, onInvite, onStale }: PartProps) {
  const invite = meeting.myInvite
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [subscribeNote, setSubscribeNote] = useState<string | undefined>()
  const invited = invite !== undefined && invite.kind !== 'resident_walk_in'
  // The template ids are fetched ahead, so the tap on 接收会议提醒 reaches WeChat's popup at once.
  useEffect(() => {
    if (invited) prefetchSubscribeTemplates().catch(() => undefined)
  }, [invited])
  if (!invite || invite.kind === 'resident_walk_in') return null
  const open = rsvpOpen(meeting, new Date())

  async function answer(value: 'accepted' | 'declined') {
    setBusy(true)
    setError(undefined)
    try {
      const result = await answerInvitation(meeting.id, value)
      onInvite(result.invite)
    } catch (caught) {
      setError(errorText(caught, t))
      if (caught instanceof ApiError && STALE.has(caught.code)) onStale()
    } finally {
      setBusy(false)
    }
  }

  // The WeChat popup may only open from a tap: this runs inside the button's handler.
  async function subscribe() {
    const accepted = await askToSubscribe('meeting_accept')
    setSubscribeNote(accepted.length > 0 ? t.subscribed : t.subscribeNone)
  }

  return (
    <View className="meeting__card meeting__mine">
      <Text className="meeting__section-title">{t.myInvite}</Text>
      {invite.kind === 'department' && <Text className="meeting__muted">{t.myInviteDept}</Text>}
      <Text className={`meeting__my-answer meeting__rsvp--${invite.rsvp}`}>
        {format(t.myAnswer, { answer: MY_ANSWER_TEXT[invite.rsvp] })}
      </Text>
      {open ? (
        <View className="meeting__actions">
          <Button
            className="meeting__accept"
            type={invite.rsvp === 'accepted' ? 'primary' : 'default'}
            disabled={busy || invite.rsvp === 'accepted' || undefined}
            onClick={() => void answer('accepted')}
          >
            {t.accept}
          </Button>
          <Button
            className="meeting__decline"
            disabled={busy || invite.rsvp === 'declined' || undefined}
            onClick={() => void answer('declined')}
          >
            {t.decline}
          </Button>
        </View>
      ) : (
        meeting.status === 'scheduled' && <Text className="meeting__muted">{t.rsvpClosed}</Text>
      )}
      {open && invite.rsvp === 'accepted' && (
        <Button className="meeting__subscribe" onClick={() => void subscribe()}>
          {t.subscribe}
        </Button>
      )}
      {subscribeNote && <Text className="meeting__note">{subscribeNote}</Text>}
      {error && <Text className="meeting__error">{error}</Text>}
    </View>
  )
}

interface CheckinProps extends PartProps {
  loggedIn: boolean
}

export function CheckinBox({ meeting, t, onInvite, onStale, loggedIn }: CheckinProps) {
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>()
  if (meeting.status === 'cancelled') return null
  const invite = meeting.myInvite
  if (loggedIn && !invite && !meeting.allowWalkIn) return null
  const now = new Date()
  const open = checkinOpen(meeting, now)
  const window = format(t.checkinWindow, {
    from: `${dayText(meeting.checkinOpensAt)} ${clockText(meeting.checkinOpensAt)}`,
    to: clockText(meeting.checkinClosesAt),
  })

  async function submit() {
    const value = code.trim()
    if (!isCheckinCode(value)) {
      setMessage({ ok: false, text: t.codeInvalid })
      return
    }
    setBusy(true)
    setMessage(undefined)
    try {
      const result = await checkInToMeeting(meeting.id, value)
      const time = clockText(result.invite.checkedInAt ?? new Date().toISOString())
      setMessage({
        ok: true,
        text: format(result.alreadyCheckedIn ? t.alreadyCheckedIn : t.checkinDone, { time }),
      })
      onInvite(result.invite)
    } catch (caught) {
      // The service says why, by code: a wrong code, outside the window, not invited, too many tries.
      setMessage({ ok: false, text: errorText(caught, t) })
      if (caught instanceof ApiError && STALE.has(caught.code)) onStale()
    } finally {
      setBusy(false)
    }
  }

  let body
  if (invite?.checkedInAt && !message) {
    body = (
      <Text className="meeting__checked-in">
        {format(t.checkedIn, { time: clockText(invite.checkedInAt) })}
      </Text>
    )
  } else if (!open) {
    const before = now.getTime() < new Date(meeting.checkinOpensAt).getTime()
    body = (
      <Text className="meeting__muted">
        {before
          ? format(t.checkinNotYet, {
              when: `${dayText(meeting.checkinOpensAt)} ${clockText(meeting.checkinOpensAt)}`,
            })
          : t.checkinOver}
      </Text>
    )
  } else if (!loggedIn) {
    body = (
      <Button className="meeting__login" onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
        {t.loginToCheckin}
      </Button>
    )
  } else if (message?.ok) {
    body = null
  } else {
    body = (
      <View className="meeting__checkin-form">
        <Input
          className="meeting__code"
          type="number"
          maxlength={6}
          value={code}
          placeholder={t.codePlaceholder}
          onInput={(event) => setCode(event.detail.value)}
          onConfirm={() => void submit()}
        />
        <Button
          className="meeting__checkin"
          type="primary"
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          {t.checkinButton}
        </Button>
      </View>
    )
  }

  return (
    <View className="meeting__card meeting__checkin-box">
      <Text className="meeting__section-title">{t.checkin}</Text>
      <Text className="meeting__muted">{window}</Text>
      {body}
      {message && (
        <Text className={message.ok ? 'meeting__checked-in' : 'meeting__error'}>
          {message.text}
        </Text>
      )}
    </View>
  )
}
