/**
 * Which action items a caller's grants cover for a permission, as a query filter — the list form of
 * `grantCovers` in shared/domain/permissions.ts, for `access.anywhere` routes:
 *   admin → every item; a room grant (convener, attached member) → that room's items;
 *   a department officer's unit → items whose owner unit lies in that department's subtree;
 *   any other unit grant (office staff, a sector member) → items of rooms in that unit's subtree.
 */
import type { QueryFilter } from 'mongoose'
import type { Permission } from '../../../../shared/domain/permission-catalogue'
import { grantPermissions, type UserAccess } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { oid } from './load'
import type { ActionItemDoc } from './model'

export function itemScopeFilter(
  access: UserAccess,
  permission: Permission,
): QueryFilter<ActionItemDoc> {
  const rooms = new Set<string>()
  const subtrees = new Set<string>()
  const departments = new Set<string>()
  for (const grant of access.grants) {
    if (!grantPermissions(grant).includes(permission)) continue
    if (grant.role === 'admin') return {}
    if (grant.roomId !== undefined) rooms.add(grant.roomId)
    else if (grant.unitId === undefined) continue
    else if (grant.role === 'dept_officer') departments.add(grant.unitId)
    else subtrees.add(grant.unitId)
  }
  const or: Array<QueryFilter<ActionItemDoc>> = []
  if (rooms.size > 0) or.push({ roomId: { $in: [...rooms].map(oid) } })
  if (subtrees.size > 0) or.push({ unitAncestors: { $in: [...subtrees].map(oid) } })
  if (departments.size > 0) or.push({ ownerUnitPath: { $in: [...departments].map(oid) } })
  if (or.length === 0) throw new DomainError('FORBIDDEN')
  return or.length === 1 ? or[0] : { $or: or }
}
