import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the org module are added here (see cloud/src/modules/README.md).
const orgRoutes: FastifyPluginAsyncTypebox = async () => {}

export default orgRoutes
