import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import { Empty, Failed, Loading } from '@/components/load-state'
import { format, useStrings } from '@/i18n'
import { getRecentRooms } from '@/services/recent-rooms'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { listRooms, type RoomListItem } from '@/services/rooms'
import { roomPageUrl } from '@/services/scene'
import { STRINGS } from './strings'
import './index.css'

type ListState =
  | { phase: 'loading' }
  | {
      phase: 'ready'
      rooms: RoomListItem[]
      nextCursor: string | null
      loadingMore: boolean
      moreFailed?: string
    }
  | { phase: 'login' }
  | { phase: 'failed'; message: string }

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
}

function recentIds(): Set<string> {
  return new Set(getRecentRooms().map((room) => room.id))
}

/** Every room, page by page; the ones this device opened before are marked. */
export default function Rooms() {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<ListState>({ phase: 'loading' })
  const [recent, setRecent] = useState<Set<string>>(recentIds)
  const attempt = useRef(0)

  useDidShow(() => setRecent(recentIds()))

  const load = useCallback(async (quiet = false) => {
    const id = ++attempt.current
    if (!quiet) setState({ phase: 'loading' })
    try {
      const page = await listRooms()
      if (id !== attempt.current) return
      setState({
        phase: 'ready',
        rooms: page.items,
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      if (id !== attempt.current) return
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setState({ phase: 'login' })
      } else {
        setState({ phase: 'failed', message: messageOf(error) })
      }
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load(state.phase === 'ready').finally(() => Taro.stopPullDownRefresh())
  })

  async function loadMore(rooms: RoomListItem[], cursor: string) {
    const id = attempt.current
    setState({ phase: 'ready', rooms, nextCursor: cursor, loadingMore: true })
    try {
      const page = await listRooms(cursor)
      if (id !== attempt.current) return
      const seen = new Set(rooms.map((room) => room.id))
      setState({
        phase: 'ready',
        rooms: [...rooms, ...page.items.filter((room) => !seen.has(room.id))],
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      if (id !== attempt.current) return
      setState({
        phase: 'ready',
        rooms,
        nextCursor: cursor,
        loadingMore: false,
        moreFailed: messageOf(error),
      })
    }
  }

  function body() {
    if (state.phase === 'loading') return <Loading text={t.loading} />
    if (state.phase === 'login') {
      return (
        <Empty
          title={t.loginText}
          action={t.login}
          onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        />
      )
    }
    if (state.phase === 'failed') {
      return <Failed title={t.failedTitle} message={state.message} onRetry={() => void load()} />
    }
    if (state.rooms.length === 0) return <Empty title={t.emptyTitle} text={t.emptyText} />
    const { rooms, nextCursor, loadingMore, moreFailed } = state
    return (
      <View className="rooms__list">
        <Text className="rooms__intro">{t.intro}</Text>
        {rooms.map((room) => (
          <View
            key={room.id}
            className="rooms__item"
            onClick={() => void Taro.navigateTo({ url: roomPageUrl(room.scene) })}
          >
            <View className="rooms__name-line">
              <Text className="rooms__name">{room.name}</Text>
              {recent.has(room.id) && <Text className="rooms__recent">{t.recent}</Text>}
            </View>
            <Text className="rooms__unit">
              {format(t.unit, { unit: room.unit.name, scene: room.scene })}
            </Text>
          </View>
        ))}
        {moreFailed && <Text className="rooms__error">{moreFailed}</Text>}
        {nextCursor ? (
          <Button
            className="rooms__button"
            disabled={loadingMore || undefined}
            onClick={() => void loadMore(rooms, nextCursor)}
          >
            {loadingMore ? t.loadingMore : t.more}
          </Button>
        ) : (
          <Text className="rooms__end">{t.end}</Text>
        )}
      </View>
    )
  }

  return <PageShell className="rooms">{body()}</PageShell>
}
