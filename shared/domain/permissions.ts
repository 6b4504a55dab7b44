/**
 * Role permissions scoped to rooms and the unit tree. A user carries role grants such as
 * `{ role: 'convener', roomId }` or `{ role: 'office_staff', unitId }`; `can()` asks whether any grant
 * both holds the permission and covers the resource. The service calls it on every route; the mini
 * program calls it (through the guards) to decide which buttons to show, so both agree by construction.
 *
 * Scope rules:
 * - resident permissions: every signed-in user, everywhere (ownership is the guards' business);
 * - admin: everything, everywhere;
 * - a grant with `roomId` (convener, attached member): that room only;
 * - a grant with `unitId`: the resource's unit lies in that unit's subtree (office staff of a town see
 *   its villages' rooms; a member attached to a sector sees that sector's rooms; a grid worker their grid);
 * - department officers: the resource's `departmentUnitId` (the department an item is assigned to)
 *   lies in their department's subtree, whatever room the item came from;
 * - a grant with neither scope covers nothing, so a half-configured grant fails closed.
 */
import { PERMISSION_LABELS } from './labels'
import {
  DUTY_PERMISSIONS,
  type Permission,
  RESIDENT_PERMISSIONS,
  ROLE_PERMISSIONS,
} from './permission-catalogue'
import type { Role } from './types'
import type { UnitTree } from './unit-tree'
import { ALLOW, deny, type Verdict } from './verdict'

export interface RoleGrant {
  role: Exclude<Role, 'resident'>
  unitId?: string
  roomId?: string
  /** Members only: resolved by the service from the duty roster at request time (值班). */
  onDuty?: boolean
}

export interface UserAccess {
  userId: string
  grants: readonly RoleGrant[]
}

/** Where a resource sits. Pass what applies; an absent field never matches a scoped grant. */
export interface ResourceScope {
  /** The room the resource belongs to (topic, meeting, comment, action item). */
  roomId?: string
  /** The unit the room belongs to, or the unit itself for unit/user administration. */
  unitId?: string
  /** For action items and micro-suggestions: the department the work is assigned to. */
  departmentUnitId?: string
}

/** Permissions one grant confers, before scope. */
export function grantPermissions(grant: RoleGrant): readonly Permission[] {
  const base = ROLE_PERMISSIONS[grant.role]
  if (grant.role === 'member' && grant.onDuty) return [...base, ...DUTY_PERMISSIONS]
  return base
}

/** Whether the grant's scope covers the resource. */
export function grantCovers(grant: RoleGrant, resource: ResourceScope, units: UnitTree): boolean {
  if (grant.role === 'admin') return true
  if (grant.roomId !== undefined) return resource.roomId === grant.roomId
  if (grant.unitId === undefined) return false
  const target = grant.role === 'dept_officer' ? resource.departmentUnitId : resource.unitId
  return target !== undefined && units.isWithin(target, grant.unitId)
}

/** True when the user may exercise `permission` on the resource. */
export function can(
  user: UserAccess,
  permission: Permission,
  resource: ResourceScope,
  units: UnitTree,
): boolean {
  if (RESIDENT_PERMISSIONS.includes(permission)) return true
  return user.grants.some(
    (grant) => grantPermissions(grant).includes(permission) && grantCovers(grant, resource, units),
  )
}

/** `can()` as a Verdict with a Chinese reason naming the missing permission. */
export function authorize(
  user: UserAccess,
  permission: Permission,
  resource: ResourceScope,
  units: UnitTree,
): Verdict {
  if (can(user, permission, resource, units)) return ALLOW
  return deny('FORBIDDEN', `没有在此范围内“${PERMISSION_LABELS[permission]}”的权限`)
}

/** Every permission the user holds on the resource, e.g. for one round-trip from the mini program. */
export function permissionsOn(
  user: UserAccess,
  resource: ResourceScope,
  units: UnitTree,
): Set<Permission> {
  const result = new Set<Permission>(RESIDENT_PERMISSIONS)
  for (const grant of user.grants) {
    if (!grantCovers(grant, resource, units)) continue
    for (const permission of grantPermissions(grant)) result.add(permission)
  }
  return result
}

/** Whether the user is staff anywhere (holds any grant); used to pick staff vs resident home pages. */
export function isStaff(user: UserAccess): boolean {
  return user.grants.length > 0
}
