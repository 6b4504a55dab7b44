import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the topics module are added here (see cloud/src/modules/README.md).
const topicsRoutes: FastifyPluginAsyncTypebox = async () => {}

export default topicsRoutes
