import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ROLE_LABELS } from '@shared/domain/labels'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import { fetchMe } from '@/services/auth'
import { HOME_PAGE } from '@/services/navigation'
import { LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn, type Me } from '@/services/session'
import { errorText, grantReachesRoomsByUnit, roomsUnder, type RoomRef } from '@/services/staff'
import { buildWorkbench, type Entry, type RoomCard } from './model'
import { STRINGS } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'forbidden' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; me: Me }

interface UnitRooms {
  byGrant: Map<string, RoomRef[]>
  more: boolean
  failed?: string
}

function open(entry: Entry) {
  void Taro.navigateTo({ url: entry.url })
}

function EntryButton({ entry }: { entry: Entry }) {
  return (
    <Button
      className={`workbench__entry workbench__entry--${entry.key}`}
      onClick={() => open(entry)}
    >
      {entry.label}
    </Button>
  )
}

function RoomSection({ card }: { card: RoomCard }) {
  return (
    <View className="workbench__room">
      <View className="workbench__room-head">
        <Text className="workbench__room-name">{card.room.name}</Text>
        <Text className="workbench__room-roles">
          {card.roles.map((role) => ROLE_LABELS[role]).join('、')}
        </Text>
      </View>
      <View className="workbench__grid">
        {card.entries.map((entry) => (
          <EntryButton key={entry.key} entry={entry} />
        ))}
      </View>
    </View>
  )
}

/** Loads the rooms of unit-scoped grants (office staff, admin, grid workers, sector members). */
async function loadUnitRooms(me: Me): Promise<UnitRooms> {
  const result: UnitRooms = { byGrant: new Map(), more: false }
  const grants = me.grants.filter(grantReachesRoomsByUnit)
  try {
    const lists = await Promise.all(grants.map((grant) => roomsUnder(grant.unitId)))
    lists.forEach((list, index) => {
      result.byGrant.set(grants[index].id, list.rooms)
      result.more ||= list.more
    })
  } catch (error) {
    result.failed = errorText(error)
  }
  return result
}

export default function Workbench() {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<State>(() => {
    const stored = getCurrentUser()
    if (!stored || !isLoggedIn()) return { phase: 'loading' }
    return stored.grants.length > 0 ? { phase: 'ready', me: stored } : { phase: 'loading' }
  })
  const [unitRooms, setUnitRooms] = useState<UnitRooms>({ byGrant: new Map(), more: false })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    let me: Me
    try {
      me = await fetchMe()
    } catch (error) {
      if (current !== attempt.current) return
      setState(
        isLoggedIn() ? { phase: 'failed', message: errorText(error) } : { phase: 'anonymous' },
      )
      return
    }
    if (current !== attempt.current) return
    if (me.grants.length === 0) {
      setState({ phase: 'forbidden' })
      return
    }
    setState({ phase: 'ready', me })
    const rooms = await loadUnitRooms(me)
    if (current === attempt.current) setUnitRooms(rooms)
  }, [])

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.phase === 'loading') {
    return (
      <PageShell className="workbench">
        <Loading text={t.loading} />
      </PageShell>
    )
  }
  if (state.phase === 'anonymous') {
    return (
      <PageShell className="workbench">
        <Empty
          title={t.needLogin}
          text={t.needLoginText}
          action={t.login}
          onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        />
      </PageShell>
    )
  }
  if (state.phase === 'forbidden') {
    return (
      <PageShell className="workbench">
        <Empty
          title={t.forbidden}
          text={t.forbiddenText}
          action={t.home}
          onAction={() => void Taro.reLaunch({ url: HOME_PAGE })}
        />
      </PageShell>
    )
  }
  if (state.phase === 'failed') {
    return (
      <PageShell className="workbench">
        <Failed
          title={t.failed}
          message={state.message}
          retry={t.retry}
          onRetry={() => void load()}
        />
      </PageShell>
    )
  }

  const { me } = state
  const bench = buildWorkbench(me.grants, unitRooms.byGrant, t)
  const roles = [...new Set(me.grants.map((grant) => ROLE_LABELS[grant.role]))]
  return (
    <PageShell className="workbench">
      <View className="workbench__header">
        <Text className="workbench__hello">{format(t.hello, { name: me.displayName })}</Text>
        <Text className="workbench__roles">{roles.join('、')}</Text>
      </View>

      {bench.entries.length > 0 && (
        <View className="workbench__card">
          <Text className="workbench__section-title">{t.common}</Text>
          <View className="workbench__grid">
            {bench.entries.map((entry) => (
              <EntryButton key={entry.key} entry={entry} />
            ))}
          </View>
        </View>
      )}

      {(bench.rooms.length > 0 || unitRooms.failed) && (
        <View className="workbench__card">
          <Text className="workbench__section-title">{t.rooms}</Text>
          {bench.rooms.map((card) => (
            <RoomSection key={card.room.id} card={card} />
          ))}
          {unitRooms.more && <Text className="workbench__note">{t.moreRooms}</Text>}
          {unitRooms.failed && (
            <Text className="workbench__note">
              {format(t.roomsFailed, { message: unitRooms.failed })}
            </Text>
          )}
        </View>
      )}
    </PageShell>
  )
}
