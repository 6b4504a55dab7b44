import { Text, View } from '@tarojs/components'
import { Failed, Loading } from '@/components/load-state'
import Timeline from '@/components/timeline'
import { useStrings } from '@/i18n'
import { timeline } from '@/services/topics'
import { STRINGS } from './strings'
import { useLoaded } from './use-loaded'

/** 办理进程: every public step, who took it and when. */
export function TimelineSection({ topicId, version }: { topicId: string; version: number }) {
  const t = useStrings(STRINGS)
  const [state, retry] = useLoaded(
    `${topicId}:${version}`,
    () => timeline(topicId),
    t.sectionFailed,
  )
  return (
    <View className="topic__card topic__timeline">
      <Text className="topic__section-title">{t.timelineTitle}</Text>
      {state.phase === 'loading' && <Loading />}
      {state.phase === 'failed' && (
        <Failed title={t.sectionFailed} message={state.message} retry={t.retry} onRetry={retry} />
      )}
      {state.phase === 'ready' && <Timeline entries={state.data} />}
    </View>
  )
}
