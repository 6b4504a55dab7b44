import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useServiceHealth, type HealthState } from '@/hooks/use-service-health'
import type { DatabaseKind } from '@/services/health'
import './index.css'

const DATABASE_LABELS: Record<DatabaseKind, string> = {
  embedded: '内置开发库',
  external: '外部数据库',
  unknown: '未知',
}

function StatusLine({ state, onRetry }: { state: HealthState; onRetry: () => void }) {
  if (state.phase === 'loading') {
    return <Text className="home__status home__status--loading">正在连接服务…</Text>
  }
  if (state.phase === 'failed') {
    return (
      <View className="home__error">
        <Text className="home__status home__status--error">服务暂不可用：{state.message}</Text>
        <Button className="home__retry" size="mini" onClick={onRetry}>
          重试
        </Button>
      </View>
    )
  }
  const { ok, database, version } = state.health
  return (
    <View className="home__ready">
      <Text className={`home__status ${ok ? 'home__status--ok' : 'home__status--error'}`}>
        {ok ? '服务正常' : '服务异常'} · 数据库：{DATABASE_LABELS[database]}
      </Text>
      {version && <Text className="home__version">版本 {version}</Text>}
    </View>
  )
}

export default function Index() {
  const { state, reload } = useServiceHealth()

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__title">商量</Text>
        <Text className="home__tagline">有事好商量 · 码上议</Text>
      </View>
      <View className="home__card">
        <StatusLine state={state} onRetry={() => void reload()} />
      </View>
    </View>
  )
}
