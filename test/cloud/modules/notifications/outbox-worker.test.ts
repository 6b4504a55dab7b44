import mongoose, { type Connection } from 'mongoose'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { startEmbeddedServer, type EmbeddedServer } from '../../../../cloud/embedded-db/src/index'
import {
  grantModel,
  notificationModel,
  outboxModel,
  prefsModel,
} from '../../../../cloud/src/modules/notifications/model'
import { claimForCalling } from '../../../../cloud/src/modules/notifications/outbox-claim'
import { OutboxWorker } from '../../../../cloud/src/modules/notifications/outbox-worker'
import { claimWithGrants } from '../../../../cloud/src/modules/notifications/outbox-writes'
import { createWechatClient, MemoryTokenStore } from '../../../../cloud/src/wechat/index'
import { DEV_TEMPLATE_CONFIG } from '../../../../shared/notifications/formatters'
import { announceOutcome, residentsWithGrants, TOPIC_TEMPLATE } from './fixtures/outbox-world'

let server: EmbeddedServer
let fake: FakeWechat
let db: Connection
let counter = 0

// The embedded DB shares two cores with the rest of the suite.
jest.setTimeout(60_000)

beforeAll(async () => {
  server = await startEmbeddedServer({ port: 0 })
})

beforeEach(async () => {
  counter += 1
  fake = await startFakeWechat({ port: 0 })
  db = await mongoose.createConnection(server.uri, { dbName: `outbox_${counter}` }).asPromise()
})

afterEach(async () => {
  await db.close()
  await fake.close()
})

afterAll(async () => {
  await server.close()
})

function worker(
  options: { owner?: string; ratePerSecond?: number; concurrency?: number } = {},
): OutboxWorker {
  const wechat = createWechatClient({
    appId: fake.appId,
    secret: fake.secret,
    baseUrl: fake.baseUrl,
    tokenStore: new MemoryTokenStore(),
  })
  return new OutboxWorker({
    db,
    wechat,
    templates: DEV_TEMPLATE_CONFIG,
    ratePerSecond: 1000,
    ...options,
  })
}

async function results(): Promise<Record<string, number>> {
  const rows = await outboxModel(db).find({}, { result: 1 }).lean()
  const counts: Record<string, number> = {}
  for (const row of rows) counts[row.result ?? 'none'] = (counts[row.result ?? 'none'] ?? 0) + 1
  return counts
}

