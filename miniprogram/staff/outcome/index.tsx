import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import { publishOutcome } from '@/services/outcome-publish'
import { ApiError } from '@/services/request'
import {
  errorText,
  idParam,
  loadOwnerUnitChoices,
  loadProblem,
  type LoadProblem,
  type UnitChoice,
} from '@/services/staff'
import { topicPageUrl } from '@/services/topic-summary'
import { fetchTopicForStaff, type StaffTopicView } from '@/services/triage'
import { StaffPending } from '../workbench/problem'
import ActionItemEditor from './action-item'
import {
  buildOutcomeBody,
  hasProblems,
  newItem,
  validateOutcome,
  type ItemDraft,
  type OutcomeDraft,
  type OutcomeProblems,
} from './form-model'
import { STRINGS } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; topic: StaffTopicView; owners: UnitChoice[] }

const NO_PROBLEMS: OutcomeProblems = { byItem: {} }

export default function Outcome() {
  const t = useStrings(STRINGS)
  const id = idParam(useRouter().params.id)
  const [state, setState] = useState<State>({ phase: 'loading' })
  const [draft, setDraft] = useState<OutcomeDraft>(() => ({ plan: '', items: [newItem()] }))
  const [problems, setProblems] = useState<OutcomeProblems>(NO_PROBLEMS)
  const [message, setMessage] = useState<string | undefined>()
  const [submitting, setSubmitting] = useState(false)
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!id) return
    try {
      const topic = await fetchTopicForStaff(id)
      const owners = await loadOwnerUnitChoices(topic.roomId, { topicId: id }).catch(
        () => [] as UnitChoice[],
      )
      if (current === attempt.current) setState({ phase: 'ready', topic, owners })
    } catch (error) {
      if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
    }
  }, [id])

  useEffect(() => {
    void load()
  }, [load])

  function change(next: OutcomeDraft) {
    setDraft(next)
    setProblems(NO_PROBLEMS)
    setMessage(undefined)
  }

  function changeItem(key: string, patch: Partial<ItemDraft>) {
    change({
      ...draft,
      items: draft.items.map((item) => (item.key === key ? { ...item, ...patch } : item)),
    })
  }

  async function submit(topic: StaffTopicView) {
    const found = validateOutcome(draft, t)
    setProblems(found)
    if (hasProblems(found)) {
      setMessage(t.fixAbove)
      return
    }
    const answer = await Taro.showModal({
      title: t.confirmTitle,
      content: format(t.confirmText, { n: draft.items.length }),
    })
    if (!answer.confirm) return
    setSubmitting(true)
    setMessage(undefined)
    try {
      await publishOutcome(topic.id, buildOutcomeBody(draft))
      void Taro.showToast({ title: t.published, icon: 'success' })
      void Taro.redirectTo({ url: topicPageUrl(topic.id) })
    } catch (error) {
      setMessage(errorText(error))
      if (error instanceof ApiError && error.code === 'ILLEGAL_TRANSITION') void load()
    } finally {
      setSubmitting(false)
    }
  }

  if (!id || state.phase === 'loading' || state.phase === 'problem') {
    return (
      <PageShell className="outcome">
        <StaffPending
          missing={id ? undefined : { title: t.noTopic }}
          problem={state.phase === 'problem' ? state.problem : undefined}
          words={t}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { topic, owners } = state
  const header = (
    <View className="outcome__card">
      <Text className="outcome__topic">{topic.title}</Text>
      <Text className="outcome__muted">
        {topic.room.name} · {topic.stateLabel}
      </Text>
      <Text
        className="outcome__link"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(topic.id) })}
      >
        {t.viewTopic}
      </Text>
    </View>
  )
  if (!topic.allowedEvents.includes('publish_outcome')) {
    return (
      <PageShell className="outcome">
        {header}
        <Empty title={t.notNow} text={format(t.notNowText, { state: topic.stateLabel })} />
      </PageShell>
    )
  }

  return (
    <PageShell className="outcome">
      {header}
      <View className="outcome__card">
        <Text className="outcome__section-title">{t.plan}</Text>
        <Text className="outcome__muted">{t.planHint}</Text>
        <Textarea
          className="outcome__plan"
          value={draft.plan}
          placeholder={t.planPlaceholder}
          maxlength={5000}
          onInput={(event) => change({ ...draft, plan: event.detail.value })}
        />
        {problems.plan && <Text className="outcome__problem">{problems.plan}</Text>}
      </View>

      <View className="outcome__card">
        <Text className="outcome__section-title">{t.items}</Text>
        <Text className="outcome__muted">{draft.items.length > 0 ? t.itemsHint : t.noItems}</Text>
        {draft.items.map((item, index) => (
          <ActionItemEditor
            key={item.key}
            item={item}
            index={index}
            owners={owners}
            problems={problems.byItem[item.key] ?? {}}
            onChange={(patch) => changeItem(item.key, patch)}
            onRemove={() =>
              change({ ...draft, items: draft.items.filter((entry) => entry.key !== item.key) })
            }
            t={t}
          />
        ))}
        {problems.items && <Text className="outcome__problem">{problems.items}</Text>}
        <Button
          className="outcome__add-item"
          onClick={() => change({ ...draft, items: [...draft.items, newItem()] })}
        >
          {t.addItem}
        </Button>
      </View>

      {message && <Text className="outcome__problem outcome__error">{message}</Text>}
      <Button
        className="outcome__submit"
        type="primary"
        disabled={submitting || undefined}
        loading={submitting || undefined}
        onClick={() => void submit(topic)}
      >
        {submitting ? t.submitting : t.submit}
      </Button>
    </PageShell>
  )
}
