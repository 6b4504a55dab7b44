import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the outcomes module are added here (see cloud/src/modules/README.md).
const outcomesRoutes: FastifyPluginAsyncTypebox = async () => {}

export default outcomesRoutes
