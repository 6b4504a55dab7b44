import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the meetings module are added here (see cloud/src/modules/README.md).
const meetingsRoutes: FastifyPluginAsyncTypebox = async () => {}

export default meetingsRoutes
