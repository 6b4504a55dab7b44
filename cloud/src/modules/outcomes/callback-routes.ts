/** The call-back (回访) and the room's choice after a topic was reopened (resume or rescreen). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { actorOf, idParam, topicScopeOf } from './route-context'
import {
  CallbackBodySchema,
  CallbackRecordBodySchema,
  CallbackResultSchema,
  CallbackSummarySchema,
  MyCallbackSchema,
  errorResponses,
  IdParamsSchema,
  RescreenBodySchema,
  ResumeBodySchema,
  TopicStateResultSchema,
} from './schema'
import {
  answerCallback,
  callbackSummary,
  getMyCallback,
  recordCallback,
  rescreenTopic,
  resumeActions,
} from './service'

const callbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const triage = access.scoped('topic.triage', (request) => topicScopeOf(app, idParam(request)))

  app.post(
    '/api/topics/:id/callback',
    {
      // The petitioner (or an asked supporter): the shared guard decides (NOT_PETITIONER…).
      config: { access: access.user() },
      schema: {
        tags: ['callbacks'],
        summary: '回访评价 Answer the call-back: solved or not, and a 1–5 rating',
        params: IdParamsSchema,
        body: CallbackBodySchema,
        response: { 200: CallbackResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const scope = await topicScopeOf(app, request.params.id)
      const actor = await actorOf(app, request, scope)
      return answerCallback(app.db, actor, request.params.id, request.body)
    },
  )

  app.get(
    '/api/topics/:id/callback/mine',
    {
      config: { access: access.user() },
      schema: {
        tags: ['callbacks'],
        summary: '我的回访 Whether I may answer the call-back now',
        params: IdParamsSchema,
        response: { 200: MyCallbackSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      getMyCallback(app.db, app.authz.requireAuth(request).userId, request.params.id),
  )

  app.post(
    '/api/topics/:id/callback-record',
    {
      config: {
        access: access.scoped('callback.record', (request) => topicScopeOf(app, idParam(request))),
      },
      schema: {
        tags: ['callbacks'],
        summary: '记录电话/上门回访 Record a call-back made by phone or in person',
        params: IdParamsSchema,
        body: CallbackRecordBodySchema,
        response: { 200: CallbackResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await actorOf(app, request)
      return recordCallback(app.db, actor, request.params.id, request.body)
    },
  )

  app.get(
    '/api/topics/:id/callbacks/summary',
    {
      config: { access: access.public() },
      schema: {
        tags: ['callbacks'],
        summary: '回访满意度 Satisfaction figures of the latest call-back',
        params: IdParamsSchema,
        response: { 200: CallbackSummarySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => callbackSummary(app.db, request.params.id),
  )

  app.post(
    '/api/topics/:id/resume',
    {
      config: { access: triage },
      schema: {
        tags: ['callbacks'],
        summary: '重新交办 Resume the action items of a reopened topic',
        params: IdParamsSchema,
        body: ResumeBodySchema,
        response: { 200: TopicStateResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await actorOf(app, request)
      return resumeActions(app.db, actor, request.params.id, request.body)
    },
  )

  app.post(
    '/api/topics/:id/rescreen',
    {
      config: { access: triage },
      schema: {
        tags: ['callbacks'],
        summary: '重新研判 Screen a reopened topic again',
        params: IdParamsSchema,
        body: RescreenBodySchema,
        response: { 200: TopicStateResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await actorOf(app, request)
      return rescreenTopic(app.db, actor, request.params.id, request.body)
    },
  )
}

export default callbackRoutes
