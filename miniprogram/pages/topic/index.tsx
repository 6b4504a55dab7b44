import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { TopicState } from '@shared/domain/topic-machine'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import SupportButton, { supportFields } from '@/components/support-button'
import TopicActions from '@/components/topic-actions'
import { useStrings } from '@/i18n'
import { HOME_PAGE } from '@/services/navigation'
import { getOutcome } from '@/services/outcomes'
import { ApiError } from '@/services/request'
import { onSessionChange } from '@/services/session'
import { getTopic, withdrawTopic, type SupportResult, type TopicView } from '@/services/topics'
import { CallbackSection } from './callback'
import { CommentsSection } from './comments'
import { ReplySection, TopicDetails } from './details'
import { MeetingSection } from './meeting'
import { OutcomeSection } from './outcome'
import { STRINGS } from './strings'
import { TimelineSection } from './timeline-section'
import { errorMessage, useLoaded } from './use-loaded'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'ready'; topic: TopicView }
  | { phase: 'unknown' }
  | { phase: 'failed'; message: string }

/** Answers meaning there is no such topic for this caller (a malformed id is a 400). */
const NOT_FOUND = new Set(['NOT_FOUND', 'VALIDATION_FAILED'])

/** States in which an outcome may have been published. */
const OUTCOME_STATES: readonly TopicState[] = [
  'outcome_published',
  'in_progress',
  'awaiting_callback',
  'reopened',
  'closed',
]

/** The meeting, the outcome with its action items, and the call-back, as far as the topic got. */
function FollowUp({
  topic,
  version,
  reload,
}: {
  topic: TopicView
  version: number
  reload: () => void
}) {
  const t = useStrings(STRINGS)
  const wanted = OUTCOME_STATES.includes(topic.state)
  const [outcome, retry] = useLoaded(
    wanted ? `${topic.id}:${version}` : null,
    () => getOutcome(topic.id),
    t.sectionFailed,
  )
  const ready = wanted && outcome.phase === 'ready' ? outcome.data : null
  return (
    <>
      <MeetingSection meeting={topic.meeting} scheduled={topic.state === 'meeting_scheduled'} />
      {wanted && outcome.phase === 'loading' && <Loading />}
      {wanted && outcome.phase === 'failed' && (
        <Failed title={t.sectionFailed} message={outcome.message} onRetry={retry} />
      )}
      {ready && <OutcomeSection outcome={ready} />}
      <CallbackSection topic={topic} version={version} onRated={reload} />
    </>
  )
}

function WithdrawTopic({ topic, onDone }: { topic: TopicView; onDone: (view: TopicView) => void }) {
  const t = useStrings(STRINGS)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  if (!topic.allowedEvents.includes('withdraw')) return null

  async function withdraw() {
    if (busy) return
    const { confirm } = await Taro.showModal({ title: t.withdraw, content: t.withdrawConfirm })
    if (!confirm) return
    setBusy(true)
    setError(undefined)
    try {
      onDone(await withdrawTopic(topic.id))
      void Taro.showToast({ title: t.withdrawn, icon: 'none' })
    } catch (failure) {
      setError(errorMessage(failure, t.failed))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="topic__withdraw-box">
      <Button
        className="topic__withdraw"
        disabled={busy || undefined}
        onClick={() => void withdraw()}
      >
        {t.withdraw}
      </Button>
      {error && <Text className="topic__error">{error}</Text>}
    </View>
  )
}

export default function TopicPage() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const id = params.id ? params.id.trim() : ''
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  // Bumped on every fresh topic: the sections fetch their parts again.
  const [version, setVersion] = useState(0)
  const attempt = useRef(0)

  const show = useCallback((topic: TopicView) => {
    setState({ phase: 'ready', topic })
    setVersion((n) => n + 1)
  }, [])

  /** Loads the topic; a reload keeps the page on screen and only says when it failed. */
  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!id) {
      setState({ phase: 'unknown' })
      return
    }
    try {
      const topic = await getTopic(id)
      if (current === attempt.current) show(topic)
    } catch (error) {
      if (current !== attempt.current) return
      if (error instanceof ApiError && NOT_FOUND.has(error.code)) {
        setState({ phase: 'unknown' })
        return
      }
      const message = errorMessage(error, t.failed)
      setState((previous) => {
        if (previous.phase !== 'ready') return { phase: 'failed', message }
        void Taro.showToast({ title: message, icon: 'none' })
        return previous
      })
    }
  }, [id, show, t.failed])

  // First show, and coming back from login or a staff page: fetch what may have changed.
  useDidShow(() => {
    void load()
  })
  useEffect(() => onSessionChange(() => void load()), [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  function retry() {
    setState({ phase: 'loading' })
    void load()
  }

  function supported(result: SupportResult) {
    if (state.phase !== 'ready') return
    // Reaching the room's threshold starts screening: then the whole page changes.
    if (result.state !== state.topic.state) return void load()
    setState({
      phase: 'ready',
      topic: { ...state.topic, ...supportFields(result) },
    })
  }

  if (state.phase === 'loading') {
    return (
      <PageShell className="topic">
        <Loading text={t.loading} />
      </PageShell>
    )
  }
  if (state.phase === 'unknown') {
    return (
      <PageShell className="topic">
        <Empty
          title={t.notFoundTitle}
          text={id ? t.notFoundText : t.noId}
          action={t.home}
          onAction={() => void Taro.reLaunch({ url: HOME_PAGE })}
        />
      </PageShell>
    )
  }
  if (state.phase === 'failed') {
    return (
      <PageShell className="topic">
        <Failed title={t.failedTitle} message={state.message} retry={t.retry} onRetry={retry} />
      </PageShell>
    )
  }

  const { topic } = state
  return (
    <PageShell className="topic">
      <TopicDetails topic={topic} />
      <View className="topic__card topic__support">
        <SupportButton
          topicId={topic.id}
          state={topic.state}
          supportCount={topic.supportCount}
          supportedByMe={topic.supportedByMe}
          canSupport={topic.canSupport}
          canWithdrawSupport={topic.canWithdrawSupport}
          onChange={supported}
        />
        <WithdrawTopic topic={topic} onDone={show} />
      </View>
      <View className="topic__staff">
        <TopicActions topic={topic} onChanged={() => void load()} />
      </View>
      <ReplySection reply={topic.reply} />
      <FollowUp topic={topic} version={version} reload={() => void load()} />
      <TimelineSection topicId={topic.id} version={version} />
      <CommentsSection
        topicId={topic.id}
        topicState={topic.state}
        commentCount={topic.commentCount}
        version={version}
      />
    </PageShell>
  )
}
