import { Button, Text, View } from '@tarojs/components'
import type { HealthState } from '@/hooks/use-service-health'
import { format } from '@/i18n'
import type { DatabaseKind } from '@/services/health'
import type { HomeStrings } from './strings'

function databaseLabel(database: DatabaseKind, t: HomeStrings): string {
  if (database === 'embedded') return t.dbEmbedded
  if (database === 'external') return t.dbExternal
  return t.dbUnknown
}

/** The service's health, small at the bottom of the home page (with a retry when it is down). */
export default function StatusLine({
  state,
  onRetry,
  t,
}: {
  state: HealthState
  onRetry: () => void
  t: HomeStrings
}) {
  if (state.phase === 'loading') {
    return (
      <View className="home__status-line">
        <Text className="home__status home__status--loading">{t.connecting}</Text>
      </View>
    )
  }
  if (state.phase === 'failed') {
    return (
      <View className="home__status-line">
        <Text className="home__status home__status--error">
          {format(t.serviceDown, { message: state.message })}
        </Text>
        <Button className="home__retry" size="mini" onClick={onRetry}>
          {t.retry}
        </Button>
      </View>
    )
  }
  const { ok, database, version } = state.health
  return (
    <View className="home__status-line">
      <Text className={`home__status ${ok ? 'home__status--ok' : 'home__status--error'}`}>
        {`${ok ? t.serviceOk : t.serviceBad} · ${format(t.database, { db: databaseLabel(database, t) })}`}
      </Text>
      {version && <Text className="home__version">{format(t.version, { version })}</Text>}
    </View>
  )
}
