/**
 * Where an administrator may manage people (`user.manage`): admin everywhere; office staff in the
 * subtree of each unit they hold an office_staff grant for. The permission rules themselves come
 * from `shared/domain/permissions.ts` (the same `can()` the auth plugin and the mini program use);
 * this file only loads the unit tree they need and expands subtrees for list queries.
 */
import { Types, type Connection } from 'mongoose'
import { can, grantPermissions, type UserAccess } from '../../../../shared/domain/permissions'
import type { Permission } from '../../../../shared/domain/permission-catalogue'
import { DomainError } from '../../../../shared/errors'
import { roomModel, unitModel } from '../org/model'
import { unitTreeFor } from '../org/unit-scope'
import type { UserDoc } from './model'

/** Who is acting: the signed-in user's id and grants (`request.auth.access`). */
export type Actor = UserAccess

export function isAdmin(actor: Actor): boolean {
  return actor.grants.some((grant) => grant.role === 'admin')
}

/** Whether the actor holds `permission` on each of the given units (one tree load for all). */
export async function holdsOnUnits(
  db: Connection,
  actor: Actor,
  permission: Permission,
  unitIds: readonly string[],
): Promise<boolean[]> {
  const grantUnits = actor.grants.flatMap((grant) => (grant.unitId ? [grant.unitId] : []))
  const tree = await unitTreeFor(db, [...unitIds, ...grantUnits])
  return unitIds.map((unitId) => can(actor, permission, { unitId }, tree))
}

export async function canManageUnit(
  db: Connection,
  actor: Actor,
  unitId: string | undefined | null,
): Promise<boolean> {
  if (isAdmin(actor)) return true
  if (!unitId) return false
  const [ok] = await holdsOnUnits(db, actor, 'user.manage', [unitId])
  return ok
}

/** FORBIDDEN unless the actor may manage people of `unitId` (no unit: admin only). */
export async function assertManagesUnit(
  db: Connection,
  actor: Actor,
  unitId: string | undefined | null,
): Promise<void> {
  if (!(await canManageUnit(db, actor, unitId))) {
    throw new DomainError('FORBIDDEN', '只能管理本单位及下级单位的人员')
  }
}

/**
 * Whether the actor sees this person in the administration pages: admin always; office staff
 * when one of the person's units (home unit, granted units, units of granted rooms) lies in
 * their subtree.
 */
export async function canSeeUser(
  db: Connection,
  actor: Actor,
  user: Pick<UserDoc, 'scopeUnitIds'>,
): Promise<boolean> {
  if (isAdmin(actor)) return true
  const ids = user.scopeUnitIds.map(String)
  if (ids.length === 0) return false
  return (await holdsOnUnits(db, actor, 'user.manage', ids)).some(Boolean)
}

/**
 * The units whose people the actor may list, or `null` for "everywhere" (admin): every unit in
 * the subtree of a unit-scoped grant that confers `user.manage`.
 */
export async function managedUnitIds(
  db: Connection,
  actor: Actor,
): Promise<Types.ObjectId[] | null> {
  if (isAdmin(actor)) return null
  const roots = actor.grants
    .filter((grant) => grant.unitId && grantPermissions(grant).includes('user.manage'))
    .map((grant) => new Types.ObjectId(grant.unitId))
  if (roots.length === 0) return []
  return subtreeUnitIds(db, roots)
}

/** The units themselves and every unit below them. */
export async function subtreeUnitIds(
  db: Connection,
  roots: readonly Types.ObjectId[],
): Promise<Types.ObjectId[]> {
  const units = await unitModel(db)
    .find({ $or: [{ _id: { $in: roots } }, { ancestors: { $in: roots } }] }, { _id: 1 })
    .lean()
  return units.map((unit) => unit._id)
}

/** The unit and its ancestors, for the audit log's subtree reads; null when there is no unit. */
export async function auditUnit(
  db: Connection,
  unitId: Types.ObjectId | string | undefined | null,
): Promise<{ id: string; ancestors: string[] } | null> {
  if (!unitId) return null
  const unit = await unitModel(db).findById(unitId, { ancestors: 1 }).lean()
  if (!unit) return null
  return { id: String(unit._id), ancestors: unit.ancestors.map(String) }
}

/** The unit a room belongs to, or ROOM_NOT_FOUND. */
export async function roomUnitId(db: Connection, roomId: string): Promise<string> {
  const room = await roomModel(db).findById(roomId, { unitId: 1 }).lean()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return String(room.unitId)
}
