/**
 * The room feed route's use case: public pages from the instance's feed cache (`feed-cache.ts`,
 * which explains what is cached and how it stays fresh), a signed-in caller's own anonymous topics
 * shown under their name, and hidden-state filters (moderators) read uncached.
 */
import type { Connection } from 'mongoose'
import { HIDDEN_STATES } from '../../../../shared/domain/topic-machine'
import type { Caller } from './caller'
import { roomFeedCache, type CachedFeedPage } from './feed-cache'
import { listRoomTopics, readPublicRoomFeed } from './list-topics'
import type { RoomTopicsQuery, TopicPage } from './schema'
import { displayNames, UNKNOWN_NAME } from './topic-view'

const connectionIds = new WeakMap<Connection, number>()
let connections = 0

/** One app's database is not another's, even when ids coincide (tests, seeded demo data). */
function connectionId(db: Connection): number {
  let id = connectionIds.get(db)
  if (id === undefined) connectionIds.set(db, (id = ++connections))
  return id
}

/** Whether the feed query is the public one (hidden states are for moderators: not cached). */
export function isPublicFeedQuery(query: RoomTopicsQuery): boolean {
  return !(query.state && HIDDEN_STATES.includes(query.state))
}

function feedKey(db: Connection, query: RoomTopicsQuery): string {
  const { sort, state, category, source, cursor, limit } = query
  return [
    connectionId(db),
    sort,
    state ?? '',
    category ?? '',
    source ?? '',
    limit,
    cursor ?? '',
  ].join('|')
}

/**
 * The room's feed page for this caller: its JSON text (`json`: the cached public page, or one
 * rebuilt for a caller who sees their own anonymous topics by name), or, for a hidden-state filter,
 * the page itself (`page`: uncached; the route serializes it). `serialize` is the route's response
 * serializer, so cached text passes the same response-schema allow-list as a serialized page.
 */
export type RoomFeedAnswer = { json: Buffer | string } | { page: TopicPage }

export async function roomFeedFor(
  db: Connection,
  caller: Caller | null,
  roomId: string,
  query: RoomTopicsQuery,
  serialize: (page: TopicPage) => string,
): Promise<RoomFeedAnswer> {
  if (!isPublicFeedQuery(query)) return { page: await listRoomTopics(db, caller, roomId, query) }
  const cached = await roomFeedCache.get(roomId, feedKey(db, query), async () => {
    const feed = await readPublicRoomFeed(db, roomId, query)
    return { body: Buffer.from(serialize(feed.page)), anonymousAuthorIds: feed.anonymousAuthorIds }
  })
  if (!caller || !cached.anonymousAuthorIds.includes(caller.userId)) return { json: cached.body }
  return { json: await ownNamesShown(db, cached, caller.userId, serialize) }
}

/** The page as its author sees it: their own anonymous topics under their name. */
async function ownNamesShown(
  db: Connection,
  cached: CachedFeedPage,
  userId: string,
  serialize: (page: TopicPage) => string,
): Promise<string> {
  const page = JSON.parse(cached.body.toString()) as TopicPage
  const name = (await displayNames(db, [userId])).get(userId) ?? UNKNOWN_NAME
  cached.anonymousAuthorIds.forEach((authorId, index) => {
    if (authorId === userId) page.items[index].author = { displayName: name }
  })
  return serialize(page)
}
