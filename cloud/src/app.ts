/**
 * Builds the Fastify app without listening (tests use `inject`; `server.ts`/`stack.ts` listen).
 * Plugins load in a FIXED order, each group relying on the ones before it:
 *   0. request id + the one error handler (first, so every route — even plugin routes — inherits it),
 *      and route-access (every /api route must declare `config.access`; see plugins/route-access.ts)
 *   1. external: helmet → cors → rate-limit → swagger (before routes, so it sees them all)
 *   2. app-wide: db (→ `app.db`) → wechat (→ `app.wechat`) → auth (token + access enforcement,
 *      → `request.auth`, `app.authz`) → notifications (outbox worker + scheduler, on ready) →
 *      demo seed (on ready)
 *   3. modules: `modules/<module>/routes.ts`, API under `/api/...` (except `/health`)
 *   4. static H5 build + the not-found handler (SPA fallback)
 */
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config'
import requestId, { genReqId, REQUEST_ID_HEADER } from './plugins/request-id'
import errorHandler, { handleError } from './plugins/error-handler'
import routeAccess from './plugins/route-access'
import auth from './plugins/auth'
import notifications from './plugins/notifications'
import helmet from './plugins/external/helmet'
import cors from './plugins/external/cors'
import rateLimit from './plugins/external/rate-limit'
import swagger from './plugins/external/swagger'
import db, { type DbKind } from './plugins/db'
import seed from './plugins/seed'
import wechat from './plugins/wechat'
import storage from './storage/plugin'
import h5Static, { h5Root, inlineScriptHashes } from './plugins/h5-static'
import notFound from './plugins/not-found'
import healthRoutes from './modules/health/routes'
import authRoutes from './modules/auth/routes'
import usersRoutes from './modules/users/routes'
import orgRoutes from './modules/org/routes'
import auditRoutes from './modules/audit/routes'
import topicsRoutes from './modules/topics/routes'
import uploadsRoutes from './modules/uploads/routes'
import commentsRoutes from './modules/comments/routes'
import triageRoutes from './modules/triage/routes'
import meetingsRoutes from './modules/meetings/routes'
import outcomesRoutes from './modules/outcomes/routes'
import notificationsRoutes from './modules/notifications/routes'
import demoWechatRoutes from './modules/demo-wechat/routes'
import { isFakeWechat } from './modules/demo-wechat/service'
import type { SeedRegistry } from './seed/registry'
import { VERSION } from './version'

export interface AppDeps {
  /** The embedded DB's URI when `config.mongodb.uri` is null (`startStack` and tests start it). */
  embeddedDbUri?: string
  /** Demo data to load once per database when the app becomes ready. */
  seeds?: SeedRegistry
  /** Overrides the logger built from LOG_LEVEL (e.g. `false` in quiet tests). */
  logger?: FastifyServerOptions['logger']
}

function resolveDb(config: Config, deps: AppDeps): { uri: string; kind: DbKind } {
  if (config.mongodb.uri) return { uri: config.mongodb.uri, kind: 'external' }
  if (deps.embeddedDbUri) return { uri: deps.embeddedDbUri, kind: 'embedded' }
  throw new Error('buildApp: MONGODB_URI is not set and no embedded DB was started')
}

export function buildApp(config: Config, deps: AppDeps = {}) {
  const database = resolveDb(config, deps)
  const h5 = h5Root(config.h5Dir)
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    genReqId,
    requestIdHeader: false,
    // Bounded so a slow or stuck client cannot hold a connection forever.
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 10_000,
    bodyLimit: 1_048_576,
    trustProxy: config.trustProxy,
    // Errors raised before routing (a malformed URL) skip hooks and the error handler: same shape anyway.
    frameworkErrors(error, request, reply) {
      void reply.header(REQUEST_ID_HEADER, request.id)
      handleError(error, request, reply)
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Modules read the validated config from `app.config` (read once at start, never from process.env).
  app.decorate('config', config)
  app.register(requestId)
  app.register(errorHandler)
  app.register(routeAccess)

  app.register(helmet, { config, inlineScriptHashes: inlineScriptHashes(h5) })
  app.register(cors, { config })
  app.register(rateLimit, { config })
  app.register(swagger, { version: VERSION })

  app.register(db, { uri: database.uri, dbName: config.mongodb.dbName, kind: database.kind })
  app.register(wechat, { config })
  app.register(storage, { config })
  app.register(auth, { config })
  app.register(notifications, { config })
  if (deps.seeds) app.register(seed, { registry: deps.seeds })

  app.register(healthRoutes, { version: VERSION })
  app.register(authRoutes)
  app.register(usersRoutes)
  app.register(orgRoutes)
  app.register(auditRoutes)
  app.register(topicsRoutes)
  app.register(uploadsRoutes)
  app.register(commentsRoutes)
  app.register(triageRoutes)
  app.register(meetingsRoutes)
  app.register(outcomesRoutes)
  app.register(notificationsRoutes)
  // Demo only: what the fake WeChat received, and its subscription popup on H5 (absent with real WeChat).
  if (isFakeWechat(config)) app.register(demoWechatRoutes)

  if (h5) app.register(h5Static, { root: h5 })
  app.register(notFound, { spaFallback: h5 !== null })
  return app
}

export type App = ReturnType<typeof buildApp>

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}
