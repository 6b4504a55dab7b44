/** Supervision (督办): the flagged list, reminders and supervision notes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { actorOf, idParam, itemRoomScopeOf } from './route-context'
import {
  ActionItemEntrySchema,
  ActionItemListSchema,
  errorResponses,
  IdParamsSchema,
  NoteBodySchema,
  SupervisionNoteSchema,
  SupervisionQuerySchema,
} from './schema'
import { addSupervisionNote, listSupervisedItems, remindActionItem } from './service'

const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const supervise = access.scoped('action.supervise', (request) =>
    itemRoomScopeOf(app, idParam(request)),
  )

  app.get(
    '/api/supervision/action-items',
    {
      config: { access: access.anywhere('action.supervise') },
      schema: {
        tags: ['supervision'],
        summary: '督办清单 Open action items in my supervision scope, most urgent first',
        querystring: SupervisionQuerySchema,
        response: { 200: ActionItemListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      return { items: await listSupervisedItems(app.db, auth.access, request.query) }
    },
  )

  app.post(
    '/api/action-items/:id/remind',
    {
      config: { access: supervise },
      schema: {
        tags: ['supervision'],
        summary: '催办 Remind the owner unit of an open action item',
        params: IdParamsSchema,
        response: { 200: ActionItemEntrySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await actorOf(app, request)
      return remindActionItem(app.db, actor, request.params.id)
    },
  )

  app.post(
    '/api/action-items/:id/supervision-notes',
    {
      config: { access: supervise },
      schema: {
        tags: ['supervision'],
        summary: '添加督办意见 Add a supervision note to an action item',
        params: IdParamsSchema,
        body: NoteBodySchema,
        response: { 201: SupervisionNoteSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(app, request)
      const note = await addSupervisionNote(app.db, actor, request.params.id, request.body.text)
      return reply.code(201).send(note)
    },
  )
}

export default supervisionRoutes
