/**
 * Rate limiting for the API: RATE_LIMIT_MAX requests per minute per client IP on `/api/*`.
 * A route tightens or loosens it with `config: { rateLimit: { max, timeWindow } }`.
 * Static files, `/health` and `/docs` are exempt: a page load fetches many assets, and health
 * probes must never be refused.
 * @see https://github.com/fastify/fastify-rate-limit
 */
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { DomainError } from '../../../../shared/errors'
import type { Config } from '../../config'

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitMax,
      timeWindow: 60_000,
      allowList: (request) => !request.url.startsWith('/api/'),
      // Thrown into the one error handler, which renders it as 429 RATE_LIMITED.
      errorResponseBuilder: () => new DomainError('RATE_LIMITED'),
    })
  },
  { name: 'rate-limit' },
)
