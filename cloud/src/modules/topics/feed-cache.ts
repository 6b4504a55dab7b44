/**
 * A short-lived per-instance cache of room feed pages as the public sees them (GET
 * /api/rooms/:roomId/topics without a hidden-state filter), so that a room whose QR code a crowd
 * just scanned costs one query per page per FEED_CACHE_TTL_MS instead of one per request.
 *
 * - What is cached: the page's serialized JSON (through the route's response schema, so the same
 *   allow-list applies) as an anonymous caller gets it, plus, for anonymous topics, their author
 *   ids. The only way a signed-in caller's page differs is that they see their OWN anonymous topics
 *   under their name; such a page is rebuilt from the cached one for them and never cached.
 *   Hidden-state filters (moderators) bypass the cache.
 * - Key: the DB connection, the room and the normalized query (sort, state, category, source,
 *   cursor, limit).
 * - Freshness: writes in this instance that change what a room's feed shows call
 *   `invalidateRoomFeed` (raise, supports, merges, comment counts, every state change through
 *   `fireTopicEvent` — both rooms when an accepted escalation moves the topic — or the meetings'
 *   `stepTopic`). Inside a transaction they call `invalidateRoomFeedWith(session, roomId)`, which
 *   drops the room's pages at once AND when the session ends (after the commit), so a read racing
 *   the commit cannot keep the old page. Writes made by OTHER instances (and display-name changes,
 *   which invalidate nothing) show within FEED_CACHE_TTL_MS: a page's age counts from the start of
 *   the query that produced it, and no page is served past its TTL.
 * - Single flight: concurrent misses on one key share one query; a page whose room was invalidated
 *   while its query ran is handed to the requests already waiting for it (they overlapped the
 *   write) but never stored. A page hit after half its TTL is reloaded in the background (one
 *   reload at a time), so a busy page is replaced before it expires rather than stalling every
 *   request for a query; it is never served past its TTL.
 * - Size: at most FEED_CACHE_MAX_ENTRIES pages, least recently used evicted first.
 */
import type { ClientSession } from 'mongoose'

export const FEED_CACHE_TTL_MS = 2_000
export const FEED_CACHE_MAX_ENTRIES = 500

export interface FeedCacheOptions {
  ttlMs?: number
  /**
   * Age after which a hit also starts a background reload (default: half the TTL), so that a busy
   * page is replaced before it expires instead of making every request wait for the query.
   */
  refreshAfterMs?: number
  maxEntries?: number
  /** Milliseconds clock (tests inject one). */
  now?: () => number
}

interface Entry<T> {
  room: string
  /** The page once loaded. */
  value?: T
  /** The shared query while loading. */
  loading?: Promise<T>
  /** Whether a background reload of the loaded page is running. */
  refreshing?: boolean
  refreshAt: number
  expiresAt: number
}

/** Room ids arrive as ObjectIds, lower-case strings or (from a URL) upper-case hex. */
function roomKey(roomId: string | { toString(): string }): string {
  return String(roomId).toLowerCase()
}

export class FeedCache<T> {
  private readonly ttlMs: number
  private readonly refreshAfterMs: number
  private readonly maxEntries: number
  private readonly now: () => number
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry<T>>()
  private readonly keysByRoom = new Map<string, Set<string>>()

  constructor(options: FeedCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? FEED_CACHE_TTL_MS
    this.refreshAfterMs = Math.min(options.refreshAfterMs ?? this.ttlMs / 2, this.ttlMs)
    this.maxEntries = options.maxEntries ?? FEED_CACHE_MAX_ENTRIES
    this.now = options.now ?? Date.now
  }

  /** Pages held or loading. */
  get size(): number {
    return this.entries.size
  }

