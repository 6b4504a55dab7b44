import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the auth module are added here (see cloud/src/modules/README.md).
const authRoutes: FastifyPluginAsyncTypebox = async () => {}

export default authRoutes
