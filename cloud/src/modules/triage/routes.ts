import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the triage module are added here (see cloud/src/modules/README.md).
const triageRoutes: FastifyPluginAsyncTypebox = async () => {}

export default triageRoutes
