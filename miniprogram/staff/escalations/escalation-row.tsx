import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { UNDECIDED_STATES } from '@shared/domain/triage-rules'
import { format } from '@/i18n'
import {
  acceptEscalation,
  ESCALATION_STATUS_LABELS,
  returnEscalation,
  type RoomEscalation,
} from '@/services/escalations'
import { clockText, errorText, formatDateTime, formatDay, staffUrl } from '@/services/staff'
import { topicPageUrl } from '@/services/topic-summary'
import type { EscalationStrings } from './strings'

const UNDECIDED: readonly string[] = UNDECIDED_STATES

export default function EscalationRow({
  item,
  t,
  onDecided,
}: {
  item: RoomEscalation
  t: EscalationStrings
  onDecided: (item: RoomEscalation) => void
}) {
  const [returning, setReturning] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | undefined>()
  const pending = item.status === 'pending'

  async function accept() {
    const answer = await Taro.showModal({
      title: t.confirmAcceptTitle,
      content: t.confirmAcceptText,
    })
    if (!answer.confirm) return
    setBusy(true)
    setMessage(undefined)
    try {
      const decision = await acceptEscalation(item.id)
      void Taro.showToast({ title: t.accepted, icon: 'none' })
      onDecided({ ...item, status: decision.status, decidedAt: decision.decidedAt })
    } catch (error) {
      setMessage(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  async function giveBack() {
    if (!reason.trim()) {
      setMessage(t.errReason)
      return
    }
    setBusy(true)
    setMessage(undefined)
    try {
      const decision = await returnEscalation(item.id, reason)
      void Taro.showToast({ title: t.returned, icon: 'none' })
      onDecided({
        ...item,
        status: decision.status,
        decidedAt: decision.decidedAt,
        decisionReason: decision.decisionReason ?? reason.trim(),
      })
    } catch (error) {
      setMessage(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View
      className={`escalations__item${pending && item.overdue ? ' escalations__item--overdue' : ''}`}
    >
      <Text
        className="escalations__title"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(item.topic.id) })}
      >
        {item.topic.title}
      </Text>
      <Text className="escalations__muted">
        {format(t.from, { room: item.from.name, level: item.level + 1 })}
      </Text>
      <Text className="escalations__reason">{format(t.reason, { reason: item.reason })}</Text>
      <Text className="escalations__muted">
        {format(t.sentAt, { time: formatDateTime(item.createdAt) })}
      </Text>
      {pending ? (
        <View className="escalations__line">
          <Text className="escalations__muted">
            {format(t.due, { date: formatDay(item.dueAt) })}
          </Text>
          <Text
            className={`escalations__clock${item.overdue ? ' escalations__clock--overdue' : ''}`}
          >
            {clockText(item, t)}
          </Text>
        </View>
      ) : (
        <Text className="escalations__status">
          {format(t.decided, {
            status: ESCALATION_STATUS_LABELS[item.status],
            time: item.decidedAt ? formatDateTime(item.decidedAt) : '',
          })}
        </Text>
      )}
      {item.decisionReason && (
        <Text className="escalations__muted">
          {format(t.decisionReason, { reason: item.decisionReason })}
        </Text>
      )}
      {message && <Text className="escalations__problem">{message}</Text>}

      {pending && !returning && (
        <View className="escalations__actions">
          <Button
            className="escalations__accept"
            type="primary"
            disabled={busy || undefined}
            onClick={() => void accept()}
          >
            {t.accept}
          </Button>
          <Button className="escalations__return" onClick={() => setReturning(true)}>
            {t.return}
          </Button>
        </View>
      )}
      {pending && returning && (
        <View className="escalations__decide">
          <Input
            className="escalations__return-reason"
            value={reason}
            placeholder={t.returnReason}
            maxlength={500}
            onInput={(event) => setReason(event.detail.value)}
          />
          <View className="escalations__actions">
            <Button
              className="escalations__confirm-return"
              type="primary"
              disabled={busy || undefined}
              onClick={() => void giveBack()}
            >
              {t.confirmReturn}
            </Button>
            <Button
              className="escalations__cancel"
              onClick={() => {
                setReturning(false)
                setMessage(undefined)
              }}
            >
              {t.cancel}
            </Button>
          </View>
        </View>
      )}
      {item.status === 'accepted' && UNDECIDED.includes(item.topic.state) && (
        <Button
          className="escalations__reply"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: staffUrl('reply', { id: item.topic.id }) })}
        >
          {t.goReply}
        </Button>
      )}
    </View>
  )
}
