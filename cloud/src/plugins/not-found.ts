/**
 * Unknown routes: 404 ROUTE_NOT_FOUND through the one error handler, rate limited to slow down URL
 * enumeration (as fastify/demo does). When the H5 app is served, a page GET outside `/api` and
 * `/docs` gets index.html instead, so deep links into the single-page app load it.
 */
import fp from 'fastify-plugin'
import { DomainError } from '../../../shared/errors'
import { handleError } from './error-handler'
import { INDEX_FILE } from './h5-static'

const RESERVED = /^\/(api|docs)(\/|\?|$)/
const LOOKS_LIKE_FILE = /\/[^/?]*\.[A-Za-z0-9]+(\?|$)/

export default fp<{ spaFallback: boolean }>(
  async (app, { spaFallback }) => {
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => {
      const page =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !RESERVED.test(request.url) &&
        !LOOKS_LIKE_FILE.test(request.url)
      if (spaFallback && page) {
        void reply.header('cache-control', 'no-cache').sendFile(INDEX_FILE)
        return
      }
      handleError(new DomainError('ROUTE_NOT_FOUND'), request, reply)
    })
  },
  { name: 'not-found', dependencies: ['rate-limit', 'error-handler'] },
)
