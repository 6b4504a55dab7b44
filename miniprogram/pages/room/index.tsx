import { Button, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import { Loading } from '@/components/load-state'
import { format, useStrings } from '@/i18n'
import { HOME_PAGE } from '@/services/navigation'
import { rememberRoom } from '@/services/recent-rooms'
import { ApiError } from '@/services/request'
import { fetchRoom, fetchRoomByScene, type RoomPublic } from '@/services/rooms'
import { normalizeScene } from '@/services/scene'
import { getCurrentUser, isLoggedIn, onSessionChange, type Me } from '@/services/session'
import RoomHeader from './room-header'
import RoomTopics from './room-topics'
import { STRINGS } from './strings'
import './index.css'

type RoomState =
  | { phase: 'loading' }
  | { phase: 'ready'; room: RoomPublic }
  | { phase: 'unknown' }
  | { phase: 'failed'; message: string }

const NOT_FOUND = new Set(['ROOM_CODE_UNKNOWN', 'ROOM_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_FAILED'])

function currentUser(): Me | undefined {
  return isLoggedIn() ? getCurrentUser() : undefined
}

/** A room, opened from its QR code (`?scene=`) or by id (`?id=`): who runs it and its topics. */
export default function Room() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const scene = normalizeScene(params.scene)
  const id = params.id ? params.id.trim() : undefined
  const [state, setState] = useState<RoomState>({ phase: 'loading' })
  const [user, setUser] = useState<Me | undefined>(currentUser)
  const [refreshKey, setRefreshKey] = useState(0)
  const attempt = useRef(0)

  useDidShow(() => setUser(currentUser()))
  useEffect(() => onSessionChange(() => setUser(currentUser())), [])

  /** `quiet`: keep showing the room while it refreshes (pull-down). */
  const load = useCallback(
    async (quiet = false) => {
      const current = ++attempt.current
      if (!scene && !id) {
        setState({ phase: 'unknown' })
        return
      }
      if (!quiet) setState({ phase: 'loading' })
      try {
        const room = scene ? await fetchRoomByScene(scene) : await fetchRoom(id ?? '')
        if (current !== attempt.current) return
        setState({ phase: 'ready', room })
        rememberRoom(room)
        void Taro.setNavigationBarTitle({ title: room.name })
      } catch (error) {
        if (current !== attempt.current) return
        if (error instanceof ApiError && NOT_FOUND.has(error.code)) {
          setState({ phase: 'unknown' })
        } else {
          const message = error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
          setState({ phase: 'failed', message })
        }
      }
    },
    [scene, id],
  )

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    setRefreshKey((key) => key + 1)
    void load(state.phase === 'ready').finally(() => Taro.stopPullDownRefresh())
  })

  if (state.phase === 'loading') {
    return (
      <PageShell className="room room--center">
        <Loading text={t.opening} />
      </PageShell>
    )
  }
  if (state.phase === 'unknown') {
    const code = params.scene ?? params.id
    return (
      <PageShell className="room room--center">
        <Text className="room__problem-title">{t.unknownTitle}</Text>
        <Text className="room__problem-text">
          {code ? format(t.unknownCode, { code }) : t.noCode}
        </Text>
        <Button className="room__home" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
          {t.home}
        </Button>
      </PageShell>
    )
  }
  if (state.phase === 'failed') {
    return (
      <PageShell className="room room--center">
        <Text className="room__problem-title">{t.failedTitle}</Text>
        <Text className="room__problem-text">{state.message}</Text>
        <Button className="room__home" onClick={() => void load()}>
          {t.retry}
        </Button>
      </PageShell>
    )
  }
  const { room } = state
  return (
    <PageShell className="room">
      <RoomHeader room={room} user={user} t={t} />
      <RoomTopics roomId={room.id} refreshKey={refreshKey} t={t} />
    </PageShell>
  )
}
