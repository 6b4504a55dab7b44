import Taro from '@tarojs/taro'
import { ROLE_LABELS } from '@shared/domain/labels'
import type { RoomPublic } from './rooms'
import { roomPageUrl, ROOM_PAGE } from './scene'
import type { Me } from './session'

/** Rooms this device opened, newest first; kept on the device only (no account needed). */
export const RECENT_ROOMS_STORAGE_KEY = 'shangliang.recentRooms'
export const MAX_RECENT_ROOMS = 10

export interface RecentRoom {
  id: string
  name: string
  scene: string
  unitName: string
  /** ISO time of the last opening. */
  openedAt: string
}

function isRecentRoom(value: unknown): value is RecentRoom {
  if (typeof value !== 'object' || value === null) return false
  const room = value as Partial<RecentRoom>
  return (
    typeof room.id === 'string' &&
    typeof room.name === 'string' &&
    typeof room.scene === 'string' &&
    typeof room.openedAt === 'string'
  )
}

export function getRecentRooms(): RecentRoom[] {
  const stored: unknown = Taro.getStorageSync(RECENT_ROOMS_STORAGE_KEY)
  if (!Array.isArray(stored)) return []
  return stored.filter(isRecentRoom).map((room) => ({ ...room, unitName: room.unitName ?? '' }))
}

/** Puts the room at the top of the list (called when the room page has loaded it). */
export function rememberRoom(room: RoomPublic, now = new Date()): RecentRoom[] {
  const entry: RecentRoom = {
    id: room.id,
    name: room.name,
    scene: room.scene,
    unitName: room.unit.name,
    openedAt: now.toISOString(),
  }
  const rest = getRecentRooms().filter((other) => other.id !== room.id)
  const next = [entry, ...rest].slice(0, MAX_RECENT_ROOMS)
  Taro.setStorageSync(RECENT_ROOMS_STORAGE_KEY, next)
  return next
}

/** A room on the home page: opened before on this device, and/or one the user works in. */
export interface MyRoom {
  id: string
  name: string
  /** Where the room is (recent rooms) or the user's role there (grants), for the second line. */
  note: string
  url: string
}

function roomUrlById(id: string): string {
  return `${ROOM_PAGE}?id=${encodeURIComponent(id)}`
}

/**
 * The user's rooms, most recently opened first, then the rooms of their staff grants (convener,
 * attached member…) not opened yet. A room appears once; a grant adds the role to its note.
 */
export function myRooms(recent: RecentRoom[], user: Me | undefined): MyRoom[] {
  const roles = new Map<string, string[]>()
  const grantNames = new Map<string, string>()
  for (const grant of user?.grants ?? []) {
    if (!grant.roomId) continue
    roles.set(grant.roomId, [...(roles.get(grant.roomId) ?? []), ROLE_LABELS[grant.role]])
    if (grant.roomName) grantNames.set(grant.roomId, grant.roomName)
  }
  const rooms: MyRoom[] = recent.map((room) => ({
    id: room.id,
    name: room.name,
    note: [room.unitName, ...(roles.get(room.id) ?? [])].filter(Boolean).join(' · '),
    url: roomPageUrl(room.scene),
  }))
  const seen = new Set(rooms.map((room) => room.id))
  for (const [roomId, roleNames] of roles) {
    if (seen.has(roomId)) continue
    seen.add(roomId)
    rooms.push({
      id: roomId,
      name: grantNames.get(roomId) ?? '议事室',
      note: roleNames.join(' · '),
      url: roomUrlById(roomId),
    })
  }
  return rooms
}
