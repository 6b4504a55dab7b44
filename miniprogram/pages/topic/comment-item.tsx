import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { dateTime } from '@/components/timeline/format'
import { format } from '@/i18n'
import {
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  reportComment,
  type CommentView,
  type ReportReason,
} from '@/services/comments'
import type { CommentStrings } from './comment-strings'
import { errorMessage } from './use-loaded'

/** Report a comment: pick a reason, send. */
function ReportPanel({
  comment,
  t,
  onClose,
  onReported,
}: {
  comment: CommentView
  t: CommentStrings
  onClose: () => void
  onReported: () => void
}) {
  const [reason, setReason] = useState<ReportReason | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function send() {
    if (busy) return
    if (!reason) return setError(t.reportNeedReason)
    setBusy(true)
    setError(undefined)
    try {
      await reportComment(comment.id, reason)
      onReported()
    } catch (failure) {
      setError(errorMessage(failure, t.failed))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="topic__report">
      <Text className="topic__label">{t.reportTitle}</Text>
      <View className="topic__report-reasons">
        {REPORT_REASONS.map((value) => (
          <Button
            key={value}
            className={`topic__report-reason${reason === value ? ' topic__report-reason--on' : ''}`}
            onClick={() => setReason(value)}
          >
            {REPORT_REASON_LABELS[value]}
          </Button>
        ))}
      </View>
      {error && <Text className="topic__error">{error}</Text>}
      <View className="topic__report-actions">
        <Button className="topic__report-cancel" onClick={onClose}>
          {t.reportCancel}
        </Button>
        <Button
          className="topic__report-submit"
          type="primary"
          disabled={busy || undefined}
          onClick={() => void send()}
        >
          {t.reportSubmit}
        </Button>
      </View>
    </View>
  )
}

/** One comment: who and when, the text (or why it is not shown), reply and report. */
export function CommentItem({
  comment,
  repliedTo,
  t,
  reporting,
  reported,
  onReply,
  onReport,
  onCloseReport,
  onReported,
}: {
  comment: CommentView
  /** The comment this one answers, when it is loaded. */
  repliedTo?: CommentView
  t: CommentStrings
  reporting: boolean
  reported: boolean
  onReply: () => void
  onReport: () => void
  onCloseReport: () => void
  onReported: () => void
}) {
  const visible = comment.status === 'visible'
  const placeholder = comment.placeholder ?? t.hidden
  return (
    <View className="topic__comment">
      <View className="topic__comment-head">
        <Text className="topic__comment-author">{comment.author.displayName}</Text>
        <Text className="topic__comment-time">{dateTime(comment.createdAt)}</Text>
      </View>
      {comment.replyToId && (
        <Text className="topic__comment-to">
          {repliedTo ? format(t.replyTo, { name: repliedTo.author.displayName }) : t.replyToUnknown}
        </Text>
      )}
      {visible ? (
        <Text className="topic__comment-text">{comment.text}</Text>
      ) : (
        <View className="topic__comment-hidden">
          <Text className="topic__muted">{placeholder}</Text>
          {comment.text && (
            <Text className="topic__comment-own">
              {comment.text}（{t.onlyYou}）
            </Text>
          )}
          {comment.reason && <Text className="topic__muted">{comment.reason}</Text>}
        </View>
      )}
      {visible && (
        <View className="topic__comment-actions">
          <Text className="topic__comment-reply" onClick={onReply}>
            {t.reply}
          </Text>
          {!comment.mine && !reported && (
            <Text className="topic__comment-report" onClick={onReport}>
              {t.report}
            </Text>
          )}
          {reported && <Text className="topic__muted">{t.reported}</Text>}
        </View>
      )}
      {reporting && (
        <ReportPanel comment={comment} t={t} onClose={onCloseReport} onReported={onReported} />
      )}
    </View>
  )
}
