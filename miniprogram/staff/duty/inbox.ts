/**
 * The duty inbox of a committee member (值班委员): the rooms the member is attached to (挂钩), whether
 * they are on duty there today (GET /api/rooms/:id → onDutyToday), and per room the topics awaiting an
 * answer (being screened or researched: on duty, the member answers them) and those still collecting
 * supports (anyone may comment). The room queue (GET /api/rooms/:id/queue) needs topic.triage, which
 * members do not hold, so the inbox reads the public room feed by state.
 */
import type { TopicState } from '@shared/domain/topic-machine'
import { request } from '@/services/request'
import { fetchRoom, type RoomPublic } from '@/services/rooms'
import type { Me } from '@/services/session'
import type { TopicPage, TopicSummary } from '@/services/topic-summary'

export interface DutyRoom {
  room: RoomPublic
  onDuty: boolean
  /** Screening or researching: the four-step reply is still owed. */
  awaiting: TopicSummary[]
  /** Open: collecting supports, residents' questions to answer in the comments. */
  open: TopicSummary[]
}

const AWAITING: TopicState[] = ['screening', 'researching']
const PER_STATE = 20

/** Rooms the member is attached to (member grants with a room), each once. */
export function attachedRoomIds(me: Me): string[] {
  const ids = me.grants
    .filter((grant) => grant.role === 'member' && grant.roomId)
    .map((grant) => grant.roomId as string)
  return [...new Set(ids)]
}

function roomTopics(roomId: string, state: TopicState): Promise<TopicPage> {
  return request<TopicPage>(
    `/api/rooms/${encodeURIComponent(roomId)}/topics?sort=new&state=${state}&limit=${PER_STATE}`,
  )
}

async function loadRoom(me: Me, roomId: string): Promise<DutyRoom> {
  const [room, ...pages] = await Promise.all([
    fetchRoom(roomId),
    ...AWAITING.map((state) => roomTopics(roomId, state)),
    roomTopics(roomId, 'open'),
  ])
  const open = pages.pop()?.items ?? []
  const awaiting = pages
    .flatMap((page) => page.items)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  return {
    room,
    onDuty: room.onDutyToday.some((person) => person.id === me.id),
    awaiting,
    open,
  }
}

/** Rooms where the member is on duty today first, then by name. */
export async function loadDutyInbox(me: Me): Promise<DutyRoom[]> {
  const rooms = await Promise.all(attachedRoomIds(me).map((id) => loadRoom(me, id)))
  return rooms.sort(
    (a, b) => Number(b.onDuty) - Number(a.onDuty) || a.room.name.localeCompare(b.room.name, 'zh'),
  )
}

export function raiseAsMemberUrl(roomId: string): string {
  return `/pages/raise/index?roomId=${encodeURIComponent(roomId)}&source=member_recommended`
}

export function roomPageUrl(roomId: string): string {
  return `/pages/room/index?id=${encodeURIComponent(roomId)}`
}
