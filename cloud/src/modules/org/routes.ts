import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import roomsRoutes from './rooms-routes'
import unitsRoutes from './units-routes'

/** CSV uploads (units and rooms imports) are at most 1 MB. */
export const CSV_BODY_LIMIT = 1_048_576

/**
 * The org module: rooms (public pages, QR codes, posters, administration) and units. The text/csv
 * parser is registered here, so it exists only inside this module's routes.
 */
const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  )
  await app.register(roomsRoutes)
  await app.register(unitsRoutes)
}

export default orgRoutes
