import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ESCALATION_TARGET_LABELS, REPLY_KIND_LABELS } from '@shared/domain/labels'
import type { EscalationTarget, ReplyKind } from '@shared/domain/types'
import { format } from '@/i18n'
import { ApiError } from '@/services/request'
import { fetchRoom } from '@/services/rooms'
import {
  errorText,
  loadDepartmentChoices,
  unitChoiceLabel,
  type RoomRef,
  type UnitChoice,
} from '@/services/staff'
import {
  fetchParentRoomChoices,
  replyToTopic,
  type ReplyResult,
  type StaffTopicView,
} from '@/services/triage'
import {
  allowedKinds,
  allowedTargets,
  buildReplyBody,
  closesTopic,
  EMPTY_DRAFT,
  needsDepartment,
  validateReply,
  type ReplyDraft,
  type ReplyProblems,
} from './form-model'
import type { ReplyStrings } from './strings'

type Departments =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'ready'; items: UnitChoice[] }
  | { phase: 'failed'; message: string }

/** Codes meaning the topic moved on meanwhile: reload it instead of only showing the message. */
const STALE = new Set(['ILLEGAL_TRANSITION', 'CONFLICT', 'TOPIC_CLOSED'])

function hintOf(kind: ReplyKind, t: ReplyStrings): string {
  switch (kind) {
    case 'explain':
      return t.kindHintExplain
    case 'answer':
      return t.kindHintAnswer
    case 'research':
      return t.kindHintResearch
    case 'escalate':
      return t.kindHintEscalate
  }
}

function Problem({ text }: { text?: string }) {
  return text ? <Text className="reply__problem">{text}</Text> : null
}

