import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthSchema } from './schema'
import { getHealth } from './service'

const healthRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, { version }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: '健康检查 Health check',
        description: '数据库可用时 200，否则 503 · 200 when the database answers a ping, else 503.',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const health = await getHealth(app.db, app.dbKind, version)
      return reply.code(health.status === 'ok' ? 200 : 503).send(health)
    },
  )
}

export default healthRoutes
