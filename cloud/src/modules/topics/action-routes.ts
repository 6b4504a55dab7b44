/**
 * Actions on one topic: support (附议) and its withdrawal, the author's withdrawal, content review,
 * taking it up for screening, merging a duplicate, and the timeline.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Permission } from '../../../../shared/domain/permission-catalogue'
import { access } from '../../plugins/route-access'
import { MINUTE, perUserLimit } from '../../plugins/user-rate-key'
import {
  errorResponses,
  IdParamsSchema,
  MergeBodySchema,
  MergeResultSchema,
  ReviewBodySchema,
  ScreeningBodySchema,
  SupportResultSchema,
  TimelineSchema,
  TopicViewSchema,
  WithdrawBodySchema,
} from './schema'
import {
  callerOf,
  getTopicTimeline,
  mergeTopic,
  requireCaller,
  reviewTopic,
  startScreening,
  supportTopic,
  withdrawSupport,
  withdrawTopic,
} from './service'
import { loadTopic, topicScope } from './transition'

const tags = ['topics']

/** Bodies of these actions are optional: a bare POST counts as `{}`. */
async function emptyBody(request: FastifyRequest): Promise<void> {
  request.body ??= {}
}

const actionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The permission on the topic named by `:id` (NOT_FOUND when there is none). */
  const onTopic = (permission: Permission) =>
    access.scoped(permission, async (request: FastifyRequest) =>
      topicScope(await loadTopic(app.db, (request.params as { id: string }).id)),
    )

  app.put(
    '/api/topics/:id/support',
    {
      config: { access: access.user(), rateLimit: perUserLimit('support', 60, MINUTE) },
      schema: {
        tags,
        summary: '附议 Support a topic (idempotent)',
        description: '每人每个议题一次；重复请求返回相同结果，不重复计数。每人每分钟最多 60 次。',
        params: IdParamsSchema,
        response: { 200: SupportResultSchema, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => supportTopic(app.db, requireCaller(app, request), request.params.id),
  )

  app.delete(
    '/api/topics/:id/support',
    {
      config: { access: access.user(), rateLimit: perUserLimit('unsupport', 60, MINUTE) },
      schema: {
        tags,
        summary: '撤回附议 Withdraw one’s support',
        params: IdParamsSchema,
        response: { 200: SupportResultSchema, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => withdrawSupport(app.db, requireCaller(app, request), request.params.id),
  )

  app.post(
    '/api/topics/:id/withdraw',
    {
      config: { access: access.user() },
      preValidation: emptyBody,
      schema: {
        tags,
        summary: '撤回议题 The author withdraws the topic',
        params: IdParamsSchema,
        body: WithdrawBodySchema,
        response: { 200: TopicViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      withdrawTopic(app.db, requireCaller(app, request), request.params.id, request.body.reason),
  )

  app.post(
    '/api/topics/:id/review',
    {
      config: { access: onTopic('topic.review') },
      schema: {
        tags,
        summary: '内容审核 Approve, reject or restore a topic',
        description: '不予通过（reject）时必须填写原因（提出人可见）。',
        params: IdParamsSchema,
        body: ReviewBodySchema,
        response: { 200: TopicViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      reviewTopic(app.db, requireCaller(app, request), request.params.id, request.body),
  )

  app.post(
    '/api/topics/:id/screening',
    {
      config: { access: onTopic('topic.triage') },
      preValidation: emptyBody,
      schema: {
        tags,
        summary: '受理研判 Take an open topic up for screening',
        params: IdParamsSchema,
        body: ScreeningBodySchema,
        response: { 200: TopicViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      startScreening(app.db, requireCaller(app, request), request.params.id, request.body.note),
  )

  app.post(
    '/api/topics/:id/merge',
    {
      config: { access: onTopic('topic.triage') },
      schema: {
        tags,
        summary: '合并重复议题 Merge a duplicate into another topic',
        description:
          '目标须是同一议事室（或上下级议事室）中仍在办理的议题；重复议题的附议转入目标议题，同一人只计一次。',
        params: IdParamsSchema,
        body: MergeBodySchema,
        response: { 200: MergeResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      mergeTopic(
        app.db,
        requireCaller(app, request),
        request.params.id,
        request.body.intoTopicId,
        request.body.note,
      ),
  )

  app.get(
    '/api/topics/:id/timeline',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '办理进程 The topic’s timeline',
        description: '公开记录；有受理研判权限的工作人员还能看到内部备注。',
        params: IdParamsSchema,
        response: { 200: TimelineSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getTopicTimeline(app.db, callerOf(app, request), request.params.id),
  )
}

export default actionRoutes
