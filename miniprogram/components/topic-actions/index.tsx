import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useStrings } from '@/i18n'
import { ApiError } from '@/services/request'
import { rescreen, resumeActions, screening, type TopicView } from '@/services/topics'
import { staffActions, type StaffAction } from './actions'
import CallbackRecordForm from './callback-record'
import { STRINGS } from './strings'
import './index.css'

export { isCallbackStaff, staffActions, type StaffAction } from './actions'

type InlineKey = Extract<StaffAction, { kind: 'inline' }>['key']

/**
 * The staff buttons of a topic, exactly those its `allowedEvents` permit: pages of the staff
 * subpackage (四步答复, 安排协商会, 发布协商成果) or quick actions done here (受理研判, 记录回访,
 * 继续办理, 重新研判). Renders nothing for residents.
 */
export default function TopicActions({
  topic,
  onChanged,
}: {
  topic: TopicView
  /** After an inline action: the page reloads the topic. */
  onChanged: () => void
}) {
  const t = useStrings(STRINGS)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [recording, setRecording] = useState(false)
  const actions = staffActions(topic, t)
  if (actions.length === 0) return null

  const prompts: Record<InlineKey, string> = {
    screening: t.screeningConfirm,
    resume: t.resumeConfirm,
    rescreen: t.rescreenConfirm,
  }
  const calls: Record<InlineKey, () => Promise<unknown>> = {
    screening: () => screening(topic.id),
    resume: () => resumeActions(topic.id),
    rescreen: () => rescreen(topic.id),
  }

  async function runInline(action: Extract<StaffAction, { kind: 'inline' }>) {
    if (busy) return
    const { confirm } = await Taro.showModal({ title: action.label, content: prompts[action.key] })
    if (!confirm) return
    setBusy(true)
    setError(undefined)
    try {
      await calls[action.key]()
      void Taro.showToast({ title: action.key === 'screening' ? t.screened : t.done, icon: 'none' })
      onChanged()
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t.failed)
    } finally {
      setBusy(false)
    }
  }

  function tap(action: StaffAction) {
    if (action.kind === 'page') void Taro.navigateTo({ url: action.url })
    else if (action.kind === 'inline') void runInline(action)
    else setRecording(true)
  }

  return (
    <View className="topic-actions">
      <Text className="topic-actions__title">{t.title}</Text>
      <View className="topic-actions__list">
        {actions.map((action) => (
          <Button
            key={action.key}
            className={`topic-actions__button topic-actions__${action.key}`}
            disabled={busy || undefined}
            onClick={() => tap(action)}
          >
            {action.label}
          </Button>
        ))}
      </View>
      {recording && (
        <CallbackRecordForm
          topicId={topic.id}
          onCancel={() => setRecording(false)}
          onSaved={() => {
            setRecording(false)
            void Taro.showToast({ title: t.recorded, icon: 'none' })
            onChanged()
          }}
        />
      )}
      {error && <Text className="topic-actions__error">{error}</Text>}
    </View>
  )
}
