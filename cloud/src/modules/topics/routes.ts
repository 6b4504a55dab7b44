/**
 * Topic routes: raising a topic in a room, reading one, the room's list, similar topics while typing,
 * and the caller's own topics and supports. Supports and the generic actions (withdraw, review,
 * screening, merge, timeline) are in `action-routes.ts`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import { HOUR, perUserLimit } from '../../plugins/user-rate-key'
import { roomScope } from '../org/rooms-service'
import actionRoutes from './action-routes'
import { roomFeedFor } from './room-feed'
import {
  errorResponses,
  IdParamsSchema,
  PageQuerySchema,
  RaiseTopicBodySchema,
  RoomParamsSchema,
  RoomTopicsQuerySchema,
  SimilarListSchema,
  SimilarQuerySchema,
  TopicPageSchema,
  TopicViewSchema,
  type TopicPage,
} from './schema'
import {
  callerOf,
  findSimilarTopics,
  getTopic,
  listMySupports,
  listMyTopics,
  raiseTopic,
  requireCaller,
} from './service'

const tags = ['topics']

const topicsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/rooms/:roomId/topics',
    {
      config: {
        access: access.scoped('topic.raise', (request) =>
          roomScope(app.db, (request.params as { roomId: string }).roomId),
        ),
        rateLimit: perUserLimit('raise', 10, HOUR),
      },
      schema: {
        tags,
        summary: '提出议题 Raise a topic in a room',
        description:
          '群众出题经微信内容安全检测：通过 → 征集附议；需人工审核 → 审核中（公众不可见）；' +
          '有风险 → 422 WECHAT_CONTENT_RISKY，不保存。委员荐题、党政点题、网格员代为反映、' +
          '12345 热线转办按来源检查权限；热线工单直接进入研判。每人每小时最多 10 个。',
        params: RoomParamsSchema,
        body: RaiseTopicBodySchema,
        response: {
          201: TopicViewSchema,
          ...errorResponses(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const view = await raiseTopic(
        app.db,
        app.wechat,
        requireCaller(app, request),
        request.params.roomId,
        request.body,
      )
      return reply.code(201).send(view)
    },
  )

  app.get(
    '/api/rooms/:roomId/topics',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '议事室议题列表 Topics of a room (hot or new, by state, category or source)',
        description:
          '不含审核中/未通过的议题；有内容审核权限的工作人员可用 state=pending_review 查看待审核议题。' +
          '可按状态、类别、来源筛选；分页用上一页的 nextCursor。',
        params: RoomParamsSchema,
        querystring: RoomTopicsQuerySchema,
        response: { 200: TopicPageSchema, ...errorResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      // Public pages come pre-serialized (through this route's response schema) from the feed
      // cache: sent as JSON text, they are not serialized again.
      const feed = await roomFeedFor(
        app.db,
        callerOf(app, request),
        request.params.roomId,
        request.query,
        (page) => reply.serialize(page) as string,
      )
      if ('page' in feed) return feed.page
      // The type provider expects the page object; JSON text is sent as it is.
      return reply.type('application/json; charset=utf-8').send(feed.json as unknown as TopicPage)
    },
  )

  app.get(
    '/api/topics/similar',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '类似议题 Similar open topics while typing',
        description:
          '同一议事室中有相同关键词（结巴分词）的未结束议题，以及约 1 公里范围内的议题，按相似度排序；' +
          '关键词少于 2 个时返回空列表。',
        querystring: SimilarQuerySchema,
        response: { 200: SimilarListSchema, ...errorResponses(400) },
      },
    },
    async (request) => findSimilarTopics(app.db, request.query),
  )

  app.get(
    '/api/topics/:id',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '议题详情 A topic',
        description:
          '审核中/未通过的议题仅提出人和有内容审核权限者可见（否则 404）；个人信息仅对有“查看个人信息”权限者返回。',
        params: IdParamsSchema,
        response: { 200: TopicViewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getTopic(app.db, callerOf(app, request), request.params.id),
  )

  app.get(
    '/api/me/topics',
    {
      config: { access: access.user() },
      schema: {
        tags: ['me', ...tags],
        summary: '我的议题 Topics I raised or that were raised for me',
        querystring: PageQuerySchema,
        response: { 200: TopicPageSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => listMyTopics(app.db, requireCaller(app, request), request.query),
  )

  app.get(
    '/api/me/supports',
    {
      config: { access: access.user() },
      schema: {
        tags: ['me', ...tags],
        summary: '我的附议 Topics I support',
        querystring: PageQuerySchema,
        response: { 200: TopicPageSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => listMySupports(app.db, requireCaller(app, request), request.query),
  )

  await app.register(actionRoutes)
}

export default topicsRoutes
