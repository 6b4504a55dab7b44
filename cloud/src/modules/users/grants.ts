/**
 * Granting and revoking roles. A grant must have the scope its role works in (conveners a room,
 * members a room or a sector unit, office staff / department officers / grid workers a unit, admin
 * none), else GRANT_INVALID. The actor must hold `user.manage` over that scope (the unit, or the
 * room's unit), so office staff cannot hand out roles outside their subtree; only admin grants or
 * revokes admin. Audited with before/after; `scopeUnitIds` recomputed.
 */
import { Types } from 'mongoose'
import type { Role } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { roomModel, unitModel } from '../org/model'
import { ADMIN_FIELDS, auditUserChange, type AdminContext } from './admin-service'
import { assertManagesUnit, isAdmin, roomUnitId } from './manage-scope'
import { userModel, type GrantDoc, type UserDoc } from './model'
import type { AddGrantBody, AdminUser } from './schema'
import { computeScopeUnitIds } from './scope'
import { toAdminUser } from './view'

type GrantRole = Exclude<Role, 'resident'>

/** Which scope each role's grant needs. */
export const GRANT_SCOPES: Record<GrantRole, ReadonlyArray<'unit' | 'room'>> = {
  grid_worker: ['unit'],
  member: ['room', 'unit'],
  convener: ['room'],
  dept_officer: ['unit'],
  office_staff: ['unit'],
  admin: [],
}

/** Why a grant shape is invalid (Chinese), or null when it is fine. */
export function grantShapeProblem(
  role: GrantRole,
  scope: { unitId?: unknown; roomId?: unknown },
): string | null {
  const allowed = GRANT_SCOPES[role]
  if (scope.unitId && scope.roomId) return '授权只能指定单位或议事室之一'
  if (allowed.length === 0) {
    return scope.unitId || scope.roomId ? '系统管理员授权不需要指定单位或议事室' : null
  }
  if (scope.roomId && allowed.includes('room')) return null
  if (scope.unitId && allowed.includes('unit')) return null
  if (role === 'convener') return '召集人授权需要指定议事室'
  if (role === 'member') return '政协委员授权需要指定挂钩的议事室或界别'
  return '该角色授权需要指定所属单位'
}

function sameGrant(grant: GrantDoc, body: AddGrantBody): boolean {
  return (
    grant.role === body.role &&
    (grant.unitId ? String(grant.unitId) : undefined) === body.unitId &&
    (grant.roomId ? String(grant.roomId) : undefined) === body.roomId
  )
}

async function loadUser(ctx: AdminContext, id: string): Promise<UserDoc> {
  const user = await userModel(ctx.db).findById(id, ADMIN_FIELDS).lean<UserDoc>()
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return user
}

/** FORBIDDEN unless the actor may grant/revoke this role in this scope. */
async function assertMayGrant(
  ctx: AdminContext,
  role: GrantRole,
  scope: { unitId?: string; roomId?: string },
): Promise<void> {
  if (role === 'admin') {
    if (!isAdmin(ctx.actor))
      throw new DomainError('FORBIDDEN', '只有系统管理员可以授予或撤销管理员')
    return
  }
  const unitId = scope.roomId ? await roomUnitId(ctx.db, scope.roomId) : scope.unitId
  await assertManagesUnit(ctx.db, ctx.actor, unitId)
}

async function saveGrants(
  ctx: AdminContext,
  before: UserDoc,
  grants: GrantDoc[],
  action: string,
): Promise<AdminUser> {
  const { db } = ctx
  const scopeUnitIds = await computeScopeUnitIds(db, { unitId: before.unitId, grants })
  const after = await db.transaction(async (session) => {
    const updated = await userModel(db)
      .findOneAndUpdate(
        // Conditioned on the grants read, so two concurrent edits cannot lose one another.
        {
          _id: before._id,
          grants: { $size: before.grants.length },
          ...(before.grants.length > 0
            ? { 'grants._id': { $all: before.grants.map((g) => g._id) } }
            : {}),
        },
        { $set: { grants, scopeUnitIds } },
        { returnDocument: 'after', projection: ADMIN_FIELDS, session },
      )
      .lean<UserDoc>()
    if (!updated) throw new DomainError('CONFLICT')
    await auditUserChange(ctx, action, before, updated, session)
    return updated
  })
  return toAdminUser(db, ctx.actor, after)
}

export async function addGrant(
  ctx: AdminContext,
  userId: string,
  body: AddGrantBody,
): Promise<AdminUser> {
  const problem = grantShapeProblem(body.role, body)
  if (problem) throw new DomainError('GRANT_INVALID', problem)
  if (body.unitId && !(await unitModel(ctx.db).exists({ _id: body.unitId }))) {
    throw new DomainError('UNIT_NOT_FOUND')
  }
  if (body.roomId && !(await roomModel(ctx.db).exists({ _id: body.roomId }))) {
    throw new DomainError('ROOM_NOT_FOUND')
  }
  await assertMayGrant(ctx, body.role, body)
  const before = await loadUser(ctx, userId)
  if (before.grants.some((grant) => sameGrant(grant, body))) {
    return toAdminUser(ctx.db, ctx.actor, before) // already held: nothing to change
  }
  const grant: GrantDoc = {
    _id: new Types.ObjectId(),
    role: body.role,
    grantedAt: new Date(),
    grantedBy: new Types.ObjectId(ctx.actor.userId),
    ...(body.unitId ? { unitId: new Types.ObjectId(body.unitId) } : {}),
    ...(body.roomId ? { roomId: new Types.ObjectId(body.roomId) } : {}),
  }
  return saveGrants(ctx, before, [...before.grants, grant], 'user.grant')
}

export async function removeGrant(
  ctx: AdminContext,
  userId: string,
  grantId: string,
): Promise<AdminUser> {
  const before = await loadUser(ctx, userId)
  const grant = before.grants.find((g) => String(g._id) === grantId)
  if (!grant) throw new DomainError('GRANT_NOT_FOUND')
  if (grant.role === 'admin' && userId === ctx.actor.userId) {
    throw new DomainError('FORBIDDEN', '不能撤销自己的系统管理员权限')
  }
  const scope = {
    ...(grant.unitId ? { unitId: String(grant.unitId) } : {}),
    ...(grant.roomId ? { roomId: String(grant.roomId) } : {}),
  }
  const danglingRoom = grant.roomId && !(await roomModel(ctx.db).exists({ _id: grant.roomId }))
  if (!danglingRoom) await assertMayGrant(ctx, grant.role, scope)
  else if (!isAdmin(ctx.actor)) throw new DomainError('FORBIDDEN') // only admin cleans those up
  return saveGrants(
    ctx,
    before,
    before.grants.filter((g) => String(g._id) !== grantId),
    'user.revoke_grant',
  )
}
