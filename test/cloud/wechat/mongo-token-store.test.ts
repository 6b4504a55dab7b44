import mongoose, { type Connection } from 'mongoose'
import { startEmbeddedServer, type EmbeddedServer } from '../../../cloud/embedded-db/src'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat'
import { createMongoTokenStore } from '../../../cloud/src/wechat/model'
import { clientFor } from './helpers'

describe('MongoDB token store shared by service instances', () => {
  let db: EmbeddedServer
  let conn: Connection
  let fake: FakeWechat
  beforeAll(async () => {
    db = await startEmbeddedServer({ port: 0 })
    conn = await mongoose.createConnection(db.uri, { dbName: 'wechat_token_test' }).asPromise()
  })
  afterAll(async () => {
    await conn?.close()
    await db?.close()
  })
  beforeEach(async () => {
    fake = await startFakeWechat()
    await conn.collection('wechat_tokens').deleteMany({})
  })
  afterEach(() => fake.close())

  it('grants the lease to one owner at a time until it expires or is released', async () => {
    const store = createMongoTokenStore(conn)
    expect(await store.tryLease('app', 'a', 10_000, 1_000)).toBe(true)
    expect(await store.tryLease('app', 'b', 10_000, 2_000)).toBe(false)
    expect(await store.tryLease('app', 'a', 10_000, 2_000)).toBe(true) // re-entrant for the owner
    expect(await store.tryLease('app', 'b', 10_000, 12_001)).toBe(true) // a's lease ran out
    await store.release('app', 'a') // not a's any more: no effect
    expect(await store.tryLease('app', 'c', 10_000, 13_000)).toBe(false)
    await store.release('app', 'b')
    expect(await store.tryLease('app', 'c', 10_000, 13_000)).toBe(true)
  })

  it('stores and reads back a token with its expiry times', async () => {
    const store = createMongoTokenStore(conn)
    expect(await store.read('app')).toBeNull()
    await store.write('app', { token: 'T', expiresAt: 5_000, refreshAt: 4_000, forcedAt: 1_000 })
    expect(await store.read('app')).toEqual({
      token: 'T',
      expiresAt: 5_000,
      refreshAt: 4_000,
      forcedAt: 1_000,
    })
  })

  it('lets two client instances on one database refresh the token only once', async () => {
    const a = clientFor(fake, { tokenStore: createMongoTokenStore(conn), instanceId: 'a' })
    const b = clientFor(fake, { tokenStore: createMongoTokenStore(conn), instanceId: 'b' })
    const openid = fake.openidFor('u')
    const check = { content: '你好', openid, scene: 2 as const }
    await Promise.all([
      a.msgSecCheck(check),
      b.msgSecCheck(check),
      a.msgSecCheck(check),
      b.msgSecCheck(check),
    ])
    expect(fake.stats().calls.stable_token).toBe(1)
    fake.expireTokens()
    await Promise.all([a.msgSecCheck(check), b.msgSecCheck(check)])
    expect(fake.stats().calls.stable_token).toBe(2)
    expect(await a.getAccessToken()).toBe(await b.getAccessToken())
  })
})
