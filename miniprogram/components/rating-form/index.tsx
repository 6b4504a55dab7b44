import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { RATING_MAX, RATING_MIN } from '@shared/domain/types'
import { format, useStrings } from '@/i18n'
import { answerCallback, type CallbackResult } from '@/services/outcomes'
import { ApiError } from '@/services/request'
import { STRINGS } from './strings'
import './index.css'

const STARS = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, index) => RATING_MIN + index)

type Strings = (typeof STRINGS)['zh-CN']

function ratingLabel(t: Strings, rating: number): string {
  const labels = [t.rating1, t.rating2, t.rating3, t.rating4, t.rating5]
  return labels[rating - RATING_MIN] ?? ''
}

/**
 * The call-back answer (回访评价): solved or not, 1–5 stars and a comment, which is required as the
 * reason when it is not solved. Shown only to callers the page found may answer.
 */
export default function RatingForm({
  topicId,
  onDone,
}: {
  topicId: string
  onDone?: (result: CallbackResult) => void
}) {
  const t = useStrings(STRINGS)
  const [solved, setSolved] = useState<boolean | undefined>()
  const [rating, setRating] = useState<number | undefined>()
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<CallbackResult | undefined>()

  function problem(): string | undefined {
    if (solved === undefined) return t.needSolved
    if (rating === undefined) return t.needRating
    if (!solved && !comment.trim()) return t.needReason
    return undefined
  }

  async function submit() {
    if (busy) return
    const invalid = problem()
    if (invalid || solved === undefined || rating === undefined) {
      setError(invalid)
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const text = comment.trim()
      const result = await answerCallback(topicId, {
        solved,
        rating,
        ...(text ? { comment: text } : {}),
      })
      setDone(result)
      onDone?.(result)
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.failed)
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    return (
      <View className="rating-form rating-form--done">
        <Text className="rating-form__thanks">{done.solved ? t.thanks : t.thanksUnsolved}</Text>
      </View>
    )
  }

  return (
    <View className="rating-form">
      <Text className="rating-form__title">{t.title}</Text>
      <Text className="rating-form__question">{t.question}</Text>
      <View className="rating-form__choices">
        <Button
          className={`rating-form__solved${solved === true ? ' rating-form__choice--on' : ''}`}
          onClick={() => setSolved(true)}
        >
          {t.solved}
        </Button>
        <Button
          className={`rating-form__unsolved${solved === false ? ' rating-form__choice--on' : ''}`}
          onClick={() => setSolved(false)}
        >
          {t.unsolved}
        </Button>
      </View>
      <Text className="rating-form__subtitle">{t.ratingTitle}</Text>
      <View className="rating-form__stars">
        {STARS.map((star) => (
          <View
            key={star}
            className={`rating-form__star rating-form__star--${star}${
              rating !== undefined && star <= rating ? ' rating-form__star--on' : ''
            }`}
            onClick={() => setRating(star)}
          >
            ★
          </View>
        ))}
      </View>
      {rating !== undefined && (
        <Text className="rating-form__rating">
          {format(t.ratingChosen, { n: rating, label: ratingLabel(t, rating) })}
        </Text>
      )}
      <Textarea
        className="rating-form__comment"
        value={comment}
        maxlength={1000}
        placeholder={solved === false ? t.reasonPlaceholder : t.commentPlaceholder}
        onInput={(event) => setComment(event.detail.value)}
      />
      {error && <Text className="rating-form__error">{error}</Text>}
      <Button
        className="rating-form__submit"
        type="primary"
        disabled={busy || undefined}
        onClick={() => void submit()}
      >
        {busy ? t.submitting : t.submit}
      </Button>
    </View>
  )
}
