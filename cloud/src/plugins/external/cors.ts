/**
 * CORS from CORS_ORIGINS. The H5 app is served same-origin and the mini program is not a browser,
 * so by default nothing is allowed cross-origin. Deliberately: an exact list may send credentials,
 * the wildcard `*` never does (browsers reject `*` with credentials, and it would leak sessions).
 * @see https://github.com/fastify/fastify-cors
 */
import cors from '@fastify/cors'
import fp from 'fastify-plugin'
import type { Config } from '../../config'

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const anyOrigin = config.corsOrigins.includes('*')
    await app.register(cors, {
      origin: anyOrigin ? '*' : config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
      credentials: !anyOrigin && config.corsOrigins.length > 0,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    })
  },
  { name: 'cors' },
)
