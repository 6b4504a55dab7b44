import Taro from '@tarojs/taro'
import {
  getRecentRooms,
  MAX_RECENT_ROOMS,
  RECENT_ROOMS_STORAGE_KEY,
  rememberRoom,
} from '@/services/recent-rooms'
import type { RoomPublic } from '@/services/rooms'
import { resetTaroMock } from '../../__mocks__/tarojs-taro'

function room(n: number): RoomPublic {
  return {
    id: `room-${n}`,
    name: `第${n}议事室`,
    scene: `ROOM${n}`,
    supportThreshold: null,
    unit: { id: `unit-${n}`, name: `第${n}社区`, kind: 'village' },
    path: [],
    conveners: [],
    members: [],
    onDutyToday: [],
  }
}

beforeEach(() => {
  resetTaroMock()
})

describe('recently opened rooms', () => {
  it('puts a reopened room back on top without listing it twice', () => {
    rememberRoom(room(1))
    rememberRoom(room(2))
    rememberRoom(room(1))
    expect(getRecentRooms().map((entry) => entry.id)).toEqual(['room-1', 'room-2'])
    expect(getRecentRooms()[0]).toMatchObject({ name: '第1议事室', unitName: '第1社区' })
  })

  it(`keeps only the ${MAX_RECENT_ROOMS} most recent rooms`, () => {
    for (let n = 1; n <= MAX_RECENT_ROOMS + 2; n += 1) rememberRoom(room(n))
    const ids = getRecentRooms().map((entry) => entry.id)
    expect(ids).toHaveLength(MAX_RECENT_ROOMS)
    expect(ids[0]).toBe(`room-${MAX_RECENT_ROOMS + 2}`)
    expect(ids).not.toContain('room-1')
  })

  it('ignores whatever else is found under its storage key', () => {
    Taro.setStorageSync(RECENT_ROOMS_STORAGE_KEY, [{ id: 1 }, 'x', null])
    expect(getRecentRooms()).toEqual([])
    Taro.setStorageSync(RECENT_ROOMS_STORAGE_KEY, 'broken')
    expect(getRecentRooms()).toEqual([])
  })
})