  /** The cached value of `key` (in `roomId`), or `load()`'s, shared with concurrent callers. */
  get(roomId: string | { toString(): string }, key: string, load: () => Promise<T>): Promise<T> {
    const room = roomKey(roomId)
    const fullKey = `${room}|${key}`
    const now = this.now()
    const entry = this.entries.get(fullKey)
    if (entry) {
      if (entry.loading) return entry.loading
      if (entry.expiresAt > now) {
        this.entries.delete(fullKey)
        this.entries.set(fullKey, entry)
        if (entry.refreshAt <= now && !entry.refreshing) this.refresh(fullKey, entry, now, load)
        return Promise.resolve(entry.value as T)
      }
      this.remove(fullKey)
    }
    const fresh: Entry<T> = {
      room,
      refreshAt: now + this.refreshAfterMs,
      expiresAt: now + this.ttlMs,
    }
    fresh.loading = load().then(
      (value) => {
        // Still ours (not invalidated, evicted or replaced meanwhile): keep it.
        if (this.entries.get(fullKey) === fresh) {
          fresh.value = value
          fresh.loading = undefined
        }
        return value
      },
      (error: unknown) => {
        if (this.entries.get(fullKey) === fresh) this.remove(fullKey)
        throw error
      },
    )
    this.entries.set(fullKey, fresh)
    let keys = this.keysByRoom.get(room)
    if (!keys) this.keysByRoom.set(room, (keys = new Set()))
    keys.add(fullKey)
    this.evictOverflow()
    return fresh.loading
  }

  /**
   * Reloads a loaded page in the background; its hits keep the current page (still within its
   * TTL) meanwhile. A failed reload is dropped: the page expires and the next miss reports it.
   */
  private refresh(fullKey: string, entry: Entry<T>, now: number, load: () => Promise<T>): void {
    entry.refreshing = true
    load().then(
      (value) => {
        entry.refreshing = false
        // Invalidated, evicted or replaced meanwhile: the reload may predate a write.
        if (this.entries.get(fullKey) !== entry) return
        entry.value = value
        entry.refreshAt = now + this.refreshAfterMs
        entry.expiresAt = now + this.ttlMs
      },
      () => {
        entry.refreshing = false
        entry.refreshAt = entry.expiresAt
      },
    )
  }

  /** Drops every page of the room, loaded or loading. */
  invalidate(roomId: string | { toString(): string }): void {
    const room = roomKey(roomId)
    const keys = this.keysByRoom.get(room)
    if (!keys) return
    this.keysByRoom.delete(room)
    for (const key of keys) this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
    this.keysByRoom.clear()
  }

  private remove(fullKey: string): void {
    const entry = this.entries.get(fullKey)
    if (!entry) return
    this.entries.delete(fullKey)
    const keys = this.keysByRoom.get(entry.room)
    keys?.delete(fullKey)
    if (keys?.size === 0) this.keysByRoom.delete(entry.room)
  }

  private evictOverflow(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string
      this.remove(oldest)
    }
  }
}

/** A public feed page: its body, and who wrote each of its anonymous topics. */
export interface CachedFeedPage {
  /** The JSON text, UTF-8 encoded once (not on every send). */
  body: Buffer
  /** Per item: the author's id when the topic is anonymous, else null. */
  anonymousAuthorIds: ReadonlyArray<string | null>
}

/** The instance's cache of public feed pages. */
export const roomFeedCache = new FeedCache<CachedFeedPage>()

/** Drops the room's cached feed pages in this instance (call it after a committed write). */
export function invalidateRoomFeed(roomId: string | { toString(): string }): void {
  roomFeedCache.invalidate(roomId)
}

const pendingBySession = new WeakMap<ClientSession, Set<string>>()

/**
 * For a write inside a transaction: drops the room's pages now and again once the session ends
 * (after its commit or abort), so that no page read before the commit outlives it.
 */
export function invalidateRoomFeedWith(
  session: ClientSession,
  roomId: string | { toString(): string },
): void {
  const room = roomKey(roomId)
  invalidateRoomFeed(room)
  if (session.hasEnded) return
  let rooms = pendingBySession.get(session)
  if (!rooms) {
    const pending = new Set<string>()
    pendingBySession.set(session, (rooms = pending))
    session.once('ended', () => {
      for (const id of pending) invalidateRoomFeed(id)
    })
  }
  rooms.add(room)
}
