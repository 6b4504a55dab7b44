/**
 * Helpers shared by the triage route files: the acting staff member with the guard context of the
 * scope the route resolved, and the error responses every route documents.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ErrorSchema } from '../org/schema'
import type { StaffActor } from './context'

/** The caller, judged in the scope the route's access resolver returned (duty rota resolved). */
export async function staffActor(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<StaffActor> {
  const auth = app.authz.requireAuth(request)
  const ctx = await app.authz.guardContext(auth, request.resourceScope ?? {})
  return { userId: auth.userId, ctx, requestId: request.id, ip: request.ip }
}

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

/** `:id` of a route whose params schema requires it (scope resolvers run after validation). */
export function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id
}

export function roomIdParam(request: FastifyRequest): string {
  return (request.params as { roomId: string }).roomId
}
