/** Action items for the departments (交办/反馈): my items, progress reports, an item's record. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { itemRoomScope, itemWorkScope } from './load'
import { actorOf, idParam, itemWorkScopeOf } from './route-context'
import {
  ActionItemDetailSchema,
  ActionItemListSchema,
  errorResponses,
  IdParamsSchema,
  MyActionItemsQuerySchema,
  ProgressBodySchema,
  ProgressResultSchema,
} from './schema'
import { getActionItemDetail, listMyActionItems, reportProgress } from './service'

const actionItemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/me/action-items',
    {
      config: { access: access.anywhere('action.update') },
      schema: {
        tags: ['action-items'],
        summary: '我单位的任务 Action items of my department (or rooms), by due date',
        querystring: MyActionItemsQuerySchema,
        response: { 200: ActionItemListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      return { items: await listMyActionItems(app.db, auth.access, request.query) }
    },
  )

  app.post(
    '/api/action-items/:id/progress',
    {
      config: {
        access: access.scoped('action.update', (request) => itemWorkScopeOf(app, idParam(request))),
      },
      schema: {
        tags: ['action-items'],
        summary: '反馈任务进展 Report progress on an action item (100 = done)',
        params: IdParamsSchema,
        body: ProgressBodySchema,
        response: { 200: ProgressResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await actorOf(app, request)
      return reportProgress(app.db, actor, request.params.id, request.body)
    },
  )

  app.get(
    '/api/action-items/:id',
    {
      // Readable by whoever may supervise or update the item; decided in the service.
      config: { access: access.user() },
      schema: {
        tags: ['action-items'],
        summary:
          '任务详情（进展、催办、督办意见）An action item with its progress, reminders and notes',
        params: IdParamsSchema,
        response: { 200: ActionItemDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      return getActionItemDetail(
        app.db,
        request.params.id,
        async (item) =>
          (await app.authz.can(auth, 'action.supervise', itemRoomScope(item))) ||
          app.authz.can(auth, 'action.update', itemWorkScope(item)),
      )
    },
  )
}

export default actionItemRoutes
