import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import { useStrings } from '@/i18n'
import {
  fetchRoomMeetings,
  meetingPageUrl,
  scheduleMeeting,
  type MeetingSummary,
} from '@/services/meeting-admin'
import { ApiError } from '@/services/request'
import { fetchRoom, type RoomPublic } from '@/services/rooms'
import {
  errorText,
  holdsInRoom,
  idParam,
  loadDepartmentChoices,
  loadProblem,
  type LoadProblem,
} from '@/services/staff'
import type { TopicSummary } from '@/services/topic-summary'
import { fetchRoomTopicsInState } from '@/services/triage'
import { StaffPending } from '../workbench/problem'
import {
  buildScheduleBody,
  emptyDraft,
  toggle,
  validateSchedule,
  type ScheduleDraft,
  type ScheduleProblems,
} from './form-model'
import Invitees, { type DepartmentList } from './invitees'
import MeetingFields from './meeting-fields'
import MeetingsList from './meetings-list'
import { STRINGS } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; room: RoomPublic; topics: TopicSummary[]; meetings: MeetingSummary[] }

/** Codes after which the list of consultation topics is out of date. */
const TOPICS_CHANGED = new Set(['ILLEGAL_TRANSITION', 'MEETING_TOPIC_NOT_IN_ROOM', 'CONFLICT'])

export default function Schedule() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const roomId = idParam(params.roomId)
  const wantedTopic = idParam(params.topicId)
  const [state, setState] = useState<State>({ phase: 'loading' })
  const [draft, setDraft] = useState<ScheduleDraft>(() => emptyDraft())
  const [problems, setProblems] = useState<ScheduleProblems>({})
  const [message, setMessage] = useState<string | undefined>()
  const [submitting, setSubmitting] = useState(false)
  const [departments, setDepartments] = useState<DepartmentList>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(
    async (keepDraft = false) => {
      const current = ++attempt.current
      if (!roomId) return
      try {
        const room = await fetchRoom(roomId)
        if (!holdsInRoom('meeting.schedule', room)) {
          if (current === attempt.current) {
            setState({ phase: 'problem', problem: { kind: 'forbidden' } })
          }
          return
        }
        const [topics, meetings] = await Promise.all([
          fetchRoomTopicsInState(roomId, 'consultation'),
          fetchRoomMeetings(roomId).catch(() => [] as MeetingSummary[]),
        ])
        if (current !== attempt.current) return
        setState({ phase: 'ready', room, topics: topics.items, meetings })
        const preset = topics.items.find((topic) => topic.id === wantedTopic)
        if (!keepDraft) {
          setDraft(
            emptyDraft(
              preset ? [preset.id] : [],
              preset ? `${preset.title}${t.titleSuffix}`.slice(0, 60) : '',
            ),
          )
        } else {
          const live = new Set(topics.items.map((topic) => topic.id))
          setDraft((old) => ({ ...old, topicIds: old.topicIds.filter((id) => live.has(id)) }))
        }
        loadDepartmentChoices(roomId, { room })
          .then((items) => setDepartments({ phase: 'ready', items }))
          .catch(() => setDepartments({ phase: 'ready', items: [] }))
      } catch (error) {
        if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
      }
    },
    [roomId, wantedTopic, t.titleSuffix],
  )

  useEffect(() => {
    void load()
  }, [load])

  function update(patch: Partial<ScheduleDraft>) {
    setDraft((current) => ({ ...current, ...patch }))
    setProblems({})
    setMessage(undefined)
  }

  async function submit() {
    if (!roomId) return
    const found = validateSchedule(draft, t)
    setProblems(found)
    if (Object.keys(found).length > 0 || !draft.form) {
      setMessage(t.fixAbove)
      return
    }
    setSubmitting(true)
    setMessage(undefined)
    try {
      const meeting = await scheduleMeeting(
        roomId,
        buildScheduleBody({ ...draft, form: draft.form }),
      )
      void Taro.showToast({ title: t.scheduled, icon: 'success' })
      void Taro.redirectTo({ url: meetingPageUrl(meeting.id) })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'MEETING_IN_PAST') {
        setProblems({ when: t.errPast })
      } else if (error instanceof ApiError && error.code === 'MEETING_PLACE_REQUIRED') {
        setProblems({ place: draft.form === 'online' ? t.errUrl : t.errPlace })
      } else if (error instanceof ApiError && TOPICS_CHANGED.has(error.code)) {
        void load(true)
      }
      setMessage(errorText(error))
    } finally {
      setSubmitting(false)
    }
  }

  if (!roomId || state.phase === 'loading' || state.phase === 'problem') {
    return (
      <PageShell className="schedule">
        <StaffPending
          missing={roomId ? undefined : { title: t.noRoom }}
          problem={state.phase === 'problem' ? state.problem : undefined}
          words={t}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { room, topics, meetings } = state
  const presetMissing =
    wantedTopic !== undefined && !topics.some((topic) => topic.id === wantedTopic)
  return (
    <PageShell className="schedule">
      <Text className="schedule__room">{room.name}</Text>
      <View className="schedule__card">
        <Text className="schedule__section-title">{t.topics}</Text>
        <Text className="schedule__muted">{topics.length > 0 ? t.topicsHint : t.noTopics}</Text>
        {presetMissing && <Text className="schedule__problem">{t.topicNotReady}</Text>}
        {topics.map((topic) => (
          <View
            key={topic.id}
            className={`schedule__topic${draft.topicIds.includes(topic.id) ? ' schedule__topic--on' : ''}`}
            onClick={() => update({ topicIds: toggle(draft.topicIds, topic.id) })}
          >
            <Text className="schedule__topic-check">
              {draft.topicIds.includes(topic.id) ? '☑' : '☐'}
            </Text>
            <Text className="schedule__topic-title">{topic.title}</Text>
          </View>
        ))}
        {problems.topics && <Text className="schedule__problem">{problems.topics}</Text>}
      </View>

      <MeetingFields draft={draft} update={update} problems={problems} t={t} />
      <Invitees
        draft={draft}
        update={update}
        members={room.members}
        departments={departments}
        t={t}
      />

      {message && <Text className="schedule__problem schedule__error">{message}</Text>}
      <Button
        className="schedule__submit"
        type="primary"
        disabled={submitting || undefined}
        loading={submitting || undefined}
        onClick={() => void submit()}
      >
        {submitting ? t.submitting : t.submit}
      </Button>

      <MeetingsList meetings={meetings} t={t} />
    </PageShell>
  )
}
