import type { UnitKind } from '@shared/domain/types'
import { request } from './request'

export interface UnitRef {
  id: string
  name: string
  kind: UnitKind
}

export interface PersonRef {
  id: string
  displayName: string
}

/** A room as anyone who scans its code sees it (GET /api/rooms/by-scene/:scene, /api/rooms/:id). */
export interface RoomPublic {
  id: string
  name: string
  scene: string
  address?: string
  description?: string
  supportThreshold: number | null
  /** Stopped rooms still open from old codes, but take no new topics. */
  archived?: boolean
  unit: UnitRef
  /** From the top of the hierarchy down to the room's unit. */
  path: UnitRef[]
  conveners: PersonRef[]
  members: PersonRef[]
  onDutyToday: PersonRef[]
}

export interface RoomListItem {
  id: string
  name: string
  scene: string
  unit: UnitRef
}

export interface RoomPage {
  items: RoomListItem[]
  nextCursor: string | null
}

// Public reads: no token is sent, so an expired login never gets in the way of opening a room.
export function fetchRoomByScene(scene: string): Promise<RoomPublic> {
  return request<RoomPublic>(`/api/rooms/by-scene/${encodeURIComponent(scene)}`, { auth: false })
}

export function fetchRoom(id: string): Promise<RoomPublic> {
  return request<RoomPublic>(`/api/rooms/${encodeURIComponent(id)}`, { auth: false })
}

export function listRooms(cursor?: string | null): Promise<RoomPage> {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
  return request<RoomPage>(`/api/rooms${query}`, { auth: false })
}
