import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { RATING_MAX, RATING_MIN } from '@shared/domain/types'
import { useStrings } from '@/i18n'
import { recordCallback, type CallbackRecord } from '@/services/outcomes'
import { ApiError } from '@/services/request'
import { STRINGS } from './strings'

const RATINGS = Array.from(
  { length: RATING_MAX - RATING_MIN + 1 },
  (_, index) => RATING_MIN + index,
)

function choiceClass(base: string, on: boolean): string {
  return on ? `${base} topic-actions__choice--on` : base
}

/** Staff write down a call-back made by phone or at the door (记录回访). */
export default function CallbackRecordForm({
  topicId,
  onSaved,
  onCancel,
}: {
  topicId: string
  onSaved: () => void
  onCancel: () => void
}) {
  const t = useStrings(STRINGS)
  const [method, setMethod] = useState<CallbackRecord['method']>('phone')
  const [solved, setSolved] = useState<boolean | undefined>()
  const [rating, setRating] = useState<number | undefined>()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function save() {
    if (busy) return
    if (solved === undefined) return setError(t.needSolved)
    if (!note.trim()) return setError(t.needNote)
    setBusy(true)
    setError(undefined)
    try {
      const record: CallbackRecord = { solved, method, note: note.trim() }
      if (rating !== undefined) record.rating = rating
      await recordCallback(topicId, record)
      onSaved()
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.failed)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="topic-actions__form">
      <Text className="topic-actions__label">{t.method}</Text>
      <View className="topic-actions__choices">
        <Button
          className={choiceClass('topic-actions__phone', method === 'phone')}
          onClick={() => setMethod('phone')}
        >
          {t.phone}
        </Button>
        <Button
          className={choiceClass('topic-actions__visit', method === 'visit')}
          onClick={() => setMethod('visit')}
        >
          {t.visit}
        </Button>
      </View>
      <Text className="topic-actions__label">{t.result}</Text>
      <View className="topic-actions__choices">
        <Button
          className={choiceClass('topic-actions__solved', solved === true)}
          onClick={() => setSolved(true)}
        >
          {t.solved}
        </Button>
        <Button
          className={choiceClass('topic-actions__unsolved', solved === false)}
          onClick={() => setSolved(false)}
        >
          {t.unsolved}
        </Button>
      </View>
      <Text className="topic-actions__label">{t.rating}</Text>
      <View className="topic-actions__choices">
        {RATINGS.map((value) => (
          <Button
            key={value}
            className={choiceClass('topic-actions__rating', rating === value)}
            onClick={() => setRating(rating === value ? undefined : value)}
          >
            {value}
          </Button>
        ))}
      </View>
      <Textarea
        className="topic-actions__note"
        value={note}
        maxlength={1000}
        placeholder={t.notePlaceholder}
        onInput={(event) => setNote(event.detail.value)}
      />
      {error && <Text className="topic-actions__error">{error}</Text>}
      <View className="topic-actions__choices">
        <Button className="topic-actions__cancel" onClick={onCancel}>
          {t.cancel}
        </Button>
        <Button
          className="topic-actions__save"
          type="primary"
          disabled={busy || undefined}
          onClick={() => void save()}
        >
          {t.submitRecord}
        </Button>
      </View>
    </View>
  )
}
