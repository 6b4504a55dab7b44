/** The outcome of a topic's meeting: publish it (plan + action items) and read it (public). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { actorOf, idParam, topicScopeOf } from './route-context'
import { errorResponses, IdParamsSchema, OutcomeSchema, PublishOutcomeBodySchema } from './schema'
import { getOutcome, publishOutcome } from './service'

const outcomeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/topics/:id/outcome',
    {
      config: {
        access: access.scoped('outcome.publish', (request) => topicScopeOf(app, idParam(request))),
      },
      schema: {
        tags: ['outcomes'],
        summary: '发布协商成果并交办任务 Publish the outcome and assign its action items',
        params: IdParamsSchema,
        body: PublishOutcomeBodySchema,
        response: { 201: OutcomeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(app, request)
      const outcome = await publishOutcome(app.db, actor, request.params.id, request.body)
      return reply.code(201).send(outcome)
    },
  )

  app.get(
    '/api/topics/:id/outcome',
    {
      config: { access: access.public() },
      schema: {
        tags: ['outcomes'],
        summary: '协商成果与任务进度 The outcome: plan, action items and their progress',
        params: IdParamsSchema,
        response: { 200: OutcomeSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getOutcome(app.db, request.params.id),
  )
}

export default outcomeRoutes
