import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { topicEventModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { createTestUnit, createTestUser, type TestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import { topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

describe('the timeline names the role each actor acted in', () => {
  let app: App
  let world: TopicsFixture
  let streetConvener: TestUser
  let officer: TestUser
  let admin: TestUser
  let both: TestUser
  let department: string

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
    const housing = await createTestUnit(app, '清江浦区住建局', 'department')
    department = housing.id
    streetConvener = await createTestUser(app, {
      displayName: '街道召集人',
      grants: [{ role: 'convener', roomId: world.streetRoom.id }],
    })
    officer = await createTestUser(app, {
      displayName: '住建局小吴',
      grants: [{ role: 'dept_officer', unitId: department }],
    })
    admin = await createTestUser(app, { displayName: '管理员', grants: [{ role: 'admin' }] })
    both = await createTestUser(app, {
      displayName: '身兼两职',
      grants: [
        { role: 'office_staff', unitId: world.street.id },
        { role: 'convener', roomId: world.room.id },
      ],
    })
  })

  it('judges each entry in the room the topic was in then, and the department it names', async () => {
    const topic = await createTestTopic(app, {
      room: world.room,
      unit: world.village,
      authorId: world.gridWorker.id,
      source: 'grid_worker',
    })
    const start = Date.now() - 3600_000
    let minute = 0
    const entry = (event: string, actor: TestUser | null, data?: Record<string, unknown>) => {
      minute += 1
      return {
        topicId: topic._id,
        at: new Date(start + minute * 60_000),
        actorId: actor ? new Types.ObjectId(actor.id) : null,
        event,
        public: true,
        data,
      }
    }
    await topicEventModel(app.db).insertMany([
      entry('created', world.gridWorker),
      entry('note', world.otherConvener),
      entry('threshold_reached', null),
      entry('start_screening', world.staff),
      entry('note', world.member),
      entry('note', both),
      entry('escalate_up', world.convener, { toRoomId: world.streetRoom.id }),
      entry('accept_escalation', streetConvener, {
        fromRoomId: world.room.id,
        toRoomId: world.streetRoom.id,
      }),
      entry('note', world.convener),
      entry('department_feedback', officer, { departmentUnitId: department }),
      entry('note', admin),
    ])
    // The escalation was accepted: the topic now sits in the street's room.
    await topicModel(app.db).updateOne(
      { _id: topic._id },
      {
        $set: {
          roomId: new Types.ObjectId(world.streetRoom.id),
          unitId: new Types.ObjectId(world.street.id),
          unitAncestors: [...world.street.ancestors, world.street.id].map(
            (id) => new Types.ObjectId(id),
          ),
        },
      },
    )
    const res = await app.inject({ method: 'GET', url: `/api/topics/${topic._id}/timeline` })
    expect(res.statusCode).toBe(200)
    const rows = res
      .json<
        Array<{
          event: string
          actor: { displayName: string; role: string; roleLabel: string } | null
        }>
      >()
      .map((e) => [e.event, e.actor ? `${e.actor.displayName}·${e.actor.roleLabel}` : '系统'])
    expect(rows).toEqual([
      ['created', '网格员小刘·网格员'],
      // A convener of another room, acting here, is a resident like anyone else.
      ['note', '赵召集·群众'],
      ['threshold_reached', '系统'],
      ['start_screening', '长东街道联席办·联席会议办公室'],
      ['note', '陈委员·政协委员'],
      // Several grants cover the topic: the room's own role is named.
      ['note', '身兼两职·召集人'],
      // The village convener escalated from the village room…
      ['escalate_up', '王召集·召集人'],
      // …and the street's convener accepted in the street's room.
      ['accept_escalation', '街道召集人·召集人'],
      // After the hop, the village convener no longer holds a role over the topic.
      ['note', '王召集·群众'],
      ['department_feedback', '住建局小吴·职能部门'],
      ['note', '管理员·系统管理员'],
    ])
    expect(res.json()[0].actor).toEqual({
      displayName: '网格员小刘',
      role: 'grid_worker',
      roleLabel: '网格员',
    })
  })
})
