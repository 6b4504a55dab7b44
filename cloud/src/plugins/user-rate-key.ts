/**
 * Per-user rate limits for writes residents make often (raising, supporting, commenting): a route's
 * `config.rateLimit` from `perUserLimit(name, max, timeWindow)` counts requests per signed-in user
 * instead of per IP — a whole village behind one Wi-Fi or one carrier NAT must not share a budget,
 * and one person must not dodge it by switching networks.
 *
 * Order of hooks: the limiter runs as a ROUTE-level `preHandler` hook (`hook: 'preHandler'`), and
 * Fastify runs route-level hooks after the instance-level ones — so `auth.ts` has verified the token
 * (onRequest, a bad or missing token is a 401 first) and checked the route's permission (its
 * preHandler) before the key is computed, and `request.auth` is set. A body the schema refuses (400)
 * or a forbidden request (403) does not spend the budget: what is counted is a real attempt, the
 * one that costs a content check and a write. Requests without a user (only possible on public
 * routes) fall back to the client IP. Pinned down by test/cloud/plugins/raising-supporting-and-
 * commenting-are-limited-per-user.test.ts (same address, different users: only the eager one is
 * refused; another address does not reset it).
 */
import type { FastifyRequest } from 'fastify'

/** The rate-limit key of a request on the `name` limit: the signed-in user, else the client IP. */
export function userRateKey(name: string): (request: FastifyRequest) => string {
  return (request) =>
    request.auth ? `${name}:user:${request.auth.userId}` : `${name}:ip:${request.ip}`
}

/** A route's `config.rateLimit`: at most `max` requests per user within `timeWindow` ms. */
export function perUserLimit(name: string, max: number, timeWindow: number) {
  return { max, timeWindow, hook: 'preHandler' as const, keyGenerator: userRateKey(name) }
}

export const MINUTE = 60_000
export const HOUR = 3_600_000
