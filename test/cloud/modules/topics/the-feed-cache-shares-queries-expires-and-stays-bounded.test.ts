import type { App } from '../../../../cloud/src/app'
import {
  FeedCache,
  invalidateRoomFeed,
  invalidateRoomFeedWith,
  roomFeedCache,
} from '../../../../cloud/src/modules/topics/feed-cache'
import { readPublicRoomFeed } from '../../../../cloud/src/modules/topics/list-topics'
import { build } from '../../../helpers/build'
import { createTestTopic } from '../../../helpers/topics'
import { topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

type Feed = Awaited<ReturnType<typeof readPublicRoomFeed>>

describe('the feed cache', () => {
  let app: App
  let world: TopicsFixture
  let clock = 0
  const now = () => clock

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
    await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
    })
  })

  /** The real page query, counted. */
  function countedFeed() {
    const calls = { count: 0 }
    const load = async (): Promise<Feed> => {
      calls.count += 1
      return readPublicRoomFeed(app.db, world.room.id, { sort: 'new', limit: 20 })
    }
    return { calls, load }
  }

  function deferred<T>() {
    let resolve!: (value: T) => void
    const promise = new Promise<T>((done) => (resolve = done))
    return { promise, resolve }
  }

  it('makes one query for concurrent misses on one page', async () => {
    const cache = new FeedCache<Feed>({ now })
    const { calls, load } = countedFeed()
    const pages = await Promise.all(
      Array.from({ length: 10 }, () => cache.get(world.room.id, 'new', load)),
    )
    expect(calls.count).toBe(1)
    expect(new Set(pages).size).toBe(1)
    expect(pages[0].page.items).toHaveLength(1)
    await cache.get(world.room.id, 'new', load)
    expect(calls.count).toBe(1)
  })

  it('lets a page expire once its time to live has passed', async () => {
    clock = 1_000
    const cache = new FeedCache<Feed>({ ttlMs: 1_500, refreshAfterMs: 1_500, now })
    const { calls, load } = countedFeed()
    await cache.get(world.room.id, 'new', load)
    clock = 2_499
    await cache.get(world.room.id, 'new', load)
    expect(calls.count).toBe(1)
    clock = 2_500
    await cache.get(world.room.id, 'new', load)
    expect(calls.count).toBe(2)
  })

  it('reloads a busy page in the background before it expires, never serving it past its TTL', async () => {
    clock = 0
    const cache = new FeedCache<string>({ ttlMs: 2_000, now })
    const reload = deferred<string>()
    let loads = 0
    const load = (value: string | Promise<string>) => async () => {
      loads += 1
      return value
    }
    expect(await cache.get(world.room.id, 'new', load('v1'))).toBe('v1')
    clock = 1_000
    // Half its TTL old: the hit still gets v1 at once and starts one reload.
    expect(await cache.get(world.room.id, 'new', load(reload.promise))).toBe('v1')
    expect(await cache.get(world.room.id, 'new', load('unused'))).toBe('v1')
    expect(loads).toBe(2)
    reload.resolve('v2')
    await reload.promise
    await Promise.resolve()
    expect(await cache.get(world.room.id, 'new', load('unused'))).toBe('v2')
    // v2's age counts from the start of its reload (t = 1000): at t = 3000 it has expired.
    clock = 3_000
    expect(await cache.get(world.room.id, 'new', load('v3'))).toBe('v3')
    expect(loads).toBe(3)
  })

  it('drops a room’s pages on invalidation and keeps other rooms’', async () => {
    const cache = new FeedCache<string>({ now })
    let loads = 0
    const load = (value: string) => async () => {
      loads += 1
      return value
    }
    await cache.get(world.room.id, 'new', load('a'))
    await cache.get(world.room.id, 'hot', load('b'))
    await cache.get(world.otherRoom.id, 'new', load('c'))
    // Room ids from a URL may be upper-case hex; writers pass ObjectIds.
    cache.invalidate(world.room.id.toUpperCase())
    expect(cache.size).toBe(1)
    expect(await cache.get(world.otherRoom.id, 'new', load('x'))).toBe('c')
    expect(await cache.get(world.room.id, 'new', load('a2'))).toBe('a2')
    expect(loads).toBe(4)
  })

  it('never stores a page whose room was invalidated while its query ran', async () => {
    const cache = new FeedCache<string>({ now })
    const slow = deferred<string>()
    const waiting = cache.get(world.room.id, 'new', () => slow.promise)
    cache.invalidate(world.room.id)
    const fresh = cache.get(world.room.id, 'new', async () => 'after the write')
    slow.resolve('before the write')
    // The request that overlapped the write gets the old page; later ones never see it.
    expect(await waiting).toBe('before the write')
    expect(await fresh).toBe('after the write')
    expect(await cache.get(world.room.id, 'new', async () => 'unused')).toBe('after the write')
  })

  it('does not cache a failed query', async () => {
    const cache = new FeedCache<string>({ now })
    await expect(
      cache.get(world.room.id, 'new', async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(cache.size).toBe(0)
    expect(await cache.get(world.room.id, 'new', async () => 'ok')).toBe('ok')
  })

  it('holds at most its size bound, evicting the least recently used page', async () => {
    const cache = new FeedCache<string>({ maxEntries: 3, now })
    const value = (v: string) => async () => v
    await cache.get(world.room.id, 'p1', value('1'))
    await cache.get(world.room.id, 'p2', value('2'))
    await cache.get(world.room.id, 'p3', value('3'))
    await cache.get(world.room.id, 'p1', value('unused')) // p1 is now the most recent
    await cache.get(world.otherRoom.id, 'p4', value('4'))
    expect(cache.size).toBe(3)
    expect(await cache.get(world.room.id, 'p1', value('reloaded'))).toBe('1')
    expect(await cache.get(world.room.id, 'p2', value('reloaded'))).toBe('reloaded')
    for (let i = 0; i < 50; i += 1) await cache.get(world.room.id, `q${i}`, value(String(i)))
    expect(cache.size).toBe(3)
  })

  it('drops a room’s pages again when the writing transaction’s session ends', async () => {
    roomFeedCache.clear()
    const session = await app.db.startSession()
    await roomFeedCache.get(world.room.id, 'k', async () => ({
      body: Buffer.from('old'),
      anonymousAuthorIds: [],
    }))
    invalidateRoomFeedWith(session, world.room.id)
    expect(roomFeedCache.size).toBe(0)
    // A read between the write and its commit caches what it saw…
    await roomFeedCache.get(world.room.id, 'k', async () => ({
      body: Buffer.from('racing'),
      anonymousAuthorIds: [],
    }))
    expect(roomFeedCache.size).toBe(1)
    await session.endSession()
    // …and the end of the session drops it.
    expect(roomFeedCache.size).toBe(0)
    invalidateRoomFeed(world.room.id)
  })
})
