/**
 * Comments on topics and their moderation:
 *   POST /api/topics/:id/comments        post (signed in; canComment; content check)
 *   GET  /api/topics/:id/comments        list (public; moderators see everything)
 *   POST /api/comments/:id/reports       report (signed in; once per person)
 *   POST /api/comments/:id/hide|restore  moderate with a reason (comment.moderate on the topic)
 *   GET  /api/rooms/:roomId/moderation   the room's queue (comment.moderate on the room)
 *   GET|POST /api/rooms/:roomId/blocks, DELETE /api/rooms/:roomId/blocks/:userId  禁言
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { access } from '../../plugins/route-access'
import { MINUTE, perUserLimit } from '../../plugins/user-rate-key'
import { roomScope } from '../org/rooms-service'
import type { Actor } from './actor'
import type { Viewer } from './comment-view'
import { topicScopeById } from './list-comments'
import {
  BlockBodySchema,
  BlockListSchema,
  BlockSchema,
  CommentPageSchema,
  CommentSchema,
  errorResponses,
  IdParamsSchema,
  NoContentSchema,
  PageQuerySchema,
  PostCommentBodySchema,
  QueuePageSchema,
  QueueQuerySchema,
  ReasonBodySchema,
  ReportBodySchema,
  ReportResultSchema,
  RoomParamsSchema,
  RoomUserParamsSchema,
} from './schema'
import {
  blockUser,
  commentScope,
  listComments,
  listModerationQueue,
  listRoomBlocks,
  moderateComment,
  postComment,
  reportComment,
  unblockUser,
} from './service'

const commentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  function actorOf(request: FastifyRequest): Actor {
    const auth = app.authz.requireAuth(request)
    return { userId: auth.userId, requestId: request.id, ip: request.ip }
  }
  const onComment = access.scoped('comment.moderate', (request) =>
    commentScope(app.db, (request.params as { id: string }).id),
  )
  const onRoom = access.scoped('comment.moderate', (request) =>
    roomScope(app.db, (request.params as { roomId: string }).roomId),
  )

  app.post(
    '/api/topics/:id/comments',
    {
      config: { access: access.user(), rateLimit: perUserLimit('comment', 20, MINUTE) },
      schema: {
        tags: ['comments'],
        summary: '发表评论 Comment on a topic',
        description:
          '内容经微信内容安全检测：通过即公开，需复核则待审核，违规则拒绝 · ' +
          'Content-checked: pass → public, review → held for moderators, risky → 422. ' +
          '每人每分钟最多 20 条 · at most 20 a minute per person.',
        params: IdParamsSchema,
        body: PostCommentBodySchema,
        response: { 201: CommentSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const auth = app.authz.requireAuth(request)
      const scope = await topicScopeById(app.db, request.params.id)
      const [ctx, trusted] = await Promise.all([
        app.authz.guardContext(auth, scope),
        app.authz.can(auth, 'comment.moderate', scope),
      ])
      const comment = await postComment(app.db, app.wechat, {
        topicId: request.params.id,
        author: { userId: auth.userId, ctx, trusted },
        text: request.body.text,
        replyToId: request.body.replyToId,
      })
      return reply.code(201).send(comment)
    },
  )

  app.get(
    '/api/topics/:id/comments',
    {
      config: { access: access.public() },
      schema: {
        tags: ['comments'],
        summary: '议题评论 A topic’s comments',
        description:
          '按时间先后；被隐藏的评论只显示“该评论已被隐藏”，议事室管理者可见原文 · Oldest first; ' +
          'hidden comments are placeholders except for the room’s moderators.',
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: CommentPageSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const auth = request.auth
      let viewer: Viewer = auth ? { kind: 'public', userId: auth.userId } : { kind: 'public' }
      const scope = await topicScopeById(app.db, request.params.id)
      if (auth && (await app.authz.can(auth, 'comment.moderate', scope))) {
        viewer = { kind: 'moderator', userId: auth.userId }
      }
      return listComments(app.db, {
        topicId: request.params.id,
        viewer,
        cursor: request.query.cursor,
        limit: request.query.limit,
      })
    },
  )

  app.post(
    '/api/comments/:id/reports',
    {
      config: { access: access.user(), rateLimit: perUserLimit('comment-report', 30, MINUTE) },
      schema: {
        tags: ['comments'],
        summary: '举报评论 Report a comment',
        description: '每人每条评论一次，重复举报不再计数 · Once per person; repeats are no-ops.',
        params: IdParamsSchema,
        body: ReportBodySchema,
        response: {
          200: ReportResultSchema,
          201: ReportResultSchema,
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const auth = app.authz.requireAuth(request)
      const result = await reportComment(app.db, {
        commentId: request.params.id,
        reporterId: auth.userId,
        reason: request.body.reason,
        note: request.body.note,
      })
      return reply.code(result.created ? 201 : 200).send(result)
    },
  )

  for (const action of ['hide', 'restore'] as const) {
    app.post(
      `/api/comments/:id/${action}`,
      {
        config: { access: onComment },
        schema: {
          tags: ['comments'],
          summary:
            action === 'hide' ? '隐藏评论 Hide a comment' : '恢复评论 Restore (or keep) a comment',
          description: '须填写原因；原文始终保留并记入审计 · A reason is required; text is kept.',
          params: IdParamsSchema,
          body: ReasonBodySchema,
          response: { 200: CommentSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        moderateComment(app.db, actorOf(request), {
          commentId: request.params.id,
          action,
          reason: request.body.reason,
        }),
    )
  }

  app.get(
    '/api/rooms/:roomId/moderation',
    {
      config: { access: onRoom },
      schema: {
        tags: ['comments'],
        summary: '评论审核队列 The room’s comment moderation queue',
        params: RoomParamsSchema,
        querystring: QueueQuerySchema,
        response: { 200: QueuePageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      listModerationQueue(app.db, actorOf(request).userId, {
        roomId: request.params.roomId,
        status: request.query.status,
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  )

  app.get(
    '/api/rooms/:roomId/blocks',
    {
      config: { access: onRoom },
      schema: {
        tags: ['comments'],
        summary: '禁言名单 Users blocked in the room',
        params: RoomParamsSchema,
        response: { 200: BlockListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await listRoomBlocks(app.db, request.params.roomId) }),
  )

  app.post(
    '/api/rooms/:roomId/blocks',
    {
      config: { access: onRoom },
      schema: {
        tags: ['comments'],
        summary: '禁言 Block a user from the room',
        params: RoomParamsSchema,
        body: BlockBodySchema,
        response: { 201: BlockSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const block = await blockUser(app.db, actorOf(request), {
        roomId: request.params.roomId,
        userId: request.body.userId,
        reason: request.body.reason,
        until: request.body.until ? new Date(request.body.until) : null,
      })
      return reply.code(201).send(block)
    },
  )

  app.delete(
    '/api/rooms/:roomId/blocks/:userId',
    {
      config: { access: onRoom },
      schema: {
        tags: ['comments'],
        summary: '解除禁言 Lift a block',
        params: RoomUserParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unblockUser(app.db, actorOf(request), request.params)
      return reply.code(204).send(null)
    },
  )
}

export default commentsRoutes
