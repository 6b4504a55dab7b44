import { Text, View } from '@tarojs/components'
import type { TopicState } from '@shared/domain/topic-machine'
import RatingForm from '@/components/rating-form'
import { format, useStrings } from '@/i18n'
import { callbackSummary, myCallback, type CallbackSummary } from '@/services/outcomes'
import { isLoggedIn } from '@/services/session'
import type { TopicView } from '@/services/topics'
import { STRINGS, type TopicStrings } from './strings'
import { useLoaded } from './use-loaded'

/** States in which a call-back has been (or is being) made. */
const CALLBACK_STATES: readonly TopicState[] = ['awaiting_callback', 'reopened', 'closed']

/** Whether to ask the service if this caller may answer the call-back (it alone knows who was asked). */
export function mayRate(topic: TopicView): boolean {
  return topic.state === 'awaiting_callback' && isLoggedIn()
}

function Figures({ summary, t }: { summary: CallbackSummary; t: TopicStrings }) {
  if (summary.answered === 0) return <Text className="topic__muted">{t.callbackNone}</Text>
  return (
    <View className="topic__figures">
      <Text className="topic__figure">
        {format(t.callbackFigures, { answered: summary.answered, solved: summary.solved })}
      </Text>
      {summary.averageRating !== null && (
        <Text className="topic__figure topic__figure--score">
          {format(t.callbackAverage, { score: summary.averageRating.toFixed(1) })}
        </Text>
      )}
    </View>
  )
}

/** The call-back: public satisfaction figures and, for those asked, the rating form. */
export function CallbackSection({
  topic,
  version,
  onRated,
}: {
  topic: TopicView
  version: number
  onRated: () => void
}) {
  const t = useStrings(STRINGS)
  const wanted = CALLBACK_STATES.includes(topic.state)
  const [state] = useLoaded(
    wanted ? `${topic.id}:${version}` : null,
    () => callbackSummary(topic.id),
    t.sectionFailed,
  )
  // The petitioner, or a supporter who was asked and has not answered yet (GET …/callback/mine).
  const [mine] = useLoaded(
    mayRate(topic) ? `mine:${topic.id}:${version}` : null,
    () => myCallback(topic.id),
    t.sectionFailed,
  )
  const rate = mine.phase === 'ready' && mine.data.canAnswer
  if (!wanted) return null
  const summary = state.phase === 'ready' && state.data.round !== null ? state.data : null
  if (!summary && !rate) return null
  return (
    <View className="topic__card topic__callback">
      <Text className="topic__section-title">{t.callbackTitle}</Text>
      {summary && <Figures summary={summary} t={t} />}
      {rate && (
        <View className="topic__rating">
          <RatingForm topicId={topic.id} onDone={onRated} />
        </View>
      )}
    </View>
  )
}
