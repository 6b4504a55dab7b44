/**
 * What the caller may do on one action item, from the same guards the service applies
 * (`canUpdateActionItem`, `canSuperviseActionItem`) run on the signed-in user's grants and the room's
 * unit chain (GET /api/rooms/:id). The service has the last word; this only decides which forms to show.
 */
import { canSuperviseActionItem, canUpdateActionItem } from '@shared/domain/follow-up-guards'
import { can, type RoleGrant, type UserAccess } from '@shared/domain/permissions'
import type { GuardContext, TopicFacts } from '@shared/domain/topic-rules'
import { UnitTree, type UnitNode } from '@shared/domain/unit-tree'
import type { ActionItemDetail } from '@/services/action-items'
import type { RoomPublic } from '@/services/rooms'
import type { Me } from '@/services/session'

export interface TaskAbilities {
  /** Report progress (the owner unit's officers, or room staff on their behalf). */
  report: boolean
  /** Add a supervision note (any time, also after the item is done). */
  note: boolean
  /** 催办: only while the topic is being carried out and the item is open. */
  remind: boolean
}

const NOTHING: TaskAbilities = { report: false, note: false, remind: false }

/** The room's chain from the top down, plus the owner unit (whose own parents we do not know). */
function unitTree(item: ActionItemDetail, room: RoomPublic | undefined): UnitTree {
  const nodes: UnitNode[] = []
  const chain = room ? (room.path.length > 0 ? room.path : [room.unit]) : []
  chain.forEach((unit, index) => {
    nodes.push({ id: unit.id, kind: unit.kind, parentId: index > 0 ? chain[index - 1].id : null })
  })
  if (!nodes.some((node) => node.id === item.ownerUnit.id)) {
    nodes.push({ id: item.ownerUnit.id, kind: 'department', parentId: null })
  }
  return new UnitTree(nodes)
}

export function taskAbilities(
  item: ActionItemDetail,
  me: Me | undefined,
  room: RoomPublic | undefined,
  now: Date,
): TaskAbilities {
  if (!me) return NOTHING
  const grants: RoleGrant[] = me.grants.map(({ role, unitId, roomId }) => ({
    role,
    unitId,
    roomId,
  }))
  const user: UserAccess = { userId: me.id, grants }
  const units = unitTree(item, room)
  const topic: TopicFacts = {
    state: item.topic.state,
    authorId: '',
    roomId: item.roomId,
    unitId: room?.unit.id ?? '',
    createdAt: new Date(0),
  }
  const facts = { status: item.status, departmentUnitId: item.ownerUnit.id }
  const ctx: GuardContext = { user, units, now }
  const supervises = can(
    user,
    'action.supervise',
    { roomId: item.roomId, unitId: topic.unitId },
    units,
  )
  // The service let us read the item, so we may supervise it or update it. A department officer who
  // cannot supervise it updates it (their department may sit above the owner unit, which we cannot
  // see from here).
  const readsAsOfficer = !supervises && grants.some((grant) => grant.role === 'dept_officer')
  const update = canUpdateActionItem(facts, topic, ctx)
  const report = update.ok || (readsAsOfficer && !update.ok && update.code === 'FORBIDDEN')
  return {
    report,
    note: supervises,
    remind: canSuperviseActionItem(facts, topic, ctx).ok,
  }
}
