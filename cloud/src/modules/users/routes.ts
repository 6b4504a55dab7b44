import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Routes of the users module are added here (see cloud/src/modules/README.md).
const usersRoutes: FastifyPluginAsyncTypebox = async () => {}

export default usersRoutes
