/**
 * Who is calling a topics use case, without Fastify: the signed-in user, a way to build the guard
 * context in any scope (grants with the duty rota resolved, the unit tree around the scope), and the
 * request's id and IP for audit entries. Routes build it from `request.auth` and `app.authz`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Permission } from '../../../../shared/domain/permission-catalogue'
import { permissionsOn, type ResourceScope } from '../../../../shared/domain/permissions'
import {
  DEFAULT_TOPIC_RULES,
  type GuardContext,
  type TopicRules,
} from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import type { RoomDoc } from '../org/model'

export interface Caller {
  userId: string
  /** The shared guards' context for this caller on a resource in `scope`. */
  contextIn(scope: ResourceScope): Promise<GuardContext>
  requestId?: string
  ip?: string
}

export function callerOf(app: FastifyInstance, request: FastifyRequest): Caller | null {
  const auth = request.auth
  if (!auth) return null
  return {
    userId: auth.userId,
    contextIn: (scope) => app.authz.guardContext(auth, scope),
    requestId: request.id,
    ip: request.ip,
  }
}

export function requireCaller(app: FastifyInstance, request: FastifyRequest): Caller {
  const caller = callerOf(app, request)
  if (!caller) throw new DomainError('UNAUTHENTICATED')
  return caller
}

/** What the caller may do on a resource, plus the context the guards need there. */
export interface Standing {
  ctx: GuardContext
  permissions: ReadonlySet<Permission>
}

export async function standingIn(caller: Caller, scope: ResourceScope): Promise<Standing> {
  const ctx = await caller.contextIn(scope)
  return { ctx, permissions: permissionsOn(ctx.user, scope, ctx.units) }
}

/**
 * The room's topic rules. `supportThreshold: null` is the room saying "no automatic screening" (the
 * org module shows it as 不设门槛); a room document without the field gets the default threshold.
 */
export function roomRules(room: Pick<RoomDoc, 'supportThreshold'> | null): TopicRules {
  const threshold = room?.supportThreshold
  return {
    ...DEFAULT_TOPIC_RULES,
    supportThreshold:
      threshold === undefined
        ? DEFAULT_TOPIC_RULES.supportThreshold
        : (threshold ?? Number.POSITIVE_INFINITY),
  }
}

/** The scope and ids of an audit entry about a topic. */
export function auditUnit(topic: { unitId: unknown; unitAncestors: readonly unknown[] }) {
  const id = String(topic.unitId)
  return { id, ancestors: topic.unitAncestors.map(String).filter((unit) => unit !== id) }
}
