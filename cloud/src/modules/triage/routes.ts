/**
 * Routes of the four-step reply (四步答复法): the room's reply, the department's answer to a
 * consultation and its feedback on a micro-suggestion, a topic's consultations (room staff) and its
 * public escalation history. Escalation decisions and the reply clock are in the sibling files.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { topicScopeById } from './context'
import {
  answerConsultation,
  giveDepartmentFeedback,
  listTopicConsultations,
} from './department-service'
import escalationRoutes from './escalation-routes'
import { listTopicEscalations } from './escalation-views'
import queueRoutes from './queue-routes'
import { replyToTopic } from './reply-service'
import { errorResponses, idParam, staffActor } from './route-context'
import {
  AnswerBodySchema,
  ConsultationListSchema,
  ConsultationSchema,
  EscalationLevelListSchema,
  ReplyBodySchema,
  ReplyResultSchema,
  StateResultSchema,
  TextBodySchema,
  TopicIdParamsSchema,
} from './schema'

const triageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const inTopicRoom = (request: Parameters<typeof idParam>[0]) =>
    topicScopeById(app.db, idParam(request))

  app.post(
    '/api/topics/:id/reply',
    {
      // Steps 1–3 need topic.reply; step 4 (escalate) is checked against topic.escalate by the
      // shared guard. A member holds both only while on duty in the room (DUTY_PERMISSIONS).
      config: { access: access.scoped('topic.reply', inTopicRoom) },
      schema: {
        tags: ['triage'],
        summary: '四步答复 Give the four-step reply (explain, answer, research or escalate)',
        params: TopicIdParamsSchema,
        body: ReplyBodySchema,
        response: { 200: ReplyResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      replyToTopic(
        app.db,
        await staffActor(app, request),
        request.params.id,
        request.body,
        new Date(),
      ),
  )

  app.post(
    '/api/topics/:id/consultation-answer',
    {
      // The topic's scope carries the consulted department (set when research starts), so its
      // officers are covered; the room's staff may record an answer the department gave offline.
      config: { access: access.scoped('action.update', inTopicRoom) },
      schema: {
        tags: ['triage'],
        summary: '部门答复征询 The consulted department answers (for the room only)',
        params: TopicIdParamsSchema,
        body: AnswerBodySchema,
        response: { 200: ConsultationSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      answerConsultation(
        app.db,
        await staffActor(app, request),
        request.params.id,
        request.body.answer,
        new Date(),
      ),
  )

  app.get(
    '/api/topics/:id/consultations',
    {
      config: { access: access.scoped('topic.triage', inTopicRoom) },
      schema: {
        tags: ['triage'],
        summary:
          '议题的部门征询 A topic’s consultations with the departments’ answers (room staff)',
        params: TopicIdParamsSchema,
        response: { 200: ConsultationListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await listTopicConsultations(app.db, request.params.id) }),
  )

  app.post(
    '/api/topics/:id/department-feedback',
    {
      // As the shared guard (department_feedback by action.update in the topic's scope): the
      // department it was passed to, or the room's staff recording feedback given offline.
      config: { access: access.scoped('action.update', inTopicRoom) },
      schema: {
        tags: ['triage'],
        summary: '部门反馈微建议 The department’s feedback on a micro-suggestion (to call-back)',
        params: TopicIdParamsSchema,
        body: TextBodySchema,
        response: { 200: StateResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      giveDepartmentFeedback(
        app.db,
        await staffActor(app, request),
        request.params.id,
        request.body.text,
      ),
  )

  app.get(
    '/api/topics/:id/escalations',
    {
      config: { access: access.public() },
      schema: {
        tags: ['triage'],
        summary: '议题提级记录 A topic’s levels up the room hierarchy (public)',
        params: TopicIdParamsSchema,
        response: { 200: EscalationLevelListSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => ({ items: await listTopicEscalations(app.db, request.params.id) }),
  )

  await app.register(escalationRoutes)
  await app.register(queueRoutes)
}

export default triageRoutes
