/**
 * Authentication and the enforcement of each route's declared access (`route-access.ts`):
 *   onRequest  — a Bearer access token is verified (HS256 pinned) and its user and session loaded;
 *                a bad token on a non-public route is a 401 with a specific code (TOKEN_EXPIRED tells
 *                the client to refresh), on a public route it is ignored;
 *   preHandler — after validation, the declared permission is checked against the user's grants in
 *                the resource's scope (`shared/domain/permissions.ts`, the same rules the mini program uses).
 * Grants are read from the database on every request, so a revoked role takes effect at once.
 */
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Types } from 'mongoose'
import { RESIDENT_PERMISSIONS, type Permission } from '../../../shared/domain/permission-catalogue'
import {
  authorize,
  grantPermissions,
  type ResourceScope,
  type RoleGrant,
  type UserAccess,
} from '../../../shared/domain/permissions'
import type { GuardContext } from '../../../shared/domain/topic-rules'
import type { Verdict } from '../../../shared/domain/verdict'
import { DomainError } from '../../../shared/errors'
import type { Config } from '../config'
import { verifyAccessToken } from '../modules/auth/access-token'
import { sessionModel } from '../modules/auth/model'
import { roomModel } from '../modules/org/model'
import { unitRowsOf, unitTreeWith } from '../modules/org/unit-scope'
import { userModel, type UserDoc } from '../modules/users/model'
import { batchedLookup } from './batched-lookup'
import type { Access } from './route-access'

/** The user as routes see it: never the password hash. */
export type AuthUser = Omit<UserDoc, 'passwordHash' | 'failedLogins'>

export interface Auth {
  userId: string
  familyId: string
  user: AuthUser
  access: UserAccess
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null
    /** The scope resolved for a scoped route (so handlers need not look it up twice). */
    resourceScope: ResourceScope | null
  }
  interface FastifyInstance {
    authz: {
      /** Whether `auth` holds `permission` on `scope` (duty rota and unit tree resolved here). */
      can(auth: Auth | null, permission: Permission, scope: ResourceScope): Promise<boolean>
      /** The signed-in user, or UNAUTHENTICATED. */
      requireAuth(request: FastifyRequest): Auth
      /**
       * What the shared guards need to judge `auth` on a resource in `scope`: their grants (with
       * the duty rota resolved for that room) and the unit tree around the scope and the grants.
       */
      guardContext(auth: Auth, scope: ResourceScope, now?: Date): Promise<GuardContext>
    }
  }
}

export function toRoleGrants(user: Pick<UserDoc, 'grants'>): RoleGrant[] {
  return user.grants.map((grant) => {
    const out: RoleGrant = { role: grant.role }
    if (grant.unitId) out.unitId = String(grant.unitId)
    if (grant.roomId) out.roomId = String(grant.roomId)
    return out
  })
}

/** ISO weekday (1 = Monday … 7 = Sunday) in Beijing time, where the duty rota is kept. */
export function beijingWeekday(now: Date): number {
  const day = new Date(now.getTime() + 8 * 3600_000).getUTCDay()
  return day === 0 ? 7 : day
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match ? match[1] : null
}

const RESIDENT_PERMISSIONS_SET: ReadonlySet<Permission> = new Set(RESIDENT_PERMISSIONS)

