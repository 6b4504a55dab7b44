/**
 * Which part of the unit tree a caller may act on with a permission, for `access.anywhere` routes
 * whose service filters by scope (unit lists, CSV imports, the audit log): `null` = everywhere
 * (admin), otherwise the ids of the subtrees' roots (e.g. office staff's granted units). Room-scoped
 * grants (conveners) cover no unit subtree, so they add nothing.
 */
import type { Permission } from '../../../../shared/domain/permission-catalogue'
import { grantPermissions, type UserAccess } from '../../../../shared/domain/permissions'

export type UnitScope = readonly string[] | null

export function unitScopeFor(access: UserAccess, permission: Permission): UnitScope {
  const ids = new Set<string>()
  for (const grant of access.grants) {
    if (!grantPermissions(grant).includes(permission)) continue
    if (grant.role === 'admin') return null
    if (grant.unitId && !grant.roomId) ids.add(grant.unitId)
  }
  return [...ids]
}

/** Whether a unit (its id and ancestors) lies inside the scope. */
export function unitInScope(
  scope: UnitScope,
  unit: { id: string; ancestors: readonly string[] },
): boolean {
  if (scope === null) return true
  return scope.includes(unit.id) || unit.ancestors.some((id) => scope.includes(id))
}
