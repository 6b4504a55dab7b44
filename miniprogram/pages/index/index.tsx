import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import PageShell from '@/components/page-shell'
import { useServiceHealth } from '@/hooks/use-service-health'
import { format, useStrings } from '@/i18n'
import { raisePageUrl } from '@/services/raise'
import { getRecentRooms, myRooms } from '@/services/recent-rooms'
import { LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn, onSessionChange, type Me } from '@/services/session'
import HotTopics from './hot-topics'
import MyRooms, { ROOMS_PAGE } from './my-rooms'
import ScanCard, { useRoomScan } from './scan-card'
import StatusLine from './status-line'
import { STRINGS } from './strings'
import './index.css'

function currentUser(): Me | undefined {
  return isLoggedIn() ? getCurrentUser() : undefined
}

/**
 * Home: who is logged in, 扫一扫 into a room, 提出问题, the user's rooms (opened on this device or
 * worked in) and what is hot there; the service's health in small print at the bottom.
 */
export default function Index() {
  const t = useStrings(STRINGS)
  const { state: health, reload: reloadHealth } = useServiceHealth()
  const [user, setUser] = useState<Me | undefined>(currentUser)
  const [recent, setRecent] = useState(getRecentRooms)
  const [refreshKey, setRefreshKey] = useState(0)
  const { problem, scan, enterCode } = useRoomScan(t)
  const rooms = useMemo(() => myRooms(recent, user), [recent, user])

  useDidShow(() => {
    setUser(currentUser())
    setRecent(getRecentRooms())
  })
  useEffect(() => onSessionChange(() => setUser(currentUser())), [])

  usePullDownRefresh(() => {
    setRecent(getRecentRooms())
    setRefreshKey((key) => key + 1)
    void reloadHealth().finally(() => Taro.stopPullDownRefresh())
  })

  const target = rooms[0]
  function raise() {
    void Taro.navigateTo({ url: target ? raisePageUrl(target.id) : ROOMS_PAGE })
  }

  return (
    <PageShell className="home">
      <View className="home__hero">
        <Text className="home__title">{t.title}</Text>
        <Text className="home__tagline">{t.tagline}</Text>
      </View>

      <View className="home__card home__account">
        {user ? (
          <Text className="home__user">{format(t.loggedIn, { name: user.displayName })}</Text>
        ) : (
          <Text className="home__user home__user--anonymous">{t.anonymous}</Text>
        )}
        <Button
          className="home__button"
          size="mini"
          onClick={() => void Taro.navigateTo({ url: user ? '/pages/me/index' : LOGIN_PAGE })}
        >
          {user ? t.me : t.login}
        </Button>
      </View>

      <ScanCard scan={scan} enterCode={enterCode} problem={problem} t={t} />

      <View className="home__card home__raise-box">
        <Button className="home__raise" onClick={raise}>
          {t.raise}
        </Button>
        <Text className="home__hint">
          {target ? format(t.raiseTo, { room: target.name }) : t.raiseNoRoom}
        </Text>
      </View>

      <MyRooms rooms={rooms} onScan={() => void scan()} t={t} />
      {rooms.length > 0 && (
        <HotTopics roomIds={rooms.map((room) => room.id)} refreshKey={refreshKey} t={t} />
      )}

      <StatusLine state={health} onRetry={() => void reloadHealth()} t={t} />
    </PageShell>
  )
}
