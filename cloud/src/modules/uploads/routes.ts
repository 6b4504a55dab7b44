import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the uploads module are added here (see cloud/src/modules/README.md).
const uploadsRoutes: FastifyPluginAsyncTypebox = async () => {}

export default uploadsRoutes
