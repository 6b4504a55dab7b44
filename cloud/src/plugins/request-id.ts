/**
 * Request ids: honour a caller's `x-request-id` (a proxy or the mini program may set one) when it looks
 * safe to log, otherwise mint a UUID; echo it on every response so a user's report can be matched to logs.
 * Pino puts `reqId` on every log line of the request.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'

export const REQUEST_ID_HEADER = 'x-request-id'
// Bounded and without spaces/control characters, so a hostile header cannot forge log lines.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/

export function genReqId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID()
}

export default fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id)
    })
  },
  { name: 'request-id' },
)
