import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the comments module are added here (see cloud/src/modules/README.md).
const commentsRoutes: FastifyPluginAsyncTypebox = async () => {}

export default commentsRoutes