describe('the outbox worker', () => {
  it('sends each entry once and puts every notification in the in-app centre', async () => {
    const users = await residentsWithGrants(db, fake, 20)
    await announceOutcome(db, users)
    await announceOutcome(db, users) // the same event again: nobody is notified twice
    expect(await worker().drain()).toBe(20)
    expect(fake.sent()).toHaveLength(20)
    expect(new Set(fake.sent().map((m) => m.page)).size).toBe(20)
    expect(await notificationModel(db).countDocuments()).toBe(20)
    expect(await results()).toEqual({ sent: 20 })
    expect(await grantModel(db).countDocuments({ remaining: 0 })).toBe(20)
  })

  it('keeps a user without a grant to the in-app centre instead of looping on errors', async () => {
    const [withGrant] = await residentsWithGrants(db, fake, 1, 'g')
    const [noGrant] = await residentsWithGrants(db, null, 1, 'n')
    await grantModel(db).updateOne(
      { userId: new mongoose.Types.ObjectId(noGrant) },
      { $set: { remaining: 0 } },
    )
    // Our count says yes but WeChat says no (43101): trusted, and the grant is zeroed.
    const [stale] = await residentsWithGrants(db, null, 1, 's')
    await announceOutcome(db, [withGrant, noGrant, stale])
    await worker().drain()
    expect(fake.sent()).toHaveLength(1)
    expect(await results()).toEqual({ sent: 1, no_grant: 2 })
    const staleGrant = await grantModel(db)
      .findOne({ userId: new mongoose.Types.ObjectId(stale), templateId: TOPIC_TEMPLATE })
      .lean()
    expect(staleGrant?.remaining).toBe(0)
    expect(await notificationModel(db).countDocuments()).toBe(3)
  })

  it('spends a single grant on one of two messages to a person and keeps the other in-app', async () => {
    const [user] = await residentsWithGrants(db, fake, 1, 'two')
    await announceOutcome(db, [user], 'topic:t1:outcome')
    await announceOutcome(db, [user], 'topic:t2:outcome')
    expect(await worker().drain()).toBe(2)
    expect(fake.sent()).toHaveLength(1)
    expect(await results()).toEqual({ sent: 1, no_grant: 1 })
    const grant = await grantModel(db)
      .findOne({ userId: new mongoose.Types.ObjectId(user) })
      .lean()
    expect(grant?.remaining).toBe(0)
    expect(await notificationModel(db).countDocuments()).toBe(2)
  })

  it('never sends faster than its rate, beyond a burst of a quarter second', async () => {
    const users = await residentsWithGrants(db, fake, 30, 'r')
    await announceOutcome(db, users)
    const rate = 40
    expect(await worker({ ratePerSecond: rate, concurrency: 4 }).drain()).toBe(30)
    const times = fake.sent().map((m) => Date.parse(m.sentAt))
    expect(times).toHaveLength(30)
    const burst = Math.max(4, Math.ceil(rate / 4))
    for (let i = 0; i < times.length; i += 1) {
      for (let j = i; j < times.length; j += 1) {
        // j - i + 1 sends within [times[i], times[j]]; 100 ms of slack for requests' own delays.
        expect(j - i + 1).toBeLessThanOrEqual(
          burst + Math.floor((rate * (times[j] - times[i] + 100)) / 1000),
        )
      }
    }
  })

  it('respects muted kinds and the daily-digest preference', async () => {
    const [muted, digest] = await residentsWithGrants(db, fake, 2, 'p')
    await prefsModel(db).insertMany([
      {
        _id: new mongoose.Types.ObjectId(muted),
        mutedKinds: ['outcome_published'],
        digest: false,
        updatedAt: new Date(),
      },
      {
        _id: new mongoose.Types.ObjectId(digest),
        mutedKinds: [],
        digest: true,
        updatedAt: new Date(),
      },
    ])
    await announceOutcome(db, [muted, digest])
    await worker().drain()
    expect(fake.sent()).toHaveLength(0)
    expect(await results()).toEqual({ opted_out: 1, digest: 1 })
  })

  it('closes an entry whose worker died mid-send as uncertain and never sends it again', async () => {
    const [user] = await residentsWithGrants(db, fake, 1, 'd')
    await announceOutcome(db, [user])
    await outboxModel(db).updateOne(
      {},
      {
        $set: {
          status: 'sending',
          leaseOwner: 'dead-worker',
          leaseUntil: new Date(Date.now() - 1000),
        },
      },
    )
    await worker().drain()
    expect(fake.sent()).toHaveLength(0)
    expect(await results()).toEqual({ uncertain: 1 })
  })

  it('lets two workers drain one outbox without sending anything twice', async () => {
    const users = await residentsWithGrants(db, fake, 60, 'c')
    await announceOutcome(db, users)
    const [a, b] = await Promise.all([
      worker({ owner: 'a' }).drain(),
      worker({ owner: 'b' }).drain(),
    ])
    expect(a + b).toBe(60)
    expect(new Set(fake.sent().map((m) => m.page)).size).toBe(60)
    expect(fake.sent()).toHaveLength(60)
  })

  it('takes no grant for an entry another worker claimed first, so a reader never sees it used up', async () => {
    const [user] = await residentsWithGrants(db, fake, 1, 'g')
    await announceOutcome(db, [user])
    // Both workers read the entry while it was pending; the other one claims it first.
    const stale = await outboxModel(db).findOne({}).lean()
    const grant = await grantModel(db).findOne({}).lean()
    const lease = new Date(Date.now() + 30_000)
    expect(await claimForCalling(db, 'other', lease, [stale!])).toHaveLength(1)

    const late = await claimWithGrants(
      db,
      'late',
      lease,
      [{ entry: stale!, grantId: grant!._id }],
      't',
    )
    expect(late.won.size).toBe(0)
    expect(late.granted.size).toBe(0)
    // The grant is whole: the winner (or a reader deciding "no grant → in-app only") finds it.
    expect((await grantModel(db).findById(grant!._id).lean())!.remaining).toBe(1)
  })

  it('closes nothing as "no grant" when two workers race for the same entries of granted users', async () => {
    const users = await residentsWithGrants(db, fake, 200, 'r')
    await announceOutcome(db, users)
    // Small batches and groups read the same few oldest entries over and over: many lost claims.
    const racers = ['r1', 'r2', 'r3', 'r4'].map((owner) => worker({ owner, concurrency: 2 }))
    await Promise.all(racers.map((racer) => racer.drain()))
    expect(await results()).toEqual({ sent: 200 })
    expect(fake.sent()).toHaveLength(200)
  })
})
