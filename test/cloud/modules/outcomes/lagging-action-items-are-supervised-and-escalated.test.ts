import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { actionItemModel } from '../../../../cloud/src/modules/outcomes/model'
import { escalateOverdueActionItems } from '../../../../cloud/src/modules/outcomes/service'
import { build } from '../../../helpers/build'
import type { TestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import {
  meetingTopic,
  outcomesFixture,
  progress,
  publishTwoItems,
  type OutcomesFixture,
} from './fixture'

// The machine is shared with other suites: give the app and the fixture time under load.
jest.setTimeout(60_000)

const HOUR = 3600_000
const DAY = 24 * HOUR

interface Entry {
  id: string
  urgency: string
  escalated: boolean
  reminderCount: number
  escalatedTo?: { id: string; name: string }
  topic: { id: string }
}

describe('lagging action items are supervised, reminded and escalated', () => {
  let app: App
  let fx: OutcomesFixture
  let overdueId: string
  let lateId: string
  let topicId: string

  beforeAll(async () => {
    app = await build()
    fx = await outcomesFixture(app)
    const topic = await meetingTopic(app, fx)
    topicId = String(topic._id)
    const [housingItem, cityItem] = await publishTwoItems(app, fx, topicId)
    // Past due dates written directly: one just missed, one missed a month ago.
    overdueId = cityItem.id
    lateId = housingItem.id
    await actionItemModel(app.db).updateOne(
      { _id: overdueId },
      { $set: { dueAt: new Date(Date.now() - HOUR) } },
    )
    await actionItemModel(app.db).updateOne(
      { _id: lateId },
      { $set: { dueAt: new Date(Date.now() - 30 * DAY) } },
    )
  })

  async function supervisionList(user: TestUser, query = ''): Promise<Entry[]> {
    const res = await app.inject({
      method: 'GET',
      url: `/api/supervision/action-items${query}`,
      headers: user.headers,
    })
    expect(res.statusCode).toBe(200)
    return (res.json() as { items: Entry[] }).items
  }

  it('flags overdue items and those due for escalation, most urgent first', async () => {
    const items = await supervisionList(fx.townStaff, '?urgency=lagging')
    const ours = items.filter((item) => item.topic.id === topicId)
    expect(ours.map((item) => [item.id, item.urgency])).toEqual([
      [lateId, 'escalate'],
      [overdueId, 'overdue'],
    ])
    const escalateOnly = await supervisionList(fx.townStaff, '?urgency=escalate')
    expect(escalateOnly.map((item) => item.id)).toEqual([lateId])
    const public_ = await app.inject({ method: 'GET', url: `/api/topics/${topicId}/outcome` })
    expect(public_.json().items.map((item: Entry) => item.urgency)).toEqual(['escalate', 'overdue'])
  })

  it('shows a member the rooms they are attached to, and nothing of other rooms', async () => {
    const mine = await supervisionList(fx.member)
    expect(mine.map((item) => item.id)).toEqual(expect.arrayContaining([lateId, overdueId]))
    const other = await supervisionList(fx.memberB)
    expect(other.some((item) => item.topic.id === topicId)).toBe(false)
    const otherTown = await supervisionList(fx.townStaff, `?unitId=${fx.townB.id}`)
    expect(otherTown).toEqual([])
    const officer = await app.inject({
      method: 'GET',
      url: '/api/supervision/action-items',
      headers: fx.housingOfficer.headers,
    })
    expect(officer.statusCode).toBe(403)
  })

  it('escalates items past the grace period to the supervising office, once', async () => {
    const now = new Date()
    const first = await escalateOverdueActionItems(app.db, now)
    expect(first).toContain(lateId)
    expect(first).not.toContain(overdueId)
    const again = await escalateOverdueActionItems(app.db, new Date(now.getTime() + HOUR))
    expect(again).not.toContain(lateId)

    const item = await actionItemModel(app.db).findById(lateId).lean()
    // The room is in 永胜社区 under 长东街道, whose joint-meeting office holds an office_staff grant.
    expect(String(item?.escalatedToUnitId)).toBe(fx.town.id)
    expect(item?.reminders.filter((reminder) => reminder.kind === 'auto')).toHaveLength(1)
    const audits = await auditModel(app.db)
      .find({ action: 'action_item.escalate', 'target.id': lateId })
      .lean()
    expect(audits).toHaveLength(1)

    const listed = await supervisionList(fx.townStaff, '?urgency=escalate')
    expect(listed.find((entry) => entry.id === lateId)).toMatchObject({
      escalated: true,
      escalatedTo: { id: fx.town.id, name: '长东街道' },
    })
  })

  it('escalates to the district when no office runs the room’s part of the tree', async () => {
    const topic = await createTestTopic(app, {
      room: fx.roomB,
      unit: fx.townB,
      authorId: fx.petitioner.id,
      state: 'meeting_scheduled',
    })
    await actionItemModel(app.db).create({
      topicId: topic._id,
      outcomeId: topic._id,
      roomId: topic.roomId,
      unitAncestors: topic.unitAncestors,
      ownerUnitId: fx.water.id,
      ownerUnitPath: [...fx.water.ancestors, fx.water.id],
      title: '疏通排涝沟渠',
      track: 'coordinated',
      dueAt: new Date(Date.now() - 40 * DAY),
      status: 'in_progress',
      percent: 10,
      updates: [],
      reminders: [],
      createdAt: new Date(Date.now() - 60 * DAY),
    })
    const escalated = await escalateOverdueActionItems(app.db, new Date())
    expect(escalated).toHaveLength(1)
    const item = await actionItemModel(app.db).findById(escalated[0]).lean()
    expect(String(item?.escalatedToUnitId)).toBe(fx.district.id)
  })

  it('records a member’s reminder on an open item of their room, refusing other rooms’ members', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/action-items/${overdueId}/remind`,
      headers: fx.member.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().reminderCount).toBe(1)
    const outsider = await app.inject({
      method: 'POST',
      url: `/api/action-items/${overdueId}/remind`,
      headers: fx.memberB.headers,
    })
    expect(outsider.statusCode).toBe(403)
  })

  it('keeps supervision notes on the item for its room’s members, staff and the owner unit', async () => {
    const note = await app.inject({
      method: 'POST',
      url: `/api/action-items/${lateId}/supervision-notes`,
      headers: fx.member.headers,
      payload: { text: '已逾期一个月，请住建局说明原因并给出完成时间。' },
    })
    expect(note.statusCode).toBe(201)
    expect(note.json().by).toEqual({ id: fx.member.id, displayName: '李委员' })
    const outsider = await app.inject({
      method: 'POST',
      url: `/api/action-items/${lateId}/supervision-notes`,
      headers: fx.memberB.headers,
      payload: { text: '别的议事室的委员不能督办' },
    })
    expect(outsider.statusCode).toBe(403)

    const detail = await app.inject({
      method: 'GET',
      url: `/api/action-items/${lateId}`,
      headers: fx.housingOfficer.headers,
    })
    expect(detail.statusCode).toBe(200)
    expect(detail.json().notes.map((n: { text: string }) => n.text)).toEqual([
      '已逾期一个月，请住建局说明原因并给出完成时间。',
    ])
    for (const stranger of [fx.waterOfficer, fx.memberB, fx.bystander]) {
      const refused = await app.inject({
        method: 'GET',
        url: `/api/action-items/${lateId}`,
        headers: stranger.headers,
      })
      expect(refused.statusCode).toBe(403)
    }
  })

  it('refuses to remind about an item that is already done', async () => {
    await progress(app, fx.cityMgmtOfficer, overdueId, { percent: 100, note: '已清理完毕' })
    const res = await app.inject({
      method: 'POST',
      url: `/api/action-items/${overdueId}/remind`,
      headers: fx.convener.headers,
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('ACTION_ITEM_DONE')
    const detail = await app.inject({
      method: 'GET',
      url: `/api/action-items/${overdueId}`,
      headers: fx.convener.headers,
    })
    expect(detail.json()).toMatchObject({ status: 'done', urgency: 'done_late' })
  })
})
