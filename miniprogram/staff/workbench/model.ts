// Which entries the workbench offers: decided from the user's grants through the shared permission
// catalogue, so a role sees exactly the tools its permissions allow.
import type { Permission } from '@shared/domain/permission-catalogue'
import { grantPermissions } from '@shared/domain/permissions'
import type { Role } from '@shared/domain/types'
import type { MeGrant } from '@/services/session'
import { staffUrl, type RoomRef } from '@/services/staff'
import type { WorkbenchStrings } from './strings'

export interface Entry {
  key: string
  label: string
  url: string
}

export interface RoomCard {
  room: RoomRef
  roles: Role[]
  entries: Entry[]
}

export interface Workbench {
  rooms: RoomCard[]
  entries: Entry[]
}

type LabelKey = keyof WorkbenchStrings

/** Room tools, in the order of the pipeline, each behind the permission it needs. */
const ROOM_TOOLS: ReadonlyArray<{
  key: string
  permission: Permission
  label: LabelKey
  url: (roomId: string) => string
}> = [
  {
    key: 'queue',
    permission: 'topic.triage',
    label: 'queue',
    url: (roomId) => staffUrl('queue', { roomId }),
  },
  {
    key: 'moderation',
    permission: 'comment.moderate',
    label: 'moderation',
    url: (roomId) => staffUrl('moderation', { roomId }),
  },
  {
    key: 'escalations',
    permission: 'escalation.accept',
    label: 'escalations',
    url: (roomId) => staffUrl('escalations', { roomId }),
  },
  {
    key: 'schedule',
    permission: 'meeting.schedule',
    label: 'schedule',
    url: (roomId) => staffUrl('schedule', { roomId }),
  },
  {
    key: 'recommend',
    permission: 'topic.recommend',
    label: 'recommend',
    url: (roomId) =>
      `/pages/raise/index?roomId=${encodeURIComponent(roomId)}&source=member_recommended`,
  },
  {
    key: 'on-behalf',
    permission: 'topic.raise_on_behalf',
    label: 'onBehalf',
    url: (roomId) => `/pages/raise/index?roomId=${encodeURIComponent(roomId)}&source=grid_worker`,
  },
]

/** Rooms each grant covers: its own room, or (unit grants) the rooms loaded for it by grant id. */
function roomsOf(grant: MeGrant, unitRooms: ReadonlyMap<string, RoomRef[]>): RoomRef[] {
  if (grant.roomId) return [{ id: grant.roomId, name: grant.roomName ?? grant.roomId }]
  return unitRooms.get(grant.id) ?? []
}

export function buildWorkbench(
  grants: readonly MeGrant[],
  unitRooms: ReadonlyMap<string, RoomRef[]>,
  t: WorkbenchStrings,
): Workbench {
  const byRoom = new Map<string, { room: RoomRef; roles: Set<Role>; perms: Set<Permission> }>()
  const roles = new Set<Role>()
  const anywhere = new Set<Permission>()
  for (const grant of grants) {
    roles.add(grant.role)
    const perms = grantPermissions(grant)
    perms.forEach((permission) => anywhere.add(permission))
    for (const room of roomsOf(grant, unitRooms)) {
      const entry = byRoom.get(room.id) ?? { room, roles: new Set(), perms: new Set() }
      entry.roles.add(grant.role)
      perms.forEach((permission) => entry.perms.add(permission))
      byRoom.set(room.id, entry)
    }
  }

  const rooms: RoomCard[] = []
  for (const { room, roles: roomRoles, perms } of byRoom.values()) {
    const entries = ROOM_TOOLS.filter((tool) => perms.has(tool.permission)).map((tool) => ({
      key: tool.key,
      label: t[tool.label],
      url: tool.url(room.id),
    }))
    if (entries.length > 0) rooms.push({ room, roles: [...roomRoles], entries })
  }

  const entries: Entry[] = []
  const add = (key: string, label: string, page: string) => {
    if (!entries.some((entry) => entry.key === key))
      entries.push({ key, label, url: staffUrl(page) })
  }
  if (roles.has('member')) add('duty', t.duty, 'duty')
  if (roles.has('dept_officer')) add('tasks', t.tasks, 'tasks')
  if (roles.has('member') || roles.has('dept_officer')) add('meetings', t.meetings, 'meetings')
  if (anywhere.has('action.supervise')) add('supervision', t.supervision, 'supervision')
  return { rooms, entries }
}
