import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { HOME_PAGE } from '@/services/navigation'
import { ApiError } from '@/services/request'
import { fetchRoom, fetchRoomByScene, type PersonRef, type RoomPublic } from '@/services/rooms'
import { normalizeScene } from '@/services/scene'
import './index.css'

type RoomState =
  | { phase: 'loading' }
  | { phase: 'ready'; room: RoomPublic }
  | { phase: 'unknown' }
  | { phase: 'failed'; message: string }

const NOT_FOUND = new Set(['ROOM_CODE_UNKNOWN', 'ROOM_NOT_FOUND', 'NOT_FOUND', 'VALIDATION_FAILED'])

function names(people: PersonRef[]): string {
  return people.map((person) => person.displayName).join('、')
}

function PeopleLine({
  label,
  people,
  empty,
}: {
  label: string
  people: PersonRef[]
  empty: string
}) {
  return (
    <View className="room__line">
      <Text className="room__label">{label}</Text>
      <Text className={people.length > 0 ? 'room__value' : 'room__value room__value--muted'}>
        {people.length > 0 ? names(people) : empty}
      </Text>
    </View>
  )
}

function RoomDetails({ room }: { room: RoomPublic }) {
  const path = room.path.length > 0 ? room.path : [room.unit]
  return (
    <View className="room">
      <View className="room__header">
        <Text className="room__name">{room.name}</Text>
        {room.archived && <Text className="room__archived">该议事室已停用，暂不受理新问题</Text>}
        <Text className="room__path">{path.map((unit) => unit.name).join(' › ')}</Text>
        {room.address && <Text className="room__address">地址：{room.address}</Text>}
        {room.description && <Text className="room__description">{room.description}</Text>}
      </View>

      <View className="room__card">
        <PeopleLine label="召集人" people={room.conveners} empty="暂未设置" />
        <PeopleLine label="今日值班委员" people={room.onDutyToday} empty="今日暂无委员值班" />
        <PeopleLine label="挂钩委员" people={room.members} empty="暂无" />
      </View>

      <View className="room__card">
        <Text className="room__section-title">议题</Text>
        <View className="room__empty">
          <Text className="room__empty-title">议题功能即将上线</Text>
          <Text className="room__empty-text">
            以后在这里能看到大家提出的问题、附议人数和办理进展。
          </Text>
        </View>
      </View>

      <Button className="room__raise" type="primary" disabled>
        提出问题
      </Button>
      <Text className="room__raise-note">提问功能正在开发中，暂不能提交</Text>
    </View>
  )
}

export default function Room() {
  const { params } = useRouter()
  const scene = normalizeScene(params.scene)
  const id = params.id ? params.id.trim() : undefined
  const [state, setState] = useState<RoomState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!scene && !id) {
      setState({ phase: 'unknown' })
      return
    }
    setState({ phase: 'loading' })
    try {
      const room = scene ? await fetchRoomByScene(scene) : await fetchRoom(id ?? '')
      if (current !== attempt.current) return
      setState({ phase: 'ready', room })
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
  }, [scene, id])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.phase === 'loading') {
    return (
      <View className="room room--center">
        <Text className="room__muted">正在打开议事室…</Text>
      </View>
    )
  }
  if (state.phase === 'unknown') {
    return (
      <View className="room room--center">
        <Text className="room__problem-title">未找到该议事室</Text>
        <Text className="room__problem-text">
          {params.scene || params.id
            ? `议事室码“${params.scene ?? params.id ?? ''}”无效或已停用，请确认二维码后重新扫码。`
            : '链接中没有议事室码，请重新扫描议事室二维码。'}
        </Text>
        <Button className="room__home" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
          返回首页
        </Button>
      </View>
    )
  }
  if (state.phase === 'failed') {
    return (
      <View className="room room--center">
        <Text className="room__problem-title">暂时打不开议事室</Text>
        <Text className="room__problem-text">{state.message}</Text>
        <Button className="room__home" onClick={() => void load()}>
          重试
        </Button>
      </View>
    )
  }
  return <RoomDetails room={state.room} />
}
