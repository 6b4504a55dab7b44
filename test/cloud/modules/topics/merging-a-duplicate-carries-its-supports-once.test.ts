import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { supportModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { createTestTopic, type CreateTopicOptions } from '../../../helpers/topics'
import { setSupportThreshold, topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

describe('merging a duplicate topic', () => {
  let app: App
  let world: TopicsFixture

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
  })

  async function topic(options: Partial<CreateTopicOptions> = {}): Promise<string> {
    const created = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.resident.id,
      ...options,
    })
    return String(created._id)
  }

  async function supportBy(id: string, ...users: TestUser[]) {
    for (const user of users) {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/topics/${id}/support`,
        headers: user.headers,
      })
      expect(res.statusCode).toBe(200)
    }
  }

  const merge = (id: string, intoTopicId: string, user: TestUser) =>
    app.inject({
      method: 'POST',
      url: `/api/topics/${id}/merge`,
      headers: user.headers,
      payload: { intoTopicId },
    })

  it('carries the duplicate’s supporters and author over, counting people who supported both once', async () => {
    const target = await topic()
    const duplicate = await topic({ authorId: world.neighbour.id, title: '充电桩没通电' })
    const [both, onlyTarget, onlyDuplicate] = await Promise.all(
      [1, 2, 3].map(() => createTestUser(app)),
    )
    await supportBy(target, both, onlyTarget)
    // The target's own author supported the duplicate: they may not support their own topic.
    await supportBy(duplicate, both, onlyDuplicate, world.resident)
    const res = await merge(duplicate, target, world.convener)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      id: duplicate,
      state: 'merged',
      mergedIntoId: target,
      carriedSupports: 2, // onlyDuplicate and the duplicate's author
      target: { id: target, supportCount: 4, state: 'open' },
    })
    expect(await supportModel(app.db).countDocuments({ topicId: target })).toBe(4)
    const supporters = await supportModel(app.db).find({ topicId: target }).lean()
    expect(supporters.map((s) => String(s.userId)).sort()).toEqual(
      [both.id, onlyTarget.id, onlyDuplicate.id, world.neighbour.id].sort(),
    )
    const stored = await topicModel(app.db).findById(duplicate).lean()
    expect(String(stored?.mergedIntoId)).toBe(target)
    const view = await app.inject({ method: 'GET', url: `/api/topics/${duplicate}` })
    expect(view.json()).toMatchObject({ state: 'merged', mergedIntoId: target })
    const timeline = await app.inject({ method: 'GET', url: `/api/topics/${target}/timeline` })
    expect(timeline.json().at(-1)).toMatchObject({
      event: 'merged_in',
      label: '合并重复议题',
      actor: { displayName: '王召集' },
    })
    const audit = await auditModel(app.db).findOne({
      action: 'topic.merge',
      'target.id': duplicate,
    })
    expect(audit).not.toBeNull()
    // Merging again is refused: the duplicate is finished.
    expect((await merge(duplicate, target, world.convener)).statusCode).toBe(409)
  })

  it('moves the target to screening when the carried supports reach the room’s threshold', async () => {
    await setSupportThreshold(app, world.room.id, 2)
    try {
      const target = await topic()
      const duplicate = await topic({ authorId: world.neighbour.id })
      await supportBy(duplicate, await createTestUser(app))
      const res = await merge(duplicate, target, world.convener)
      expect(res.json().target).toMatchObject({ supportCount: 2, state: 'screening' })
    } finally {
      await setSupportThreshold(app, world.room.id, null)
    }
  })

  it('refuses a target that is itself, finished, held, or in an unrelated room', async () => {
    const duplicate = await topic()
    const finished = await topic({ state: 'closed' })
    const held = await topic({ state: 'pending_review' })
    const sibling = await topic({ room: world.otherRoom, unit: world.otherVillage })
    for (const into of [duplicate, finished, held, sibling]) {
      const res = await merge(duplicate, into, world.staff)
      expect(res.statusCode).toBe(409)
      expect(res.json().code).toBe('MERGE_TARGET_INVALID')
    }
    const missing = await merge(duplicate, '0123456789abcdef01234567', world.convener)
    expect(missing.statusCode).toBe(404)
    const malformed = await merge(duplicate, 'abc', world.convener)
    expect(malformed.json().code).toBe('VALIDATION_FAILED')
  })

  it('lets office staff merge a village duplicate into the street room’s topic, but not the village convener', async () => {
    const duplicate = await topic({ authorId: world.neighbour.id })
    const streetTopic = await topic({ room: world.streetRoom, unit: world.street })
    const byConvener = await merge(duplicate, streetTopic, world.convener)
    expect(byConvener.statusCode).toBe(403)
    const byMember = await merge(duplicate, streetTopic, world.member)
    expect(byMember.statusCode).toBe(403)
    const byStaff = await merge(duplicate, streetTopic, world.staff)
    expect(byStaff.statusCode).toBe(200)
    // The village resident who raised the duplicate now supports the street topic.
    expect(byStaff.json().target.supportCount).toBe(1)
  })
})
