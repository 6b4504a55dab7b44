/**
 * What the outcomes route files share: the acting user with the guard context of the resource the
 * route resolved, and the scope resolvers (topic, action item for work, action item for supervision).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { loadTopic, topicScope } from '../topics/transition'
import { itemRoomScope, itemWorkScope, loadActionItem, type Actor } from './load'

/** `:id` of a route whose params schema requires it (resolvers run after validation). */
export function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id
}

export async function topicScopeOf(app: FastifyInstance, id: string): Promise<ResourceScope> {
  return topicScope(await loadTopic(app.db, id))
}

export async function itemWorkScopeOf(app: FastifyInstance, id: string): Promise<ResourceScope> {
  return itemWorkScope(await loadActionItem(app.db, id))
}

export async function itemRoomScopeOf(app: FastifyInstance, id: string): Promise<ResourceScope> {
  return itemRoomScope(await loadActionItem(app.db, id))
}

/**
 * The caller as the services see them, judged in `scope` (defaults to the scope the route's access
 * declaration resolved).
 */
export async function actorOf(
  app: FastifyInstance,
  request: FastifyRequest,
  scope?: ResourceScope,
): Promise<Actor> {
  const auth = app.authz.requireAuth(request)
  const resolved = scope ?? request.resourceScope
  if (!resolved) throw new Error('actorOf: no resource scope (route is not scoped)')
  return {
    userId: auth.userId,
    ctx: await app.authz.guardContext(auth, resolved),
    requestId: request.id,
    ip: request.ip,
  }
}
