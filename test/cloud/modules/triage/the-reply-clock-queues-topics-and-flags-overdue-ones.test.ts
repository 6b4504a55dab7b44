import type { App } from '../../../../cloud/src/app'
import { escalationModel } from '../../../../cloud/src/modules/triage/model'
import { replyDueAt } from '../../../../shared/domain/deadlines'
import { build } from '../../../helpers/build'
import { get, post, topicIn, triageFixture, type TriageFixture } from './fixture'

jest.setTimeout(60_000)

const DAY = 86_400_000

describe('the reply clock: the room queue and supervision of overdue replies', () => {
  let app: App
  let fx: TriageFixture
  const ids: Record<string, string> = {}

  /** A topic raised `daysAgo` calendar days ago, due by the 'answer' limit from then. */
  async function aged(
    name: string,
    state: Parameters<typeof topicIn>[2],
    daysAgo: number,
    where = {},
  ) {
    const createdAt = new Date(Date.now() - daysAgo * DAY)
    ids[name] = await topicIn(app, fx, state, {
      title: name,
      createdAt,
      replyDueAt: replyDueAt(createdAt, 'answer'),
      ...where,
    })
  }

  beforeAll(async () => {
    app = await build()
    fx = await triageFixture(app)
    await aged('overdue screening', 'screening', 30)
    await aged('fresh open', 'open', 0)
    await aged('closed long ago', 'closed_answered', 40)
    await aged('overdue open', 'open', 20)
    const researchedAt = new Date(Date.now() - 2 * DAY)
    ids['researching'] = await topicIn(app, fx, 'researching', {
      title: 'researching',
      createdAt: researchedAt,
      replyDueAt: replyDueAt(researchedAt, 'research'),
    })
    await aged('other subtree overdue', 'screening', 25, {
      room: fx.otherVillageRoom,
      unit: fx.otherVillage,
    })
    await aged('town overdue', 'screening', 10, { room: fx.townRoom, unit: fx.town })
    // Escalated to the town, whose review is overdue.
    await aged('escalated', 'screening', 1)
    const sent = await post(app, `/api/topics/${ids['escalated']}/reply`, fx.villageConvener, {
      kind: 'escalate',
      target: 'parent_room',
      text: '需要街道统筹。',
    })
    expect(sent.statusCode).toBe(200)
    await escalationModel(app.db).updateOne(
      { _id: sent.json().escalation.id },
      { $set: { dueAt: new Date(Date.now() - 8 * DAY) } },
    )
  })

  it('lists the room’s undecided topics oldest due first, flagging the overdue ones', async () => {
    const res = await get(app, `/api/rooms/${fx.villageRoom.id}/queue`, fx.villageConvener)
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<Record<string, unknown>>
    expect(items.map((item) => item.title)).toEqual([
      'overdue screening',
      'overdue open',
      'fresh open',
      'researching',
    ])
    const [first, , fresh, researching] = items
    expect(first).toMatchObject({ state: 'screening', overdue: true })
    expect(first.workingDaysLeft as number).toBeLessThan(-10)
    expect(fresh).toMatchObject({ overdue: false })
    expect(fresh.workingDaysLeft as number).toBeGreaterThanOrEqual(1)
    expect(researching).toMatchObject({ state: 'researching', overdue: false })
    const dues = items.map((item) => item.dueAt as string)
    expect([...dues].sort()).toEqual(dues)
    // Each step's own limit is shown, the research limit the longest.
    const limits = first.limits as Record<string, string>
    expect(limits.research > limits.answer).toBe(true)
    expect(limits.escalate > limits.answer).toBe(true)
  })

  it('filters the queue by state', async () => {
    const res = await get(
      app,
      `/api/rooms/${fx.villageRoom.id}/queue?state=open`,
      fx.villageConvener,
    )
    expect(res.json().items.map((item: { title: string }) => item.title)).toEqual([
      'overdue open',
      'fresh open',
    ])
    const bad = await get(
      app,
      `/api/rooms/${fx.villageRoom.id}/queue?state=closed`,
      fx.villageConvener,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('VALIDATION_FAILED')
  })

  it('queues an escalated topic in the room it was sent to, with its review clock', async () => {
    const res = await get(app, `/api/rooms/${fx.townRoom.id}/queue`, fx.townConvener)
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toMatchObject([
      {
        title: 'escalated',
        state: 'escalated_up',
        overdue: true,
        escalation: { from: { id: fx.villageRoom.id }, reason: '需要街道统筹。', level: 0 },
      },
      { title: 'town overdue', overdue: true },
    ])
  })

  it('shows the queue to the room’s staff only', async () => {
    const url = `/api/rooms/${fx.villageRoom.id}/queue`
    expect((await get(app, url, fx.resident)).statusCode).toBe(403)
    expect((await get(app, url, fx.otherConvener)).statusCode).toBe(403)
    expect((await get(app, url, fx.townStaff)).statusCode).toBe(200)
    const missing = await get(app, '/api/rooms/65f000000000000000000000/queue', fx.admin)
    expect(missing.json().code).toBe('ROOM_NOT_FOUND')
  })

  it('shows the town office the overdue replies within its subtree only, counted per room', async () => {
    const res = await get(app, '/api/supervision/replies', fx.townStaff)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    const titles = body.topics.map((topic: { title: string }) => topic.title)
    expect(titles.sort()).toEqual([
      'escalated',
      'overdue open',
      'overdue screening',
      'town overdue',
    ])
    expect(body.total).toBe(4)
    const counts = Object.fromEntries(
      body.rooms.map((row: { room: { id: string }; overdue: number }) => [
        row.room.id,
        row.overdue,
      ]),
    )
    expect(counts).toEqual({ [fx.villageRoom.id]: 2, [fx.townRoom.id]: 2 })
    expect(
      body.topics.every((topic: { workingDaysLeft: number }) => topic.workingDaysLeft < 0),
    ).toBe(true)
  })

  it('lets the admin see every subtree and narrow it to one unit', async () => {
    const all = await get(app, '/api/supervision/replies', fx.admin)
    expect(all.json().total).toBe(5)
    const narrowed = await get(app, `/api/supervision/replies?unitId=${fx.otherTown.id}`, fx.admin)
    expect(narrowed.json().topics.map((topic: { title: string }) => topic.title)).toEqual([
      'other subtree overdue',
    ])
    const outside = await get(
      app,
      `/api/supervision/replies?unitId=${fx.otherTown.id}`,
      fx.townStaff,
    )
    expect(outside.json().total).toBe(0)
  })

  it('shows a convener their own room only and refuses those who do not supervise', async () => {
    const convener = await get(app, '/api/supervision/replies', fx.villageConvener)
    expect(convener.json().rooms).toHaveLength(1)
    expect(convener.json().rooms[0]).toMatchObject({ room: { id: fx.villageRoom.id }, overdue: 2 })
    expect((await get(app, '/api/supervision/replies', fx.resident)).statusCode).toBe(403)
    expect((await get(app, '/api/supervision/replies', fx.transportOfficer)).statusCode).toBe(403)
  })
})
