/**
 * The reply clock for staff: a room's queue of topics still owed a reply (oldest due first) and the
 * supervision list (督办) of overdue replies across the rooms the caller oversees.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { grantPermissions, type UserAccess } from '../../../../shared/domain/permissions'
import { unitScopeFor } from '../org/caller-scope'
import { access } from '../../plugins/route-access'
import { roomScopeById } from './context'
import { getReplySupervision, getRoomQueue, type SupervisionScope } from './queue-service'
import { errorResponses, roomIdParam } from './route-context'
import {
  QueueQuerySchema,
  ReplySupervisionSchema,
  RoomIdParamsSchema,
  RoomQueueSchema,
  SupervisionQuerySchema,
} from './schema'

/** Office staff: their subtrees; conveners and attached members: their rooms; admin: everything. */
function supervisionScope(user: UserAccess): SupervisionScope {
  const unitIds = unitScopeFor(user, 'action.supervise')
  const roomIds = user.grants
    .filter((grant) => grant.roomId && grantPermissions(grant).includes('action.supervise'))
    .map((grant) => grant.roomId as string)
  return { unitIds, roomIds }
}

const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rooms/:roomId/queue',
    {
      config: {
        access: access.scoped('topic.triage', (request) =>
          roomScopeById(app.db, roomIdParam(request)),
        ),
      },
      schema: {
        tags: ['triage'],
        summary: '待答复议题及时限 The room’s topics awaiting a reply, with their clocks',
        params: RoomIdParamsSchema,
        querystring: QueueQuerySchema,
        response: { 200: RoomQueueSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getRoomQueue(app.db, request.params.roomId, request.query, new Date()),
  )

  app.get(
    '/api/supervision/replies',
    {
      config: { access: access.anywhere('action.supervise') },
      schema: {
        tags: ['triage'],
        summary: '超期未答复督办 Overdue replies across the rooms the caller supervises',
        querystring: SupervisionQuerySchema,
        response: { 200: ReplySupervisionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      return getReplySupervision(app.db, supervisionScope(auth.access), request.query, new Date())
    },
  )
}

export default queueRoutes
