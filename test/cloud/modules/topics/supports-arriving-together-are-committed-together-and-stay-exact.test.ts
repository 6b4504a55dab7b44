import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import type { Caller } from '../../../../cloud/src/modules/topics/caller'
import { supportModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { supportBatchStats, supportTopic } from '../../../../cloud/src/modules/topics/supports'
import { UnitTree } from '../../../../shared/domain/unit-tree'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import { setSupportThreshold, topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(180_000)

describe('supports arriving together (group commit per topic)', () => {
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build({ env: { RATE_LIMIT_MAX: '100000' } })
    world = await topicsFixture(app, null)
  })

  afterAll(async () => {
    await app.close()
  })

  const support = (topicId: string, user: TestUser, method: 'PUT' | 'DELETE' = 'PUT') =>
    app.inject({ method, url: `/api/topics/${topicId}/support`, headers: user.headers })

  async function openTopic() {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
    })
    return String(topic._id)
  }

  async function people(n: number) {
    return Promise.all(Array.from({ length: n }, () => createTestUser(app)))
  }

  async function stored(topicId: string) {
    const topic = await topicModel(app.db).findById(topicId).lean()
    const documents = await supportModel(app.db).countDocuments({ topicId })
    return { count: topic?.supportCount, documents, state: topic?.state }
  }

  it('counts 80 people supporting one topic at once exactly, in fewer transactions than supports', async () => {
    const id = await openTopic()
    const fans = await people(80)
    const before = supportBatchStats(app.db)
    const responses = await Promise.all(fans.map((fan) => support(id, fan)))
    const after = supportBatchStats(app.db)
    expect(responses.map((res) => res.statusCode)).toEqual(fans.map(() => 200))
    expect(responses.every((res) => res.json().supportedByMe === true)).toBe(true)
    expect(await stored(id)).toEqual({ count: 80, documents: 80, state: 'open' })
    expect(after.items - before.items).toBe(80)
    // Batches really formed: far fewer commits than supports.
    expect(after.batches - before.batches).toBeLessThan(40)
    // The last answer to leave saw every support counted.
    expect(Math.max(...responses.map((res) => res.json().supportCount))).toBe(80)
  })

  it('answers repeats inside the same batch like the first support and counts the person once', async () => {
    const id = await openTopic()
    const [eager, ...others] = await people(6)
    const requests = [
      ...Array.from({ length: 8 }, () => support(id, eager)),
      ...others.map((fan) => support(id, fan)),
    ]
    const responses = await Promise.all(requests)
    expect(responses.map((res) => res.statusCode)).toEqual(requests.map(() => 200))
    expect(responses.every((res) => res.json().supportedByMe === true)).toBe(true)
    expect(await stored(id)).toEqual({ count: 6, documents: 6, state: 'open' })
    expect(await supportModel(app.db).countDocuments({ topicId: id, userId: eager.id })).toBe(1)
  })

  it('refuses every support of a batch racing the topic out of the supportable states and keeps none', async () => {
    const id = await openTopic()
    const earlier = await createTestUser(app)
    expect((await support(id, earlier)).statusCode).toBe(200)
    // Callers whose standing is held back until the topic has moved on: the batch has already
    // read the topic as open, so only the guarded count update can notice.
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let asked!: () => void
    const standingAsked = new Promise<void>((resolve) => (asked = resolve))
    const caller = (userId: string): Caller => ({
      userId,
      async contextIn() {
        asked()
        await gate
        return {
          user: { userId, grants: [] },
          units: new UnitTree([]),
          now: new Date(),
        }
      },
    })
    const newcomers = Array.from({ length: 12 }, () => new Types.ObjectId().toHexString())
    const pending = [...newcomers, earlier.id].map((userId) =>
      supportTopic(app.db, caller(userId), id).then(
        (value) => ({ ok: true as const, value }),
        (error: { code?: string }) => ({ ok: false as const, code: error.code }),
      ),
    )
    // The batch has read the topic (it asks for standings next): close supports under it.
    await standingAsked
    await topicModel(app.db).updateOne({ _id: id }, { $set: { state: 'in_progress' } })
    release()
    const answers = await Promise.all(pending)
    expect(answers.slice(0, newcomers.length)).toEqual(
      newcomers.map(() => ({ ok: false, code: 'SUPPORT_CLOSED' })),
    )
    // The person who had supported before gets the idempotent answer.
    expect(answers[newcomers.length]).toEqual({
      ok: true,
      value: { supportCount: 1, supportedByMe: true, state: 'in_progress' },
    })
    expect(await stored(id)).toEqual({ count: 1, documents: 1, state: 'in_progress' })
  })

  it('moves a topic to screening once when a burst of supports crosses the threshold', async () => {
    await setSupportThreshold(app, world.room.id, 5)
    try {
      const id = await openTopic()
      const fans = await people(30)
      const responses = await Promise.all(fans.map((fan) => support(id, fan)))
      expect(responses.map((res) => res.statusCode)).toEqual(fans.map(() => 200))
      expect(await stored(id)).toEqual({ count: 30, documents: 30, state: 'screening' })
      const timeline = await app.inject({ method: 'GET', url: `/api/topics/${id}/timeline` })
      const reached = timeline
        .json()
        .filter((entry: { event: string }) => entry.event === 'threshold_reached')
      expect(reached).toHaveLength(1)
      // Whoever crossed it (or came later) hears the topic is being screened.
      const highest = responses.reduce((a, b) =>
        a.json().supportCount >= b.json().supportCount ? a : b,
      )
      expect(highest.json()).toMatchObject({ supportCount: 30, state: 'screening' })
    } finally {
      await setSupportThreshold(app, world.room.id, null)
    }
  })

  it('keeps the count equal to the supports stored under a mix of supports, repeats and withdrawals', async () => {
    const id = await openTopic()
    const crowd = await people(40)
    const supporters = crowd.slice(0, 20)
    for (const fan of supporters) expect((await support(id, fan)).statusCode).toBe(200)
    const newcomers = crowd.slice(20)
    const requests = [
      ...newcomers.map((fan) => support(id, fan)),
      // Repeats from people already counted.
      ...supporters.slice(0, 5).map((fan) => support(id, fan)),
      // Withdrawals, two of them twice at once.
      ...supporters.slice(5, 12).map((fan) => support(id, fan, 'DELETE')),
      ...supporters.slice(5, 7).map((fan) => support(id, fan, 'DELETE')),
      // Someone who never supported tries to withdraw.
      support(id, world.neighbour, 'DELETE'),
      // Supporters who withdraw and support again at the same time (either order is fine).
      ...supporters.slice(12, 15).flatMap((fan) => [support(id, fan, 'DELETE'), support(id, fan)]),
    ]
    const responses = await Promise.all(requests)
    // Only withdrawals of nothing are refused: the stranger's, and possibly the second of a
    // double withdrawal when it came after the first had committed.
    const refused = responses.filter((res) => res.statusCode !== 200)
    expect(new Set(refused.map((res) => res.json().code))).toEqual(new Set(['NOT_SUPPORTED']))
    expect(refused.length).toBeLessThanOrEqual(3)
    expect(responses[newcomers.length + 5 + 7 + 2].json().code).toBe('NOT_SUPPORTED')
    const end = await stored(id)
    expect(end.count).toBe(end.documents)
    // 20 + 20 newcomers − 7 withdrawn, give or take the three who did both at once.
    expect(end.documents).toBeGreaterThanOrEqual(30)
    expect(end.documents).toBeLessThanOrEqual(33)
    const mine = await supportModel(app.db).countDocuments({
      topicId: id,
      userId: { $in: supporters.slice(5, 12).map((fan) => fan.id) },
    })
    expect(mine).toBe(0)
  })
})
