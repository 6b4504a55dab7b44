import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Connection } from 'mongoose'
import { access } from '../../plugins/route-access'
import { unitScopeFor } from '../org/caller-scope'
import { ErrorSchema } from '../org/schema'
import { userModel } from '../users/model'
import type { AuditDoc } from './model'
import { listAuditEntries, type AuditQuery } from './service'
import { AuditListSchema, AuditQuerySchema, type AuditList } from './schema'

/** Entries with their actors' display names (one query), and the cursor of the next page. */
async function readAuditLog(db: Connection, query: AuditQuery): Promise<AuditList> {
  const entries = await listAuditEntries(db, query)
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((id) => id !== null))]
  const actors =
    actorIds.length === 0
      ? []
      : await userModel(db)
          .find({ _id: { $in: actorIds } }, { displayName: 1 })
          .lean()
  const names = new Map(actors.map((user) => [String(user._id), user.displayName]))
  const last: AuditDoc | undefined = entries[entries.length - 1]
  const full = entries.length === query.limit && last !== undefined
  return {
    items: entries.map((entry) => ({
      id: String(entry._id),
      at: entry.at.toISOString(),
      actor: entry.actorId
        ? { id: String(entry.actorId), displayName: names.get(String(entry.actorId)) ?? '' }
        : null,
      action: entry.action,
      target: entry.target,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
    nextBefore: full ? last.at.toISOString() : null,
    nextBeforeId: full ? String(last._id) : null,
  }
}

/**
 * Reading the audit log, newest first: admin sees every entry, office staff the entries about
 * units in their subtrees. Page with `before` + `beforeId` from the previous page.
 */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/admin/audit',
    {
      config: { access: access.anywhere('audit.read') },
      schema: {
        tags: ['audit'],
        summary: '操作日志 The audit log, newest first',
        querystring: AuditQuerySchema,
        response: { 200: AuditListSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      const scope = unitScopeFor(auth.access, 'audit.read')
      const { before, ...query } = request.query
      return readAuditLog(app.db, {
        ...query,
        before: before ? new Date(before) : undefined,
        withinUnitIds: scope ?? undefined,
      })
    },
  )
}

export default auditRoutes
