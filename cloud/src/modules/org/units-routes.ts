/**
 * Unit administration: browse, create, rename, move and delete units within one's subtrees, and
 * import units from CSV. Creating and deleting are checked on the PARENT (one manages what lies
 * inside one's subtree, not the unit that defines it); only admin creates or deletes roots.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DomainError } from '../../../../shared/errors'
import { access } from '../../plugins/route-access'
import { unitScopeFor } from './caller-scope'
import { importUnits } from './import-units'
import { actorOf, errorResponses, idParam } from './route-context'
import {
  CreateUnitBodySchema,
  CsvBodySchema,
  IdParamsSchema,
  ImportResultSchema,
  NoContentSchema,
  UnitDetailSchema,
  UnitListQuerySchema,
  UnitListSchema,
  UpdateUnitBodySchema,
} from './schema'
import {
  createUnit,
  deleteUnit,
  getUnit,
  listUnits,
  parentScope,
  unitParentScope,
  unitScope,
  updateUnit,
} from './units-service'

const unitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scopedUnit = access.scoped('unit.manage', (request) => unitScope(app.db, idParam(request)))

  app.get(
    '/api/admin/units',
    {
      config: { access: access.anywhere('unit.manage') },
      schema: {
        tags: ['units'],
        summary: '下级单位 Child units (or the top of one’s own tree)',
        querystring: UnitListQuerySchema,
        response: { 200: UnitListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      const scope = unitScopeFor(auth.access, 'unit.manage')
      return { items: await listUnits(app.db, scope, request.query.parentId) }
    },
  )

  app.post(
    '/api/admin/units/import',
    {
      config: { access: access.anywhere('unit.manage') },
      schema: {
        tags: ['units'],
        summary: '从 CSV 导入单位 Import units from CSV (code,name,kind,parent_code)',
        body: CsvBodySchema,
        response: { 200: ImportResultSchema, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      const scope = unitScopeFor(auth.access, 'unit.manage')
      return importUnits(app.db, actorOf(app, request), scope, request.body)
    },
  )

  app.get(
    '/api/admin/units/:id',
    {
      config: { access: scopedUnit },
      schema: {
        tags: ['units'],
        summary: '单位详情 A unit with its path and counts',
        params: IdParamsSchema,
        response: { 200: UnitDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getUnit(app.db, request.params.id),
  )

  app.post(
    '/api/admin/units',
    {
      config: {
        access: access.scoped('unit.manage', (request) =>
          parentScope(app.db, (request.body as { parentId?: string }).parentId),
        ),
      },
      schema: {
        tags: ['units'],
        summary: '新建单位 Create a unit (under a parent in one’s subtree)',
        body: CreateUnitBodySchema,
        response: { 201: UnitDetailSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const unit = await createUnit(app.db, actorOf(app, request), request.body)
      return reply.code(201).send(unit)
    },
  )

  app.patch(
    '/api/admin/units/:id',
    {
      config: { access: scopedUnit },
      schema: {
        tags: ['units'],
        summary: '修改或移动单位 Rename, re-code or move a unit',
        params: IdParamsSchema,
        body: UpdateUnitBodySchema,
        response: { 200: UnitDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      return updateUnit(app.db, actorOf(app, request), request.params.id, request.body, {
        // Moving also needs the right over the new parent (a root: admin only).
        async mayMoveUnder(parentId) {
          const allowed = await app.authz.can(
            auth,
            'unit.manage',
            parentId ? { unitId: parentId } : {},
          )
          if (!allowed) throw new DomainError('FORBIDDEN', '没有在新的上级单位下管理单位的权限')
        },
      })
    },
  )

  app.delete(
    '/api/admin/units/:id',
    {
      config: {
        access: access.scoped('unit.manage', (request) =>
          unitParentScope(app.db, idParam(request)),
        ),
      },
      schema: {
        tags: ['units'],
        summary: '删除单位 Delete a unit without child units or rooms',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteUnit(app.db, actorOf(app, request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default unitsRoutes
