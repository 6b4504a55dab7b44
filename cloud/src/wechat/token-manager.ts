/**
 * Hands out the access token: a per-process cache in front of the shared TokenStore, one refresh at a
 * time per process (single flight) and per cluster (store lease). Refreshes use stable_token normal
 * mode, which never invalidates tokens other instances hold. force_refresh is used only when WeChat
 * rejected a token AND normal mode hands back that very token, and at most once per 30 s cluster-wide,
 * so a WeChat that keeps answering 40001 cannot drive a force-refresh loop.
 */
import { WechatError } from './errors'
import type { StoredToken, TokenStore } from './token-store'

export interface FetchedToken {
  token: string
  expiresInSec: number
}

export interface TokenManagerOptions {
  appId: string
  store: TokenStore
  fetchToken: (forceRefresh: boolean) => Promise<FetchedToken>
  now: () => number
  ownerId: string
  /** Refresh this long before expiry (default 5 min; at most half the token's life). */
  refreshAheadMs?: number
  /** How long a refresh lease lasts if its holder dies (default 15 s). */
  leaseMs?: number
  /** How long to wait for another instance's refresh when no valid token is left (default 5 s). */
  waitMs?: number
  pollMs?: number
  forceMinIntervalMs?: number
}

export interface TokenManager {
  getToken(): Promise<string>
  /** WeChat rejected `token` (40001/40014/42001): returns a different token, or throws. */
  replaceRejected(token: string): Promise<string>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createTokenManager(o: TokenManagerOptions): TokenManager {
  const refreshAheadMs = o.refreshAheadMs ?? 5 * 60_000
  const leaseMs = o.leaseMs ?? 15_000
  const pollMs = o.pollMs ?? 100
  const maxPolls = Math.max(1, Math.ceil((o.waitMs ?? 5_000) / pollMs))
  const forceMinIntervalMs = o.forceMinIntervalMs ?? 30_000
  let cache: StoredToken | null = null
  let inflight: Promise<string> | null = null
  let lastForceAt = -Infinity

  const remember = (t: StoredToken): string => {
    cache = t
    return t.token
  }
  const usable = (t: StoredToken | null, rejected: string | null): t is StoredToken =>
    t !== null && t.token !== rejected && t.expiresAt > o.now()
  const fresh = (t: StoredToken) => o.now() < t.refreshAt

  async function refreshUnderLease(rejected: string | null): Promise<string> {
    const current = await o.store.read(o.appId) // another instance may have refreshed meanwhile
    if (usable(current, rejected) && fresh(current)) return remember(current)
    let fetched = await o.fetchToken(false)
    let forcedAt = current?.forcedAt
    if (rejected !== null && fetched.token === rejected) {
      const last = Math.max(lastForceAt, current?.forcedAt ?? -Infinity)
      if (o.now() - last < forceMinIntervalMs) {
        throw new WechatError('WECHAT_TOKEN_INVALID', 'stable_token', {
          wechatMessage: 'token rejected again; force_refresh skipped (30 s minimum interval)',
        })
      }
      lastForceAt = forcedAt = o.now()
      fetched = await o.fetchToken(true)
    }
    const now = o.now()
    const lifeMs = fetched.expiresInSec * 1000
    const stored: StoredToken = {
      token: fetched.token,
      expiresAt: now + lifeMs,
      refreshAt: now + Math.max(lifeMs - refreshAheadMs, lifeMs / 2),
      forcedAt,
    }
    await o.store.write(o.appId, stored)
    return remember(stored)
  }

  async function obtain(rejected: string | null): Promise<string> {
    for (let poll = 0; ; poll++) {
      const stored = await o.store.read(o.appId)
      if (usable(stored, rejected) && fresh(stored)) return remember(stored)
      if (await o.store.tryLease(o.appId, o.ownerId, leaseMs, o.now())) {
        try {
          return await refreshUnderLease(rejected)
        } finally {
          await o.store.release(o.appId, o.ownerId).catch(() => undefined) // the lease expires anyway
        }
      }
      // Another instance is refreshing: keep using a token that is still valid, else wait for it.
      if (usable(stored, rejected)) return remember(stored)
      if (poll >= maxPolls) {
        throw new WechatError('WECHAT_BUSY', 'stable_token', {
          wechatMessage: 'timed out waiting for another instance to refresh the token',
        })
      }
      await sleep(pollMs)
    }
  }

  function single(rejected: string | null): Promise<string> {
    if (inflight) {
      // A refresh started before the rejection may still hand back the rejected token.
      return inflight.then((t) => (t === rejected ? single(rejected) : t))
    }
    const p = obtain(rejected).finally(() => {
      if (inflight === p) inflight = null
    })
    inflight = p
    return p
  }

  return {
    async getToken() {
      if (cache && fresh(cache) && cache.expiresAt > o.now()) return cache.token
      return single(null)
    },
    async replaceRejected(token: string) {
      if (cache?.token === token) cache = null
      return single(token)
    },
  }
}
