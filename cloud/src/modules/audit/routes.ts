import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the audit module are added here (see cloud/src/modules/README.md).
const auditRoutes: FastifyPluginAsyncTypebox = async () => {}

export default auditRoutes
