/**
 * Every API route declares who may call it, in `config.access`, and a route under `/api` without a
 * declaration stops the app at start-up — so "forgot the permission check" cannot ship. The
 * declaration is also written into the OpenAPI document (`security` and an `Access:` line in the
 * description) so the permission sweep test and readers of `/docs` see the same policy.
 * Enforcement happens in `auth.ts`.
 */
import type { FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Permission } from '../../../shared/domain/permission-catalogue'
import type { ResourceScope } from '../../../shared/domain/permissions'

/**
 * Finds where the resource of this request sits. Throw a DomainError (e.g. ROOM_NOT_FOUND) when it
 * does not exist. Runs after validation, so params/query/body are typed by the route schema.
 */
export type ScopeResolver = (request: FastifyRequest) => Promise<ResourceScope>

export type Access =
  /** Anyone, signed in or not (room pages opened from a QR code, login itself). */
  | { kind: 'public' }
  /** Any signed-in user (resident permissions; ownership is the service's business). */
  | { kind: 'user' }
  /** The permission somewhere in the user's grants; the service then filters by scope (lists). */
  | { kind: 'permission'; permission: Permission; scope: 'any' }
  /** The permission on the resource this request touches. */
  | { kind: 'permission'; permission: Permission; scope: ScopeResolver }

export const access = {
  public: (): Access => ({ kind: 'public' }),
  user: (): Access => ({ kind: 'user' }),
  anywhere: (permission: Permission): Access => ({ kind: 'permission', permission, scope: 'any' }),
  scoped: (permission: Permission, scope: ScopeResolver): Access => ({
    kind: 'permission',
    permission,
    scope,
  }),
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyInstance {
    /** `METHOD url` → declared access, for the permission sweep and diagnostics. */
    routeAccess: Map<string, Access>
  }
}

export function describeAccess(declared: Access): string {
  if (declared.kind === 'public') return 'public'
  if (declared.kind === 'user') return 'user'
  return `${declared.permission}${declared.scope === 'any' ? ' (any scope)' : ' (scoped)'}`
}

function methods(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase())
}

export default fp(
  async (app) => {
    const registry = new Map<string, Access>()
    app.decorate('routeAccess', registry)
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api')) return
      const declared = (route.config as { access?: Access } | undefined)?.access
      if (!declared) {
        throw new Error(`route ${methods(route).join(',')} ${route.url} declares no config.access`)
      }
      for (const method of methods(route)) {
        if (method !== 'HEAD') registry.set(`${method} ${route.url}`, declared)
      }
      const schema = (route.schema ?? {}) as Record<string, unknown>
      const line = `权限 Access: \`${describeAccess(declared)}\``
      route.schema = {
        ...schema,
        description: schema.description ? `${String(schema.description)}\n\n${line}` : line,
        ...(declared.kind === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      }
    })
  },
  { name: 'route-access' },
)
