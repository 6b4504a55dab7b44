/**
 * Test identities without going through a login endpoint: insert a user with the grants a test
 * needs and mint a real session + access token for them (the same code path the login service uses
 * to sign), so route tests of any module can act as any role. The login flow itself is tested in
 * `test/cloud/modules/auth/`.
 */
import { Types } from 'mongoose'
import type { App } from '../../cloud/src/app'
import { signAccessToken } from '../../cloud/src/modules/auth/access-token'
import { sessionModel } from '../../cloud/src/modules/auth/model'
import { unitModel, roomModel } from '../../cloud/src/modules/org/model'
import { userModel, type GrantDoc } from '../../cloud/src/modules/users/model'
import { computeScopeUnitIds } from '../../cloud/src/modules/users/scope'
import type { RoleGrant } from '../../shared/domain/permissions'
import type { UnitKind } from '../../shared/domain/types'

export interface TestUser {
  id: string
  token: string
  headers: { authorization: string }
}

export interface CreateUserOptions {
  displayName?: string
  realName?: string
  phone?: string
  openid?: string
  unitId?: string
  grants?: RoleGrant[]
}

let serial = 0

export async function createTestUser(app: App, options: CreateUserOptions = {}): Promise<TestUser> {
  serial += 1
  const grants = (options.grants ?? []).map(
    (grant) =>
      ({
        _id: new Types.ObjectId(),
        role: grant.role,
        unitId: grant.unitId ? new Types.ObjectId(grant.unitId) : undefined,
        roomId: grant.roomId ? new Types.ObjectId(grant.roomId) : undefined,
        grantedAt: new Date(),
      }) as GrantDoc,
  )
  const unitId = options.unitId ? new Types.ObjectId(options.unitId) : undefined
  const scopeUnitIds = await computeScopeUnitIds(app.db, { unitId, grants })
  const user = await userModel(app.db).create({
    displayName: options.displayName ?? `测试用户${serial}`,
    realName: options.realName,
    phone: options.phone,
    openid: options.openid,
    unitId,
    grants,
    scopeUnitIds,
  })
  const token = await tokenFor(app, String(user._id))
  return { id: String(user._id), token, headers: { authorization: `Bearer ${token}` } }
}

/** A fresh session for an existing user and its access token. */
export async function tokenFor(app: App, userId: string): Promise<string> {
  const now = new Date()
  const session = await sessionModel(app.db).create({
    userId: new Types.ObjectId(userId),
    tokenHash: `test-${new Types.ObjectId().toHexString()}`,
    method: 'test',
    createdAt: now,
    rotatedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
  })
  return signAccessToken(app.config.jwt.accessSecret, { sub: userId, fam: String(session._id) })
}

export interface TestUnit {
  id: string
  ancestors: string[]
}

/** Inserts a unit under `parent` (or a root), keeping `ancestors` as the org service does. */
export async function createTestUnit(
  app: App,
  name: string,
  kind: UnitKind,
  parent?: TestUnit,
): Promise<TestUnit> {
  serial += 1
  const ancestors = parent ? [...parent.ancestors, parent.id] : []
  const unit = await unitModel(app.db).create({
    name,
    kind,
    parentId: parent ? new Types.ObjectId(parent.id) : null,
    ancestors: ancestors.map((id) => new Types.ObjectId(id)),
    code: `T${process.pid}-${serial}`,
  })
  return { id: String(unit._id), ancestors }
}

export async function createTestRoom(
  app: App,
  name: string,
  unit: TestUnit,
  extra: { scene?: string; duty?: Array<{ userId: string; weekday: number }> } = {},
): Promise<{ id: string; scene: string }> {
  serial += 1
  const scene = extra.scene ?? `R${process.pid % 10000}x${serial}`
  const room = await roomModel(app.db).create({
    name,
    unitId: new Types.ObjectId(unit.id),
    unitAncestors: [...unit.ancestors, unit.id].map((id) => new Types.ObjectId(id)),
    scene,
    duty: (extra.duty ?? []).map((slot) => ({
      userId: new Types.ObjectId(slot.userId),
      weekday: slot.weekday,
    })),
  })
  return { id: String(room._id), scene }
}
