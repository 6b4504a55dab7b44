import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { meetingModel } from '../../../../cloud/src/modules/meetings/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { ids, supportedTopic, toldIn, world, written, type World } from './fixture'

jest.setTimeout(90_000)

const MINUTE = 60_000

describe('meetings, outcomes and action items notify the right people', () => {
  let app: App
  let w: World

  beforeAll(async () => {
    app = await build()
    w = await world(app)
  })

  const send = (method: 'POST' | 'PUT', url: string, as: TestUser, payload: object) =>
    app.inject({ method, url, headers: as.headers, payload })

  function meetingBody(topicIds: string[], invites: object[]) {
    return {
      title: '充电桩通电协商会',
      form: 'on_site',
      startsAt: new Date(Date.now() + 90 * MINUTE).toISOString(),
      place: { address: '永胜小区 3 号楼前' },
      topicIds,
      invites,
    }
  }

  it('a meeting invitation reaches the invitees and the officers of an invited department', async () => {
    const topic = await supportedTopic(app, w, 'consultation', '充电桩一年没通电')
    const res = await send(
      'POST',
      `/api/rooms/${w.room.id}/meetings`,
      w.convener,
      meetingBody(
        [String(topic._id)],
        [
          { kind: 'member', userId: w.member.id },
          { kind: 'department', departmentUnitId: w.department.id },
          { kind: 'resident_rep', userId: w.author.id },
        ],
      ),
    )
    expect(res.statusCode).toBe(201)
    const meetingId = res.json().id as string

    const invitation = await written(app, `meeting:${meetingId}:`)
    expect(invitation.users).toEqual(ids(w.member, w.officer, w.author))
    expect(invitation.inApp[0]).toMatchObject({
      kind: 'meeting_invitation',
      title: '协商会邀请：充电桩通电协商会',
      link: `pages/meeting/index?id=${meetingId}`,
    })
    expect(invitation.inApp[0].body).toContain('永胜小区 3 号楼前')
    expect(invitation.inApp[0].body).toContain('请回复是否参加')
    expect(invitation.outbox.every((entry) => entry.template === 'meeting')).toBe(true)

    // The topic's supporters hear that a meeting is arranged; the author, already invited, is not
    // told twice; the convener who scheduled it is not told at all.
    const topicNews = await written(app, `topic:${String(topic._id)}:`)
    expect(topicNews.users).toEqual(ids(...w.supporters))
    expect(topicNews.inApp[0].body).toContain('协商会已安排')
    expect(await toldIn(app, w.convener)).toHaveLength(0)

    const cancel = await send('POST', `/api/meetings/${meetingId}/cancel`, w.convener, {
      reason: '供电公司无法到场',
    })
    expect(cancel.statusCode).toBe(200)
    const cancelled = await written(app, `meeting:${meetingId}:v1:`)
    expect(cancelled.users).toEqual(ids(w.member, w.officer, w.author))
    expect(cancelled.inApp[0].title).toBe('协商会取消：充电桩通电协商会')
    expect(cancelled.inApp[0].body).toContain('供电公司无法到场')
  })

  it('writes no invitation when one agenda topic refuses the meeting', async () => {
    const guest = await createTestUser(app, { displayName: '受邀专家' })
    const ready = await supportedTopic(app, w, 'consultation', '可以上会的议题')
    const notReady = await supportedTopic(app, w, 'open', '还在征集附议的议题')
    const res = await send(
      'POST',
      `/api/rooms/${w.room.id}/meetings`,
      w.convener,
      meetingBody(
        [String(ready._id), String(notReady._id)],
        [{ kind: 'expert', userId: guest.id }],
      ),
    )
    expect(res.statusCode).toBe(409)
    expect(await toldIn(app, guest)).toHaveLength(0)
    expect((await written(app, `topic:${String(ready._id)}:`)).inApp).toHaveLength(0)
  })

  it('an outcome reaches the author and supporters, its tasks the owner unit’s officers', async () => {
    const topic = await supportedTopic(app, w, 'meeting_scheduled', '东门绿化带开口')
    const startsAt = new Date(Date.now() - 60 * MINUTE)
    await meetingModel(app.db).create({
      roomId: new Types.ObjectId(w.room.id),
      unitId: new Types.ObjectId(w.village.id),
      unitAncestors: [...w.village.ancestors, w.village.id].map((id) => new Types.ObjectId(id)),
      title: '绿化带开口协商会',
      form: 'on_site',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 120 * MINUTE),
      place: { address: '小区东门' },
      agenda: [{ topicId: topic._id, order: 1 }],
      status: 'held',
      checkinCode: '123456',
      checkinOpensAt: new Date(startsAt.getTime() - 30 * MINUTE),
      checkinClosesAt: new Date(startsAt.getTime() + 60 * MINUTE),
      createdBy: new Types.ObjectId(w.convener.id),
    })
    const id = String(topic._id)
    const published = await send('POST', `/api/topics/${id}/outcome`, w.convener, {
      plan: '由区住建局会同物业在东门绿化带开设人行通道。',
      actionItems: [
        { title: '开设东门人行通道', ownerUnitId: w.department.id, track: 'coordinated' },
      ],
    })
    expect(published.statusCode).toBe(201)
    const itemId = published.json().items[0].id as string

    const news = await written(app, `topic:${id}:`)
    expect(news.users).toEqual(ids(w.author, ...w.supporters))
    // One message per person: the outcome, not a second one for the assignment right after it.
    expect(news.inApp.map((row) => row.kind)).toEqual([
      'outcome_published',
      'outcome_published',
      'outcome_published',
    ])
    expect(news.inApp[0].title).toBe('协商成果：东门绿化带开口')

    const task = await written(app, `action:${itemId}:assigned:`)
    expect(task.users).toEqual(ids(w.officer))
    expect(task.inApp[0]).toMatchObject({
      kind: 'action_assigned',
      title: '交办任务：开设东门人行通道',
    })
    expect(task.inApp[0].body).toContain('办理期限')

    const half = await send('POST', `/api/action-items/${itemId}/progress`, w.officer, {
      percent: 50,
      note: '已完成围挡，正在铺设步道',
    })
    expect(half.statusCode).toBe(200)
    const report = await written(app, `action:${itemId}:progress:`)
    expect(report.users).toEqual(ids(w.author, ...w.supporters))
    expect(report.inApp[0]).toMatchObject({ kind: 'action_progress' })
    expect(report.inApp[0].body).toContain('50%')

    const done = await send('POST', `/api/action-items/${itemId}/progress`, w.officer, {
      percent: 100,
      note: '通道已开通',
    })
    expect(done.statusCode).toBe(200)
    expect(done.json().topicState).toBe('awaiting_callback')
    const asked = (await written(app, `topic:${id}:`)).inApp.filter(
      (row) => row.kind === 'callback_request',
    )
    expect(asked.map((row) => String(row.userId)).sort()).toEqual(ids(w.author, ...w.supporters))
    expect(asked[0].title).toBe('回访邀请：东门绿化带开口')
    expect(await toldIn(app, w.officer, 'action_progress')).toHaveLength(0)
  })
})
