import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import { useStrings } from '@/i18n'
import { fetchMeeting, type MeetingView, type MyInvite } from '@/services/meetings'
import { ApiError } from '@/services/request'
import { isLoggedIn, onSessionChange } from '@/services/session'
import { CheckinBox, RsvpBox } from './my-part'
import { Agenda, Invitees, MeetingHeader, Minutes, StaffBox } from './sections'
import { STRINGS } from './strings'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'ready'; meeting: MeetingView }
  | { phase: 'missing' }
  | { phase: 'failed'; message: string }

const MISSING = new Set(['MEETING_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_FAILED'])

export default function MeetingPage() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const id = params.id?.trim() ?? ''
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const [loggedIn, setLoggedIn] = useState(isLoggedIn)
  const loggedInRef = useRef(loggedIn)
  const attempt = useRef(0)

  /** `quiet` refreshes what is shown without the loading screen (after answering, on pull-down). */
  const load = useCallback(
    async (quiet = false) => {
      const current = ++attempt.current
      if (!id) {
        setState({ phase: 'missing' })
        return
      }
      if (!quiet) setState({ phase: 'loading' })
      try {
        const meeting = await fetchMeeting(id)
        if (current !== attempt.current) return
        setState({ phase: 'ready', meeting })
        void Taro.setNavigationBarTitle({ title: meeting.title })
      } catch (error) {
        if (current !== attempt.current) return
        if (error instanceof ApiError && MISSING.has(error.code)) {
          setState({ phase: 'missing' })
        } else {
          const message = error instanceof ApiError ? error.message : t.failedAction
          setState({ phase: 'failed', message })
        }
      }
    },
    [id, t.failedAction],
  )

  useEffect(() => {
    void load()
  }, [load])

  // Back from the login page (or logged out elsewhere): the invitation and the code depend on who
  // is signed in, so the meeting is read again.
  const syncLogin = useCallback(() => {
    const now = isLoggedIn()
    if (now === loggedInRef.current) return
    loggedInRef.current = now
    setLoggedIn(now)
    void load(true)
  }, [load])

  useEffect(() => onSessionChange(syncLogin), [syncLogin])
  useDidShow(syncLogin)

  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh())
  })

  function onInvite(invite: MyInvite) {
    setState((before) =>
      before.phase === 'ready'
        ? { phase: 'ready', meeting: { ...before.meeting, myInvite: invite } }
        : before,
    )
    void load(true)
  }

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void load()} />
  } else {
    const { meeting } = state
    const part = { meeting, t, onInvite, onStale: () => void load(true) }
    content = (
      <View className="meeting">
        <MeetingHeader meeting={meeting} t={t} />
        <RsvpBox {...part} />
        <CheckinBox {...part} loggedIn={loggedIn} />
        <StaffBox meeting={meeting} t={t} />
        <Agenda meeting={meeting} t={t} />
        <Minutes meeting={meeting} t={t} />
        <Invitees meeting={meeting} t={t} />
      </View>
    )
  }
  return <PageShell className="meeting-page">{content}</PageShell>
}
