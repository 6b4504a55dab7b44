import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { format } from '@/i18n'
import {
  blockUser,
  canApply,
  COMMENT_STATUS_LABELS,
  moderateComment,
  REPORT_REASON_LABELS,
  type ModeratedComment,
  type ModerationItem,
} from '@/services/moderation'
import { errorText, formatDateTime } from '@/services/staff'
import { topicPageUrl } from '@/services/topic-summary'
import type { ModerationStrings } from './strings'

type Action = 'hide' | 'restore' | 'block'

const DAY_MS = 86_400_000
const DURATIONS = [
  { key: 'days7', days: 7 },
  { key: 'days30', days: 30 },
  { key: 'forever', days: 0 },
] as const

export default function CommentRow({
  item,
  roomId,
  t,
  onChanged,
  onBlocked,
}: {
  item: ModerationItem
  roomId: string
  t: ModerationStrings
  onChanged: (comment: ModeratedComment) => void
  onBlocked: () => void
}) {
  const [action, setAction] = useState<Action | undefined>()
  const [reason, setReason] = useState('')
  const [days, setDays] = useState<number>(7)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | undefined>()
  const keeping = item.status === 'visible'

  function choose(next: Action | undefined) {
    setAction(next)
    setReason('')
    setMessage(undefined)
  }

  async function confirm() {
    if (!action) return
    if (!reason.trim()) {
      setMessage(t.errReason)
      return
    }
    setBusy(true)
    setMessage(undefined)
    try {
      if (action === 'block') {
        const authorId = item.author.id as string
        await blockUser(roomId, {
          userId: authorId,
          reason,
          ...(days > 0 ? { until: new Date(Date.now() + days * DAY_MS).toISOString() } : {}),
        })
        void Taro.showToast({ title: t.blocked, icon: 'none' })
        onBlocked()
      } else {
        const updated = await moderateComment(item.id, action, reason)
        void Taro.showToast({ title: action === 'hide' ? t.hidden : t.restored, icon: 'none' })
        onChanged(updated)
      }
      choose(undefined)
    } catch (error) {
      setMessage(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  const confirmLabel =
    action === 'hide'
      ? t.confirmHide
      : action === 'block'
        ? t.confirmBlock
        : keeping
          ? t.confirmKeep
          : t.confirmRestore

  return (
    <View className={`moderation__item moderation__item--${item.status}`}>
      <Text
        className="moderation__topic"
        onClick={() => void Taro.navigateTo({ url: topicPageUrl(item.topic.id) })}
      >
        {format(t.onTopic, { title: item.topic.title })}
      </Text>
      <View className="moderation__head">
        <Text className="moderation__author">
          {format(t.by, { name: item.author.displayName, time: formatDateTime(item.createdAt) })}
        </Text>
        <Text className="moderation__status">{COMMENT_STATUS_LABELS[item.status]}</Text>
      </View>
      <Text className="moderation__text">{item.text ?? t.noText}</Text>
      {item.reports.length > 0 && (
        <View className="moderation__reports">
          <Text className="moderation__muted">{format(t.reports, { n: item.reports.length })}</Text>
          {item.reports.map((report, index) => (
            <Text key={index} className="moderation__muted">
              {REPORT_REASON_LABELS[report.reason] ?? report.reason}
              {report.note ? `：${report.note}` : ''}
            </Text>
          ))}
        </View>
      )}
      {item.reason && (
        <Text className="moderation__muted">{format(t.lastReason, { reason: item.reason })}</Text>
      )}

      {action === undefined ? (
        <View className="moderation__actions">
          {canApply('hide', item) && (
            <Button className="moderation__hide" onClick={() => choose('hide')}>
              {t.hide}
            </Button>
          )}
          {canApply('restore', item) && (
            <Button className="moderation__restore" onClick={() => choose('restore')}>
              {keeping ? t.keep : t.restore}
            </Button>
          )}
          {item.author.id && (
            <Button className="moderation__block" onClick={() => choose('block')}>
              {t.block}
            </Button>
          )}
        </View>
      ) : (
        <View className="moderation__decide">
          <Input
            className="moderation__reason"
            value={reason}
            placeholder={t.reason}
            maxlength={200}
            onInput={(event) => setReason(event.detail.value)}
          />
          {action === 'block' && (
            <View className="moderation__durations">
              {DURATIONS.map((duration) => (
                <View
                  key={duration.key}
                  className={`moderation__duration${days === duration.days ? ' moderation__duration--on' : ''}`}
                  onClick={() => setDays(duration.days)}
                >
                  {t[duration.key]}
                </View>
              ))}
            </View>
          )}
          {message && <Text className="moderation__problem">{message}</Text>}
          <View className="moderation__actions">
            <Button
              className="moderation__confirm"
              type="primary"
              disabled={busy || undefined}
              onClick={() => void confirm()}
            >
              {confirmLabel}
            </Button>
            <Button className="moderation__cancel" onClick={() => choose(undefined)}>
              {t.cancel}
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