export default function ReplyForm({
  topic,
  t,
  onDone,
  onStale,
}: {
  topic: StaffTopicView
  t: ReplyStrings
  onDone: (result: ReplyResult) => void
  onStale: (message: string) => void
}) {
  const kinds = allowedKinds(topic.allowedEvents)
  const targets = allowedTargets(topic.allowedEvents)
  const [draft, setDraft] = useState<ReplyDraft>(EMPTY_DRAFT)
  const [problems, setProblems] = useState<ReplyProblems>({})
  const [message, setMessage] = useState<string | undefined>()
  const [submitting, setSubmitting] = useState(false)
  const [departments, setDepartments] = useState<Departments>({ phase: 'idle' })
  const [parents, setParents] = useState<RoomRef[] | undefined>()

  const wantsDepartment = needsDepartment(draft)
  const wantsParent = draft.kind === 'escalate' && draft.target === 'parent_room'

  useEffect(() => {
    if (!wantsDepartment || departments.phase !== 'idle') return
    setDepartments({ phase: 'loading' })
    loadDepartmentChoices(topic.roomId, { topicId: topic.id })
      .then((items) => setDepartments({ phase: 'ready', items }))
      .catch((error: unknown) => setDepartments({ phase: 'failed', message: errorText(error) }))
  }, [wantsDepartment, departments.phase, topic.roomId, topic.id])

  useEffect(() => {
    if (!wantsParent || parents !== undefined) return
    setParents([])
    fetchRoom(topic.roomId)
      .then((room) => fetchParentRoomChoices(room.path.map((unit) => unit.id)))
      .then(setParents)
      .catch(() => setParents([]))
  }, [wantsParent, parents, topic.roomId])

  function update(patch: Partial<ReplyDraft>) {
    setDraft((current) => ({ ...current, ...patch }))
    setProblems({})
    setMessage(undefined)
  }

  async function submit() {
    const found = validateReply(draft, t)
    setProblems(found)
    if (Object.keys(found).length > 0 || !draft.kind) return
    const body = buildReplyBody({ ...draft, kind: draft.kind })
    const confirm = await Taro.showModal({
      title: t.confirmTitle,
      content: closesTopic(draft.kind) ? t.confirmClosing : t.confirmOther,
    })
    if (!confirm.confirm) return
    setSubmitting(true)
    try {
      onDone(await replyToTopic(topic.id, body))
    } catch (error) {
      if (error instanceof ApiError && STALE.has(error.code)) onStale(t.changed)
      else setMessage(errorText(error))
    } finally {
      setSubmitting(false)
    }
  }

  if (kinds.length === 0) return <Text className="reply__muted">{t.noSteps}</Text>

  const departmentItems = departments.phase === 'ready' ? departments.items : []
  const chosenDepartment = departmentItems.find((unit) => unit.id === draft.departmentUnitId)
  const parentChoices = [t.nearestParent, ...(parents ?? []).map((room) => room.name)]
  const parentIndex = (parents ?? []).findIndex((room) => room.id === draft.parentRoomId) + 1
  const chosenParent = (parents ?? []).find((room) => room.id === draft.parentRoomId)
  const closing = draft.kind !== undefined && closesTopic(draft.kind)

  return (
    <View className="reply__form">
      <View className="reply__kinds">
        {kinds.map((kind) => (
          <View
            key={kind}
            className={`reply__kind reply__kind--${kind}${draft.kind === kind ? ' reply__kind--on' : ''}`}
            onClick={() => update({ kind, target: kind === 'escalate' ? draft.target : undefined })}
          >
            <Text className="reply__kind-label">{REPLY_KIND_LABELS[kind]}</Text>
            <Text className="reply__kind-hint">{hintOf(kind, t)}</Text>
          </View>
        ))}
      </View>
      <Problem text={problems.kind} />

      {draft.kind === 'escalate' && (
        <View className="reply__field">
          <Text className="reply__label">{t.target}</Text>
          <View className="reply__targets">
            {targets.map((target: EscalationTarget) => (
              <View
                key={target}
                className={`reply__target reply__target--${target}${draft.target === target ? ' reply__target--on' : ''}`}
                onClick={() => update({ target })}
              >
                {ESCALATION_TARGET_LABELS[target]}
              </View>
            ))}
          </View>
          <Problem text={problems.target} />
        </View>
      )}

      {wantsParent && (
        <View className="reply__field">
          <Text className="reply__label">{t.parentRoom}</Text>
          <Picker
            id="reply-parent-room"
            className="reply__parent-room"
            range={parentChoices}
            value={parentIndex}
            onChange={(event) => {
              const index = Number(event.detail.value)
              update({ parentRoomId: index > 0 ? parents?.[index - 1]?.id : undefined })
            }}
          >
            <View className="reply__picker">{chosenParent?.name ?? t.nearestParent}</View>
          </Picker>
        </View>
      )}

      {wantsDepartment && (
        <View className="reply__field">
          <Text className="reply__label">
            {draft.kind === 'research' ? t.researchDepartment : t.microDepartment}
          </Text>
          {departments.phase === 'loading' && (
            <Text className="reply__muted">{t.loadingDepartments}</Text>
          )}
          {departments.phase === 'failed' && (
            <Text className="reply__problem">
              {format(t.departmentsFailed, { message: departments.message })}
            </Text>
          )}
          {departments.phase === 'ready' && departmentItems.length === 0 && (
            <Text className="reply__muted">{t.noDepartments}</Text>
          )}
          {departmentItems.length > 0 && (
            <Picker
              id="reply-department"
              className="reply__department"
              range={departmentItems.map(unitChoiceLabel)}
              value={chosenDepartment ? departmentItems.indexOf(chosenDepartment) : undefined}
              onChange={(event) =>
                update({ departmentUnitId: departmentItems[Number(event.detail.value)]?.id })
              }
            >
              <View className="reply__picker">{chosenDepartment?.name ?? t.pickDepartment}</View>
            </Picker>
          )}
          <Problem text={problems.department} />
        </View>
      )}

      {draft.kind === 'research' && (
        <View className="reply__field">
          <Text className="reply__label">{t.question}</Text>
          <Textarea
            className="reply__question"
            value={draft.question}
            maxlength={2000}
            onInput={(event) => update({ question: event.detail.value })}
          />
          <Problem text={problems.question} />
        </View>
      )}

      {draft.kind && (
        <View className="reply__field">
          <Text className="reply__label">{closing ? t.text : t.textOptional}</Text>
          <Textarea
            className="reply__text"
            value={draft.text}
            placeholder={t.textPlaceholder}
            maxlength={2000}
            onInput={(event) => update({ text: event.detail.value })}
          />
          <Problem text={problems.text} />
        </View>
      )}

      {message && <Text className="reply__problem reply__error">{message}</Text>}
      <Button
        className="reply__submit"
        type="primary"
        disabled={submitting || undefined}
        loading={submitting || undefined}
        onClick={() => void submit()}
      >
        {submitting ? t.submitting : t.submit}
      </Button>
    </View>
  )
}
