/**
 * Administration of people (`user.manage`): list, read, create staff accounts, change details,
 * disable. Admin acts everywhere; office staff within the subtrees of their units (see
 * `manage-scope.ts`). Every change is audited with before/after in the same transaction;
 * `scopeUnitIds` is recomputed on every change of unit or grants.
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { hashPassword } from '../auth/password'
import { revokeUserSessions } from '../auth/sessions'
import { unitModel } from '../org/model'
import {
  assertManagesUnit,
  auditUnit,
  canSeeUser,
  managedUnitIds,
  subtreeUnitIds,
  type Actor,
} from './manage-scope'
import { userModel, type UserDoc } from './model'
import type { AdminUser, CreateUserBody, UpdateUserBody, UserListQuery } from './schema'
import { computeScopeUnitIds } from './scope'
import { isDuplicateKey } from './service'
import { toAdminUser, toAdminUsers } from './view'

export interface AdminContext {
  db: Connection
  actor: Actor
  requestId?: string
  ip?: string
}

/** Never the password hash or the lock-out counter. */
export const ADMIN_FIELDS = { failedLogins: 0 } as const

/** What the audit log keeps of a user (no secrets; `recordAudit` scrubs them again anyway). */
export function auditSnapshot(user: Partial<UserDoc>): Record<string, unknown> {
  return {
    displayName: user.displayName,
    realName: user.realName ?? null,
    phone: user.phone ?? null,
    username: user.username ?? null,
    unitId: user.unitId ? String(user.unitId) : null,
    disabled: Boolean(user.disabled),
    grants: (user.grants ?? []).map((grant) => ({
      role: grant.role,
      ...(grant.unitId ? { unitId: String(grant.unitId) } : {}),
      ...(grant.roomId ? { roomId: String(grant.roomId) } : {}),
    })),
  }
}

export async function auditUserChange(
  ctx: AdminContext,
  action: string,
  before: UserDoc | null,
  after: UserDoc,
  session?: ClientSession,
): Promise<void> {
  await recordAudit(
    ctx.db,
    {
      actorId: ctx.actor.userId,
      action,
      target: { kind: 'user', id: String(after._id) },
      unit: await auditUnit(ctx.db, after.unitId ?? before?.unitId),
      before: before ? auditSnapshot(before) : null,
      after: auditSnapshot(after),
      requestId: ctx.requestId,
      ip: ctx.ip,
    },
    session,
  )
}

/** Duplicate username / phone as the domain errors the client can show. */
export function uniqueFieldError(error: unknown): unknown {
  if (isDuplicateKey(error, 'username')) return new DomainError('USERNAME_TAKEN')
  if (isDuplicateKey(error, 'phone')) return new DomainError('PHONE_ALREADY_BOUND')
  return error
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function intersect(a: readonly Types.ObjectId[], b: readonly Types.ObjectId[]): Types.ObjectId[] {
  const keep = new Set(b.map(String))
  return a.filter((id) => keep.has(String(id)))
}

export async function listUsers(
  ctx: AdminContext,
  query: UserListQuery,
): Promise<{ items: AdminUser[]; nextCursor: string | null }> {
  const { db, actor } = ctx
  const filter: Record<string, unknown> = {}
  let within = await managedUnitIds(db, actor)
  if (query.unitId) {
    const requested = await subtreeUnitIds(db, [new Types.ObjectId(query.unitId)])
    within = within === null ? requested : intersect(within, requested)
  }
  if (within !== null) filter.scopeUnitIds = { $in: within }
  if (query.role === 'resident') filter.grants = { $size: 0 }
  else if (query.role) filter['grants.role'] = query.role
  const pattern = query.q ? new RegExp(escapeRegExp(query.q.trim()), 'i') : null
  if (pattern) {
    filter.$or = ['displayName', 'username', 'realName', 'phone'].map((field) => ({
      [field]: pattern,
    }))
  }
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) }
  const rows = await userModel(db)
    .find(filter, ADMIN_FIELDS)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<UserDoc[]>()
  const page = rows.slice(0, query.limit)
  const nextCursor = rows.length > query.limit ? String(page[page.length - 1]._id) : null
  let items = await toAdminUsers(db, actor, page)
  if (pattern) {
    // Searching by a name or number the caller may not read must not reveal who has it.
    items = items.filter(
      (item, i) =>
        !item.piiMasked || pattern.test(item.displayName) || pattern.test(page[i].username ?? ''),
    )
  }
  return { items, nextCursor }
}

async function loadUser(db: Connection, id: string): Promise<UserDoc> {
  const user = await userModel(db).findById(id, ADMIN_FIELDS).lean<UserDoc>()
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return user
}

