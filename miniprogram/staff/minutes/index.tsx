import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { MEETING_FORM_LABELS, TOPIC_STATE_LABELS } from '@shared/domain/labels'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import {
  fetchMeetingForStaff,
  MEETING_STATUS_LABELS,
  meetingPageUrl,
  recordMinutes,
  type StaffMeetingView,
} from '@/services/meeting-admin'
import {
  errorText,
  formatDateTime,
  idParam,
  loadProblem,
  staffUrl,
  textLength,
  type LoadProblem,
} from '@/services/staff'
import { StaffPending } from '../workbench/problem'
import Attendance, { attendedOf } from './attendance'
import { STRINGS, type MinutesStrings } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; meeting: StaffMeetingView }

const MINUTES_MAX = 20000

function CheckinCard({ meeting, t }: { meeting: StaffMeetingView; t: MinutesStrings }) {
  return (
    <View className="minutes__card minutes__checkin">
      <Text className="minutes__muted">{t.code}</Text>
      <Text className="minutes__code">{meeting.checkinCode ?? '——'}</Text>
      <Text className="minutes__muted">{t.codeHint}</Text>
      <Text className="minutes__muted">
        {format(t.window, {
          open: formatDateTime(meeting.checkinOpensAt),
          close: formatDateTime(meeting.checkinClosesAt),
        })}
      </Text>
      <Text className="minutes__counts">{format(t.counts, { ...meeting.counts })}</Text>
    </View>
  )
}

function Agenda({ meeting, t }: { meeting: StaffMeetingView; t: MinutesStrings }) {
  const started = new Date(meeting.startsAt).getTime() <= Date.now()
  return (
    <View className="minutes__card">
      <Text className="minutes__section-title">{t.agenda}</Text>
      <Text className="minutes__muted">{t.publishHint}</Text>
      {[...meeting.agenda]
        .sort((a, b) => a.order - b.order)
        .map((item) => (
          <View key={item.topicId} className="minutes__agenda-item">
            <View className="minutes__invite-main">
              <Text className="minutes__invite-name">{item.title}</Text>
              <Text className="minutes__muted">{TOPIC_STATE_LABELS[item.state]}</Text>
            </View>
            {started && meeting.status !== 'cancelled' && item.state === 'meeting_scheduled' && (
              <Button
                className="minutes__publish"
                onClick={() =>
                  void Taro.navigateTo({ url: staffUrl('outcome', { id: item.topicId }) })
                }
              >
                {t.publish}
              </Button>
            )}
          </View>
        ))}
    </View>
  )
}

export default function Minutes() {
  const t = useStrings(STRINGS)
  const id = idParam(useRouter().params.id)
  const [state, setState] = useState<State>({ phase: 'loading' })
  const [text, setText] = useState<string | undefined>()
  const [overrides, setOverrides] = useState<Map<string, boolean>>(new Map())
  const [problem, setProblem] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!id) return
    try {
      const meeting = await fetchMeetingForStaff(id)
      if (current !== attempt.current) return
      if (!meeting.canManage) {
        setState({ phase: 'problem', problem: { kind: 'forbidden' } })
        return
      }
      setState({ phase: 'ready', meeting })
      // Typed text survives a refresh; a fresh page starts from the saved minutes.
      setText((typed) => typed ?? meeting.minutes?.text ?? '')
    } catch (error) {
      if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
    }
  }, [id])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  async function save(meeting: StaffMeetingView) {
    const typed = text ?? ''
    const length = textLength(typed)
    if (length < 1) return setProblem(t.errText)
    if (length > MINUTES_MAX) return setProblem(t.errTooLong)
    setProblem(undefined)
    setSaving(true)
    try {
      const saved = await recordMinutes(meeting.id, {
        text: typed.trim(),
        attendance: meeting.invites.map((invite) => ({
          inviteId: invite.id,
          attended: attendedOf(invite, overrides),
        })),
      })
      setState({ phase: 'ready', meeting: saved })
      setOverrides(new Map())
      void Taro.showToast({ title: t.saved, icon: 'success' })
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setSaving(false)
    }
  }

  if (!id || state.phase === 'loading' || state.phase === 'problem') {
    return (
      <PageShell className="minutes">
        <StaffPending
          missing={id ? undefined : { title: t.noMeeting }}
          problem={state.phase === 'problem' ? state.problem : undefined}
          words={t}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { meeting } = state
  return (
    <PageShell className="minutes">
      <View className="minutes__card">
        <Text className="minutes__title">{meeting.title}</Text>
        <Text className="minutes__muted">
          {MEETING_FORM_LABELS[meeting.form]} · {MEETING_STATUS_LABELS[meeting.status]}
        </Text>
        <Text className="minutes__muted">
          {format(t.when, {
            start: formatDateTime(meeting.startsAt),
            end: formatDateTime(meeting.endsAt),
          })}
        </Text>
        {meeting.place && <Text className="minutes__muted">{meeting.place.address}</Text>}
        {meeting.onlineUrl && (
          <Text className="minutes__muted">{format(t.online, { url: meeting.onlineUrl })}</Text>
        )}
        {meeting.cancelReason && (
          <Text className="minutes__problem">
            {format(t.cancelled, { reason: meeting.cancelReason })}
          </Text>
        )}
        <Text
          className="minutes__link"
          onClick={() => void Taro.navigateTo({ url: meetingPageUrl(meeting.id) })}
        >
          {t.viewMeeting}
        </Text>
      </View>

      <CheckinCard meeting={meeting} t={t} />
      <Button className="minutes__refresh" onClick={() => void load()}>
        {t.refresh}
      </Button>

      <Attendance
        invites={meeting.invites}
        overrides={overrides}
        onToggle={(inviteId, attended) =>
          setOverrides((current) => new Map(current).set(inviteId, attended))
        }
        t={t}
      />

      <View className="minutes__card">
        <Text className="minutes__section-title">{t.minutes}</Text>
        <Textarea
          className="minutes__text"
          value={text ?? ''}
          placeholder={t.minutesPlaceholder}
          maxlength={MINUTES_MAX}
          onInput={(event) => {
            setText(event.detail.value)
            setProblem(undefined)
          }}
        />
        {meeting.minutes && (
          <Text className="minutes__muted">
            {format(t.recordedAt, { time: formatDateTime(meeting.minutes.recordedAt) })}
          </Text>
        )}
        {problem && <Text className="minutes__problem">{problem}</Text>}
        <Button
          className="minutes__save"
          type="primary"
          disabled={saving || meeting.status === 'cancelled' || undefined}
          onClick={() => void save(meeting)}
        >
          {saving ? t.saving : t.save}
        </Button>
      </View>

      <Agenda meeting={meeting} t={t} />
    </PageShell>
  )
}