function declared(request: FastifyRequest): Access | undefined {
  return (request.routeOptions.config as { access?: Access } | undefined)?.access
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const Users = userModel(app.db)
    const Sessions = sessionModel(app.db)
    const Rooms = roomModel(app.db)
    // Concurrent requests share their reads (one `$in` query per collection instead of one per
    // request); each request's read still starts after it arrived, so nothing goes stale.
    const usersById = batchedLookup(
      (ids) =>
        Users.find({ _id: { $in: ids } }, { passwordHash: 0, failedLogins: 0 }).lean<AuthUser[]>(),
      (user) => String(user._id),
    )
    const sessionsById = batchedLookup(
      (ids) =>
        Sessions.find({ _id: { $in: ids } }, { revokedAt: 1, userId: 1 }).lean<
          Array<{ _id: unknown; revokedAt?: Date | null; userId: unknown }>
        >(),
      (session) => String(session._id),
    )
    const unitRows = unitRowsOf(app.db)

    async function authenticate(token: string): Promise<Auth> {
      const claims = verifyAccessToken(config.jwt.accessSecret, token)
      if (!Types.ObjectId.isValid(claims.sub) || !Types.ObjectId.isValid(claims.fam)) {
        throw new DomainError('TOKEN_INVALID')
      }
      const userKey = new Types.ObjectId(claims.sub).toHexString()
      const sessionKey = new Types.ObjectId(claims.fam).toHexString()
      const [users, sessions] = await Promise.all([
        usersById([userKey]),
        sessionsById([sessionKey]),
      ])
      const user = users.get(userKey)
      const session = sessions.get(sessionKey)
      if (!user || !session || String(session.userId) !== claims.sub) {
        throw new DomainError('TOKEN_INVALID')
      }
      if (session.revokedAt) throw new DomainError('SESSION_REVOKED')
      if (user.disabled) throw new DomainError('ACCOUNT_DISABLED')
      return {
        userId: claims.sub,
        familyId: claims.fam,
        user,
        access: { userId: claims.sub, grants: toRoleGrants(user) },
      }
    }

    /** Marks member grants for the resource's room as on duty when today is on the room's rota. */
    async function withDuty(access: UserAccess, scope: ResourceScope): Promise<UserAccess> {
      const { roomId } = scope
      if (!roomId || !Types.ObjectId.isValid(roomId)) return access
      const memberHere = access.grants.some((g) => g.role === 'member' && g.roomId === roomId)
      if (!memberHere) return access
      const room = await Rooms.findById(roomId, { duty: 1 }).lean()
      const today = beijingWeekday(new Date())
      const onDuty = (room?.duty ?? []).some(
        (slot) => String(slot.userId) === access.userId && slot.weekday === today,
      )
      if (!onDuty) return access
      return {
        ...access,
        grants: access.grants.map((g) =>
          g.role === 'member' && g.roomId === roomId ? { ...g, onDuty: true } : g,
        ),
      }
    }

    async function guardContext(
      auth: Auth,
      scope: ResourceScope,
      now = new Date(),
    ): Promise<GuardContext> {
      const user = await withDuty(auth.access, scope)
      const unitIds = [scope.unitId, scope.departmentUnitId, ...user.grants.map((g) => g.unitId)]
      const units = await unitTreeWith(
        unitRows,
        unitIds.filter((id): id is string => typeof id === 'string'),
      )
      return { user, units, now }
    }

    async function check(
      auth: Auth,
      permission: Permission,
      scope: ResourceScope,
    ): Promise<Verdict> {
      if (RESIDENT_PERMISSIONS_SET.has(permission)) return { ok: true }
      const ctx = await guardContext(auth, scope)
      return authorize(ctx.user, permission, scope, ctx.units)
    }

    async function can(auth: Auth | null, permission: Permission, scope: ResourceScope) {
      return auth !== null && (await check(auth, permission, scope)).ok
    }

    function requireAuth(request: FastifyRequest): Auth {
      if (!request.auth) throw new DomainError('UNAUTHENTICATED')
      return request.auth
    }

    app.decorate('authz', { can, requireAuth, guardContext })
    app.decorateRequest('auth', null)
    app.decorateRequest('resourceScope', null)

    app.addHook('onRequest', async (request) => {
      const rule = declared(request)
      if (!rule) return
      const token = bearer(request)
      if (!token) {
        if (rule.kind !== 'public') throw new DomainError('UNAUTHENTICATED')
        return
      }
      try {
        request.auth = await authenticate(token)
      } catch (error) {
        // Login and refresh are public: a stale token sent along must not block them.
        if (rule.kind !== 'public') throw error
      }
    })

    app.addHook('preHandler', async (request) => {
      const rule = declared(request)
      if (!rule || rule.kind === 'public') return
      const auth = requireAuth(request)
      if (rule.kind === 'user') return
      if (rule.scope === 'any') {
        const holds =
          RESIDENT_PERMISSIONS_SET.has(rule.permission) ||
          auth.access.grants.some((grant) => grantPermissions(grant).includes(rule.permission))
        if (!holds) throw new DomainError('FORBIDDEN')
        return
      }
      const scope = await rule.scope(request)
      request.resourceScope = scope
      const verdict = await check(auth, rule.permission, scope)
      if (!verdict.ok) throw new DomainError('FORBIDDEN', verdict.reason)
    })
  },
  { name: 'auth', dependencies: ['db'] },
)
