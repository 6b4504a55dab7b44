/**
 * Escalation decisions (提级审核): the parent room's inbox, accepting a topic into the parent room and
 * returning it with a reason. Both decisions are judged in the PARENT room's scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { escalationScope, roomScopeById } from './context'
import { acceptEscalation, returnEscalation } from './escalation-service'
import { listRoomEscalations } from './escalation-views'
import { errorResponses, idParam, roomIdParam, staffActor } from './route-context'
import {
  EscalationDecisionSchema,
  EscalationIdParamsSchema,
  EscalationListQuerySchema,
  ReturnBodySchema,
  RoomEscalationListSchema,
  RoomIdParamsSchema,
} from './schema'

const escalationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const inParentRoom = access.scoped('escalation.accept', (request) =>
    escalationScope(app.db, idParam(request)),
  )

  app.get(
    '/api/rooms/:roomId/escalations',
    {
      config: {
        access: access.scoped('escalation.accept', (request) =>
          roomScopeById(app.db, roomIdParam(request)),
        ),
      },
      schema: {
        tags: ['triage'],
        summary: '提级到本议事室的议题 Topics escalated into this room',
        params: RoomIdParamsSchema,
        querystring: EscalationListQuerySchema,
        response: { 200: RoomEscalationListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await listRoomEscalations(app.db, request.params.roomId, request.query, new Date()),
    }),
  )

  app.post(
    '/api/escalations/:id/accept',
    {
      config: { access: inParentRoom },
      schema: {
        tags: ['triage'],
        summary: '受理提级 Accept an escalated topic into the parent room',
        params: EscalationIdParamsSchema,
        response: { 200: EscalationDecisionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      acceptEscalation(app.db, await staffActor(app, request), request.params.id, new Date()),
  )

  app.post(
    '/api/escalations/:id/return',
    {
      config: { access: inParentRoom },
      schema: {
        tags: ['triage'],
        summary: '退回提级 Return an escalated topic to the sending room, with a reason',
        params: EscalationIdParamsSchema,
        body: ReturnBodySchema,
        response: { 200: EscalationDecisionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      returnEscalation(
        app.db,
        await staffActor(app, request),
        request.params.id,
        request.body.reason,
        new Date(),
      ),
  )
}

export default escalationRoutes
