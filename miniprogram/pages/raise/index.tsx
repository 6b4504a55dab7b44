import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import { Empty, Failed, Loading } from '@/components/load-state'
import { useStrings } from '@/i18n'
import { parseRaiseSource, type RaisedTopic, type RaiseSource } from '@/services/raise'
import { ApiError } from '@/services/request'
import { fetchRoom, type RoomPublic } from '@/services/rooms'
import RaiseDone from './raise-done'
import RaiseForm from './raise-form'
import { STRINGS, type RaiseStrings } from './strings'
import './index.css'

type RoomState =
  | { phase: 'loading' }
  | { phase: 'ready'; room: RoomPublic }
  | { phase: 'unknown' }
  | { phase: 'failed'; message: string }

const ROOM_ID = /^[0-9a-fA-F]{24}$/
const NOT_FOUND = new Set(['ROOM_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_FAILED'])

function pageTitle(source: RaiseSource, t: RaiseStrings): string {
  switch (source) {
    case 'member_recommended':
      return t.titleMember
    case 'party_gov':
      return t.titleParty
    case 'grid_worker':
      return t.titleGrid
    default:
      return t.titleResident
  }
}

/** 提出问题: `?roomId=<id>` (and `&source=` for staff). */
export default function Raise() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const roomId = params.roomId && ROOM_ID.test(params.roomId) ? params.roomId : undefined
  const source = parseRaiseSource(params.source)
  const [state, setState] = useState<RoomState>({ phase: 'loading' })
  const [raised, setRaised] = useState<RaisedTopic | undefined>()
  const attempt = useRef(0)
  const title = pageTitle(source, t)

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title })
  }, [title])

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!roomId) return
    setState({ phase: 'loading' })
    try {
      const room = await fetchRoom(roomId)
      if (current === attempt.current) setState({ phase: 'ready', room })
    } catch (error) {
      if (current !== attempt.current) return
      if (error instanceof ApiError && NOT_FOUND.has(error.code)) {
        setState({ phase: 'unknown' })
      } else {
        const message = error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
        setState({ phase: 'failed', message })
      }
    }
  }, [roomId])

  useEffect(() => {
    void load()
  }, [load])

  function body() {
    if (!roomId) {
      return (
        <Empty
          title={t.noRoomTitle}
          text={t.noRoomText}
          action={t.pickRoom}
          onAction={() => void Taro.redirectTo({ url: '/pages/rooms/index' })}
        />
      )
    }
    if (state.phase === 'loading') return <Loading text={t.loadingRoom} />
    if (state.phase === 'failed') {
      return (
        <Failed title={t.roomFailedTitle} message={state.message} onRetry={() => void load()} />
      )
    }
    if (state.phase === 'unknown') {
      return <Empty title={t.unknownRoomTitle} text={t.unknownRoomText} />
    }
    if (raised) return <RaiseDone topic={raised} />
    const { room } = state
    if (room.archived) {
      return (
        <Empty
          title={t.archivedTitle}
          text={t.archivedText}
          action={t.backToRoom}
          onAction={() =>
            void Taro.redirectTo({ url: `/pages/room/index?id=${encodeURIComponent(room.id)}` })
          }
        />
      )
    }
    return <RaiseForm room={room} source={source} onRaised={setRaised} />
  }

  return <PageShell className="raise">{body()}</PageShell>
}
