/**
 * `npm run bench -- supports`: SUPPORT_USERS (10k) distinct residents each support the same open
 * topic once (PUT /api/topics/:id/support) through the real service, SUPPORT_CONCURRENCY (64)
 * requests in flight; the topic's supportCount and the supports collection must both end at exactly
 * SUPPORT_USERS with no failed request. Baseline: the raw mongodb driver upserting the same
 * (topicId, userId) pairs into a collection with the same unique index, same concurrency, same
 * embedded server. Higher supports/s is better; ratio target ≥ 0.5.
 */
import { ObjectId, type Collection, type Db } from 'mongodb'
import { startBenchStack } from './lib/bench-stack'
import { insertRoom, insertUsers, mintTokens, openTopicMaker, type BenchRoom } from './lib/fixtures'
import { waitForIdle } from './lib/idle'
import { envNumber, progress } from './lib/options'
import { httpClient, runPool, type PoolResult } from './lib/pool'
import { ratioOf, type BenchResult } from './lib/types'

const WARMUP_MAX = 200

/** An open topic created now (so its support window is open), by `authorId`. */
async function insertFreshTopic(db: Db, room: BenchRoom, authorId: ObjectId): Promise<ObjectId> {
  const now = new Date()
  const doc = openTopicMaker({ room, authorIds: [authorId] }, now.getTime() % 1000)(0)
  Object.assign(doc, { createdAt: now, updatedAt: now, stateChangedAt: now, supportCount: 0 })
  await db.collection('topics').insertOne(doc)
  return doc._id as ObjectId
}

function figures(result: PoolResult) {
  return {
    opsPerSec: result.opsPerSec,
    seconds: result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    failures: result.failures,
    cpuShare: result.cpuShare,
  }
}

/** The raw driver's upsert of one (topicId, userId) support: the floor the service is held to. */
function upsertSupport(coll: Collection, topicId: ObjectId, userId: ObjectId) {
  return coll.updateOne(
    { topicId, userId },
    { $setOnInsert: { createdAt: new Date() } },
    { upsert: true },
  )
}

export async function run(): Promise<BenchResult> {
  const users = Math.round(envNumber('SUPPORT_USERS', 10_000))
  const concurrency = Math.round(envNumber('SUPPORT_CONCURRENCY', 64))
  const warmups = Math.min(WARMUP_MAX, users)

  // Every request comes from one IP: lift the per-IP limit (each user supports once, so a
  // per-user limit on the route does not bite).
  const bench = await startBenchStack({ RATE_LIMIT_MAX: '1000000000' })
  const client = httpClient(bench.stack.url, concurrency)
  try {
    const { db } = bench
    const room = await insertRoom(db, { supportThreshold: null })
    progress(`inserting ${users} users and minting their access tokens…`)
    const [authorId, ...userIds] = await insertUsers(db, users + 1)
    const tokens = await mintTokens(db, userIds, bench.stack.config.jwt.accessSecret)
    const topicId = await insertFreshTopic(db, room, authorId)
    const warmupTopicId = await insertFreshTopic(db, room, authorId)

    const support = (topic: ObjectId) => async (i: number) => {
      const answer = await client.request('PUT', `/api/topics/${topic.toHexString()}/support`, {
        authorization: `Bearer ${tokens[i]}`,
      })
      if (answer.status !== 200) throw new Error(`${answer.status} ${answer.body.slice(0, 200)}`)
    }

    progress(`warm-up: ${warmups} supports on another topic…`)
    await runPool(warmups, concurrency, support(warmupTopicId))
    await waitForIdle()

    progress(`service: ${users} users support one topic, ${concurrency} at a time…`)
    const service = await runPool(users, concurrency, support(topicId))
    progress(
      `  ${service.opsPerSec} supports/s, p99 ${service.p99Ms} ms, ${service.failures} failures` +
        (service.failureSamples.length ? ` (${service.failureSamples.join(' | ')})` : ''),
    )
    await waitForIdle()
    const topic = await db.collection('topics').findOne({ _id: topicId })
    const supportCount = Number(topic?.supportCount)
    const supportsStored = await db.collection('supports').countDocuments({ topicId })
    const exact = supportCount === users && supportsStored === users
    if (!exact) {
      progress(`  COUNT MISMATCH: supportCount ${supportCount}, supports ${supportsStored}`)
    }

    const raw = db.collection('bench_supports')
    await raw.createIndex({ topicId: 1, userId: 1 }, { unique: true })
    await runPool(warmups, concurrency, (i) =>
      upsertSupport(raw, warmupTopicId, userIds[i]).then(() => undefined),
    )
    await waitForIdle()
    progress(`raw driver: ${users} upserts, ${concurrency} at a time…`)
    const baseline = await runPool(users, concurrency, async (i) => {
      const result = await upsertSupport(raw, topicId, userIds[i])
      if (result.upsertedCount !== 1) throw new Error('upsert did not insert')
    })
    progress(`  ${baseline.opsPerSec} upserts/s, p99 ${baseline.p99Ms} ms`)
    const baselineStored = await raw.countDocuments({ topicId })
    // The same upserts, each on a topic of its own: the embedded planner narrows candidates by an
    // index's leading field only, so upserts into one big topic are O(supports) each — this run
    // shows the driver's rate without that artefact.
    await waitForIdle()
    const spreadTopics = userIds.map(() => new ObjectId())
    const spread = await runPool(users, concurrency, async (i) => {
      await upsertSupport(raw, spreadTopics[i], userIds[i])
    })
    progress(`  one topic per upsert: ${spread.opsPerSec} upserts/s`)

    return {
      value: service.opsPerSec,
      baseline: baseline.opsPerSec,
      ratio: ratioOf(service.opsPerSec, baseline.opsPerSec),
      unit: 'supports/s',
      extra: {
        p99Ms: service.p99Ms,
        baselineP99Ms: baseline.p99Ms,
        errors: service.failures,
        errorSamples: service.failureSamples,
        exact,
        supportCount,
        supportsStored,
        baselineStored,
        baselineErrors: baseline.failures,
        users,
        concurrency,
        service: figures(service),
        rawDriver: figures(baseline),
        rawDriverOneTopicPerUpsert: figures(spread),
        ratioToOneTopicPerUpsert: ratioOf(service.opsPerSec, spread.opsPerSec),
        note:
          'higher is better; baseline = raw driver updateOne upsert ($setOnInsert) on a unique ' +
          '(topicId, userId) index, same concurrency and server; the service also authenticates, ' +
          'checks the guards and increments supportCount in a transaction; ' +
          'service, DB and load generator share one process',
      },
    }
  } finally {
    client.close()
    await bench.close()
  }
}
