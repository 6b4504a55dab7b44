import { Button, Text, View } from '@tarojs/components'
import './index.css'

/** A page or section still loading. */
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="load-state">
      <Text className="load-state__muted">{text}</Text>
    </View>
  )
}

/** Nothing to show yet, said plainly, with an optional next step. */
export function Empty({
  title,
  text,
  action,
  onAction,
}: {
  title: string
  text?: string
  action?: string
  onAction?: () => void
}) {
  return (
    <View className="load-state">
      <Text className="load-state__title">{title}</Text>
      {text && <Text className="load-state__muted">{text}</Text>}
      {action && onAction && (
        <Button className="load-state__action" onClick={onAction}>
          {action}
        </Button>
      )}
    </View>
  )
}

/** Loading failed: the service's message and a retry. */
export function Failed({
  title = '暂时无法加载',
  message,
  retry = '重试',
  onRetry,
}: {
  title?: string
  message: string
  retry?: string
  onRetry: () => void
}) {
  return (
    <View className="load-state">
      <Text className="load-state__title">{title}</Text>
      <Text className="load-state__muted">{message}</Text>
      <Button className="load-state__action" onClick={onRetry}>
        {retry}
      </Button>
    </View>
  )
}
