import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { REPLY_KIND_LABELS, TOPIC_STATE_LABELS } from '@shared/domain/labels'
import { replyClock } from '@shared/domain/triage-rules'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import { goBackOrHome } from '@/services/navigation'
import {
  clockText,
  errorText,
  formatDay,
  idParam,
  loadProblem,
  type LoadProblem,
} from '@/services/staff'
import { topicPageUrl } from '@/services/topic-summary'
import {
  fetchConsultations,
  fetchTopicForStaff,
  startScreening,
  type Consultation,
  type ReplyResult,
  type StaffTopicView,
} from '@/services/triage'
import { StaffPending } from '../workbench/problem'
import ReplyForm from './reply-form'
import { STRINGS, type ReplyStrings } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; topic: StaffTopicView; consultations: Consultation[] }
  | { phase: 'done'; topic: StaffTopicView; result: ReplyResult }

function Clock({ dueAt, t }: { dueAt: string; t: ReplyStrings }) {
  const clock = replyClock(new Date(dueAt), new Date())
  return (
    <View className="reply__clock-line">
      <Text className="reply__due">{format(t.due, { date: formatDay(dueAt) })}</Text>
      <Text className={`reply__clock${clock.overdue ? ' reply__clock--overdue' : ''}`}>
        {clockText(clock, t)}
      </Text>
    </View>
  )
}

function Screening({
  topic,
  t,
  onScreened,
}: {
  topic: StaffTopicView
  t: ReplyStrings
  onScreened: (topic: StaffTopicView) => void
}) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | undefined>()

  async function screen() {
    setBusy(true)
    setMessage(undefined)
    try {
      onScreened(await startScreening(topic.id, note))
      void Taro.showToast({ title: t.screened, icon: 'none' })
    } catch (error) {
      setMessage(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="reply__card">
      <Text className="reply__section-title">{t.screenTitle}</Text>
      <Text className="reply__muted">{t.screenText}</Text>
      <Input
        className="reply__screen-note"
        value={note}
        placeholder={t.screenNote}
        maxlength={500}
        onInput={(event) => setNote(event.detail.value)}
      />
      {message && <Text className="reply__problem">{message}</Text>}
      <Button
        className="reply__screen"
        type="primary"
        disabled={busy || undefined}
        onClick={() => void screen()}
      >
        {t.screen}
      </Button>
    </View>
  )
}

function Consultations({ items, t }: { items: Consultation[]; t: ReplyStrings }) {
  if (items.length === 0) return null
  return (
    <View className="reply__card">
      <Text className="reply__section-title">{t.consultations}</Text>
      {items.map((item) => (
        <View key={item.id} className="reply__consultation">
          <Text className="reply__label">{item.department.name}</Text>
          <Text className="reply__muted">{format(t.asked, { question: item.question })}</Text>
          <Text className={item.answer ? 'reply__answer' : 'reply__muted'}>
            {item.answer ? format(t.answer, { answer: item.answer }) : t.noAnswer}
          </Text>
        </View>
      ))}
    </View>
  )
}

function Done({
  topic,
  result,
  t,
}: {
  topic: StaffTopicView
  result: ReplyResult
  t: ReplyStrings
}) {
  const kind = REPLY_KIND_LABELS[result.reply.kind]
  return (
    <View className="reply__card reply__done">
      <Text className="reply__section-title">{t.doneTitle}</Text>
      <Text className="reply__line">{format(t.doneKind, { kind })}</Text>
      <Text className="reply__line">
        {format(t.doneState, { state: TOPIC_STATE_LABELS[result.state] })}
      </Text>
      {result.reply.kind === 'research' && result.department && (
        <Text className="reply__line">
          {format(t.doneResearch, {
            name: result.department.name,
            date: formatDay(result.replyDueAt),
          })}
        </Text>
      )}
      {result.reply.target === 'micro_suggestion' && result.department && (
        <Text className="reply__line">{format(t.doneMicro, { name: result.department.name })}</Text>
      )}
      {result.escalation && (
        <Text className="reply__line">
          {format(t.doneEscalate, {
            room: result.escalation.toRoom.name,
            date: formatDay(result.escalation.dueAt),
          })}
        </Text>
      )}
      <Button
        className="reply__view-topic"
        type="primary"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
      >
        {t.viewTopic}
      </Button>
      <Button className="reply__back" onClick={goBackOrHome}>
        {t.back}
      </Button>
    </View>
  )
}

export default function Reply() {
  const t = useStrings(STRINGS)
  const id = idParam(useRouter().params.id)
  const [state, setState] = useState<State>({ phase: 'loading' })
  const [notice, setNotice] = useState<string | undefined>()
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!id) return
    try {
      const topic = await fetchTopicForStaff(id)
      const consultations =
        topic.state === 'researching' ? await fetchConsultations(id).catch(() => []) : []
      if (current === attempt.current) setState({ phase: 'ready', topic, consultations })
    } catch (error) {
      if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
    }
  }, [id])

  useEffect(() => {
    void load()
  }, [load])

  if (!id || state.phase === 'loading' || state.phase === 'problem') {
    return (
      <PageShell className="reply">
        <StaffPending
          missing={id ? undefined : { title: t.noTopic }}
          problem={state.phase === 'problem' ? state.problem : undefined}
          words={t}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { topic } = state
  const canScreen = topic.allowedEvents.includes('start_screening')
  return (
    <PageShell className="reply">
      <View className="reply__card">
        <View className="reply__tags">
          <Text className="reply__state">{topic.stateLabel}</Text>
          <Text className="reply__tag">{topic.categoryLabel}</Text>
          {topic.source !== 'resident' && <Text className="reply__tag">{topic.sourceLabel}</Text>}
        </View>
        <Text className="reply__title">{topic.title}</Text>
        <Text className="reply__description">{topic.description}</Text>
        <Text className="reply__muted">
          {topic.room.name} · {format(t.supports, { n: topic.supportCount, c: topic.commentCount })}
        </Text>
        {topic.replyDueAt && state.phase === 'ready' && <Clock dueAt={topic.replyDueAt} t={t} />}
        {topic.reply && state.phase === 'ready' && (
          <Text className="reply__muted">
            {format(t.currentReply, { kind: topic.reply.targetLabel ?? topic.reply.kindLabel })}
          </Text>
        )}
        <Text
          className="reply__link"
          onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
        >
          {t.topicLink}
        </Text>
      </View>

      {notice && <Text className="reply__notice">{notice}</Text>}

      {state.phase === 'done' ? (
        <Done topic={topic} result={state.result} t={t} />
      ) : (
        <>
          <Consultations items={state.consultations} t={t} />
          {canScreen ? (
            <Screening
              topic={topic}
              t={t}
              onScreened={(next) => setState({ phase: 'ready', topic: next, consultations: [] })}
            />
          ) : (
            <View className="reply__card">
              <Text className="reply__section-title">{t.stepsTitle}</Text>
              <ReplyForm
                key={`${topic.state}`}
                topic={topic}
                t={t}
                onDone={(result) => {
                  setNotice(undefined)
                  setState({ phase: 'done', topic, result })
                }}
                onStale={(message) => {
                  setNotice(message)
                  void load()
                }}
              />
            </View>
          )}
        </>
      )}
    </PageShell>
  )
}
