/**
 * Where the access token lives, shared by every service instance (MongoDB in production, memory in unit
 * tests). The refresh LEASE makes one instance call stable_token while the others wait briefly or keep
 * using the still-valid token.
 */
export interface StoredToken {
  token: string
  /** ms epoch when WeChat stops accepting the token. */
  expiresAt: number
  /** ms epoch from which we fetch a new one (about 5 minutes before expiry). */
  refreshAt: number
  /** ms epoch of the last force_refresh by any instance (WeChat allows one per 30 s, 20 per day). */
  forcedAt?: number
}

export interface TokenStore {
  read(appId: string): Promise<StoredToken | null>
  /** Takes the refresh lease when it is free, expired or already ours; true when `owner` holds it. */
  tryLease(appId: string, owner: string, leaseMs: number, now: number): Promise<boolean>
  /** Saves a token fetched under the lease. */
  write(appId: string, token: StoredToken): Promise<void>
  /** Gives the lease back (no-op when another owner holds it). */
  release(appId: string, owner: string): Promise<void>
}

interface MemoryDoc {
  token?: StoredToken
  leaseOwner?: string
  leaseUntil?: number
}

/** In-process store for unit tests and single-instance development. */
export class MemoryTokenStore implements TokenStore {
  private readonly docs = new Map<string, MemoryDoc>()
  /** How many leases were granted — lets tests prove that one refresher ran. */
  leasesGranted = 0

  async read(appId: string): Promise<StoredToken | null> {
    const token = this.docs.get(appId)?.token
    return token ? { ...token } : null
  }

  async tryLease(appId: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    const doc = this.docs.get(appId) ?? {}
    const held = doc.leaseOwner !== undefined && doc.leaseOwner !== owner
    if (held && (doc.leaseUntil ?? 0) > now) return false
    doc.leaseOwner = owner
    doc.leaseUntil = now + leaseMs
    this.docs.set(appId, doc)
    this.leasesGranted++
    return true
  }

  async write(appId: string, token: StoredToken): Promise<void> {
    const doc = this.docs.get(appId) ?? {}
    doc.token = { ...token }
    this.docs.set(appId, doc)
  }

  async release(appId: string, owner: string): Promise<void> {
    const doc = this.docs.get(appId)
    if (doc?.leaseOwner === owner) {
      doc.leaseOwner = undefined
      doc.leaseUntil = undefined
    }
  }
}
