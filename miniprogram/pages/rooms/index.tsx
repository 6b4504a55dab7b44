import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { listRooms, type RoomListItem } from '@/services/rooms'
import { roomPageUrl } from '@/services/scene'
import './index.css'

type ListState =
  | { phase: 'loading' }
  | { phase: 'ready'; rooms: RoomListItem[]; nextCursor: string | null; loadingMore: boolean }
  | { phase: 'login' }
  | { phase: 'failed'; message: string }

export default function Rooms() {
  const [state, setState] = useState<ListState>({ phase: 'loading' })

  const fail = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      setState({ phase: 'login' })
    } else {
      setState({
        phase: 'failed',
        message: error instanceof ApiError ? error.message : '出了点问题，请稍后重试',
      })
    }
  }

  const load = useCallback(async () => {
    setState({ phase: 'loading' })
    try {
      const page = await listRooms()
      setState({
        phase: 'ready',
        rooms: page.items,
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      fail(error)
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  async function loadMore(rooms: RoomListItem[], cursor: string) {
    setState({ phase: 'ready', rooms, nextCursor: cursor, loadingMore: true })
    try {
      const page = await listRooms(cursor)
      setState({
        phase: 'ready',
        rooms: [...rooms, ...page.items],
        nextCursor: page.nextCursor,
        loadingMore: false,
      })
    } catch (error) {
      fail(error)
    }
  }

  if (state.phase === 'loading') {
    return (
      <View className="rooms rooms--center">
        <Text className="rooms__muted">正在加载议事室…</Text>
      </View>
    )
  }
  if (state.phase === 'login') {
    return (
      <View className="rooms rooms--center">
        <Text className="rooms__muted">登录后可以浏览议事室列表</Text>
        <Button
          className="rooms__button"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        >
          去登录
        </Button>
      </View>
    )
  }
  if (state.phase === 'failed') {
    return (
      <View className="rooms rooms--center">
        <Text className="rooms__error">{state.message}</Text>
        <Button className="rooms__button" onClick={() => void load()}>
          重试
        </Button>
      </View>
    )
  }
  if (state.rooms.length === 0) {
    return (
      <View className="rooms rooms--center">
        <Text className="rooms__muted">还没有议事室</Text>
      </View>
    )
  }
  const { rooms, nextCursor, loadingMore } = state
  return (
    <View className="rooms">
      {rooms.map((room) => (
        <View
          key={room.id}
          className="rooms__item"
          onClick={() => void Taro.navigateTo({ url: roomPageUrl(room.scene) })}
        >
          <Text className="rooms__name">{room.name}</Text>
          <Text className="rooms__unit">
            {room.unit.name} · 议事室码 {room.scene}
          </Text>
        </View>
      ))}
      {nextCursor && (
        <Button
          className="rooms__button"
          disabled={loadingMore}
          onClick={() => void loadMore(rooms, nextCursor)}
        >
          {loadingMore ? '正在加载…' : '加载更多'}
        </Button>
      )}
    </View>
  )
}
