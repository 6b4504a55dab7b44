/**
 * Small helpers shared by the org route files: the acting user for audit entries, typed params
 * for scope resolvers, and the error responses every admin route documents.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from './actor'
import { ErrorSchema } from './schema'

export function actorOf(app: FastifyInstance, request: FastifyRequest): Actor {
  const auth = app.authz.requireAuth(request)
  return { actorId: auth.userId, requestId: request.id, ip: request.ip }
}

/** `:id` of a route whose params schema requires it (scope resolvers run after validation). */
export function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id
}

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

/** PNG bytes in the OpenAPI document (a Buffer reply is sent as-is, not serialized). */
export const PngResponse = {
  description: 'PNG 图片 · PNG image',
  type: 'string',
  format: 'binary',
} as const