/** The user, if the actor may see them (FORBIDDEN otherwise). */
export async function loadVisibleUser(ctx: AdminContext, id: string): Promise<UserDoc> {
  const user = await loadUser(ctx.db, id)
  if (!(await canSeeUser(ctx.db, ctx.actor, user))) {
    throw new DomainError('FORBIDDEN', '该人员不在您的管理范围内')
  }
  return user
}

export async function getUser(ctx: AdminContext, id: string): Promise<AdminUser> {
  return toAdminUser(ctx.db, ctx.actor, await loadVisibleUser(ctx, id))
}

async function assertUnitExists(db: Connection, unitId: string): Promise<void> {
  if (!(await unitModel(db).exists({ _id: unitId }))) throw new DomainError('UNIT_NOT_FOUND')
}

/** Creates a staff account (grants are added separately); office staff only inside their subtree. */
export async function createUser(ctx: AdminContext, body: CreateUserBody): Promise<AdminUser> {
  const { db, actor } = ctx
  if (body.password && !body.username) {
    throw new DomainError('VALIDATION_FAILED', '设置密码时必须同时设置登录名', [
      { field: 'body.username', message: '设置密码时必须同时设置登录名' },
    ])
  }
  if (body.unitId) await assertUnitExists(db, body.unitId)
  await assertManagesUnit(db, actor, body.unitId)
  const unitId = body.unitId ? new Types.ObjectId(body.unitId) : undefined
  const doc: Partial<UserDoc> = {
    displayName: body.displayName.trim(),
    grants: [],
    scopeUnitIds: await computeScopeUnitIds(db, { unitId, grants: [] }),
    ...(body.realName ? { realName: body.realName.trim() } : {}),
    ...(body.phone ? { phone: body.phone } : {}),
    ...(unitId ? { unitId } : {}),
    ...(body.username ? { username: body.username.toLowerCase() } : {}),
    ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}),
  }
  try {
    const created = await db.transaction(async (session) => {
      const [user] = await userModel(db).create([doc], { session })
      const plain = user.toObject() as UserDoc
      await auditUserChange(ctx, 'user.create', null, plain, session)
      return plain
    })
    return await toAdminUser(db, actor, created)
  } catch (error) {
    throw uniqueFieldError(error)
  }
}

/** Who may change a person: the manager of their home unit, or (no home unit) anyone who sees them. */
async function assertMayChange(ctx: AdminContext, user: UserDoc): Promise<void> {
  if (user.unitId) await assertManagesUnit(ctx.db, ctx.actor, String(user.unitId))
  else await loadVisibleUser(ctx, String(user._id))
}

export async function updateUser(
  ctx: AdminContext,
  id: string,
  body: UpdateUserBody,
): Promise<AdminUser> {
  const { db, actor } = ctx
  const before = await loadUser(db, id)
  await assertMayChange(ctx, before)
  if (body.disabled === true && id === actor.userId) {
    throw new DomainError('FORBIDDEN', '不能停用自己的账号')
  }
  if (body.unitId) {
    await assertUnitExists(db, body.unitId)
    await assertManagesUnit(db, actor, body.unitId)
  }
  const set: Record<string, unknown> = {}
  const unset: Record<string, 1> = {}
  if (body.displayName !== undefined) set.displayName = body.displayName.trim()
  if (body.disabled !== undefined) set.disabled = body.disabled
  for (const field of ['realName', 'phone', 'unitId'] as const) {
    const value = body[field]
    if (value === null) unset[field] = 1
    else if (value !== undefined)
      set[field] = field === 'unitId' ? new Types.ObjectId(value) : value
  }
  if (body.unitId !== undefined) {
    const unitId = body.unitId ? new Types.ObjectId(body.unitId) : undefined
    set.scopeUnitIds = await computeScopeUnitIds(db, { unitId, grants: before.grants })
  }
  try {
    const after = await db.transaction(async (session) => {
      const updated = await userModel(db)
        .findByIdAndUpdate(
          id,
          {
            ...(Object.keys(set).length ? { $set: set } : {}),
            ...(Object.keys(unset).length ? { $unset: unset } : {}),
          },
          { returnDocument: 'after', projection: ADMIN_FIELDS, session },
        )
        .lean<UserDoc>()
      if (!updated) throw new DomainError('USER_NOT_FOUND')
      await auditUserChange(ctx, 'user.update', before, updated, session)
      return updated
    })
    if (body.disabled === true) await revokeUserSessions(db, id, 'disabled')
    return await toAdminUser(db, actor, after)
  } catch (error) {
    throw uniqueFieldError(error)
  }
}
