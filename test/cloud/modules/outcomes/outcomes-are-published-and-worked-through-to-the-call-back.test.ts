import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { callbackModel } from '../../../../cloud/src/modules/outcomes/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { uploadModel } from '../../../../cloud/src/modules/uploads/model'
import { build } from '../../../helpers/build'
import {
  meetingTopic,
  outcomesFixture,
  progress,
  publishTwoItems,
  type OutcomesFixture,
} from './fixture'

async function stateOf(app: App, topicId: Types.ObjectId | string): Promise<string | undefined> {
  const topic = await topicModel(app.db).findById(topicId).lean()
  return topic?.state
}

// The machine is shared with other suites: give the app and the fixture time under load.
jest.setTimeout(60_000)

describe('publishing an outcome and working through its action items', () => {
  let app: App
  let fx: OutcomesFixture

  beforeAll(async () => {
    app = await build()
    fx = await outcomesFixture(app)
  })

  it('publishes the plan with two items, assigns them and shows them publicly without people', async () => {
    const topic = await meetingTopic(app, fx)
    const items = await publishTwoItems(app, fx, String(topic._id))
    expect(items.map((item) => item.ownerUnit.name)).toEqual(['清江浦区住建局', '清江浦区城管局'])
    expect(await stateOf(app, topic._id)).toBe('in_progress')

    const res = await app.inject({ method: 'GET', url: `/api/topics/${String(topic._id)}/outcome` })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.topicState).toBe('in_progress')
    expect(body.plan).toContain('开户通电')
    expect(body.items[0]).toMatchObject({
      title: '协调供电公司开户通电',
      track: 'coordinated',
      trackLabel: '统筹办',
      status: 'assigned',
      statusLabel: '已交办',
      percent: 0,
      urgency: 'on_track',
    })
    expect(body.items[1].trackLabel).toBe('快速办')
    // Default deadlines by track: a quick item is due before a coordinated one.
    expect(new Date(body.items[1].dueAt).getTime()).toBeLessThan(
      new Date(body.items[0].dueAt).getTime(),
    )
    expect(res.body).not.toContain(fx.convener.id)
    expect(res.body).not.toContain(fx.petitioner.id)

    const audit = await auditModel(app.db)
      .findOne({ action: 'outcome.publish', 'target.id': String(topic._id) })
      .lean()
    expect(audit?.actorId && String(audit.actorId)).toBe(fx.convener.id)
  })

  it('refuses to publish before the meeting has begun, or without a meeting', async () => {
    const future = await meetingTopic(app, fx, {
      meetingStartsAt: new Date(Date.now() + 86400_000),
    })
    const early = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(future._id)}/outcome`,
      headers: fx.convener.headers,
      payload: { plan: '会议还没开，先写好的方案。', actionItems: [] },
    })
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('MEETING_NOT_STARTED')

    const none = await meetingTopic(app, fx, { withMeeting: false })
    const res = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(none._id)}/outcome`,
      headers: fx.convener.headers,
      payload: { plan: '没有开会的议题不能发布成果。', actionItems: [] },
    })
    expect(res.json().code).toBe('MEETING_NOT_STARTED')
    expect(await stateOf(app, none._id)).toBe('meeting_scheduled')
  })

  it('refuses a department officer as publisher, and a body that is too short', async () => {
    const topic = await meetingTopic(app, fx)
    const officer = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(topic._id)}/outcome`,
      headers: fx.housingOfficer.headers,
      payload: { plan: '部门不能自己发布协商成果。', actionItems: [] },
    })
    expect(officer.statusCode).toBe(403)
    const short = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(topic._id)}/outcome`,
      headers: fx.convener.headers,
      payload: { plan: '短', actionItems: [] },
    })
    expect(short.statusCode).toBe(400)
    expect(short.json().code).toBe('VALIDATION_FAILED')
  })

  it('goes straight to the call-back when every item was settled on the spot', async () => {
    const topic = await meetingTopic(app, fx)
    const res = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(topic._id)}/outcome`,
      headers: fx.convener.headers,
      payload: {
        plan: '城管局现场答应当天清理违停车辆，已经清理完毕。',
        actionItems: [
          {
            title: '清理违停车辆',
            ownerUnitId: fx.cityMgmt.id,
            track: 'quick',
            settledOnSpot: true,
          },
        ],
      },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().items[0]).toMatchObject({ status: 'done', percent: 100 })
    expect(await stateOf(app, topic._id)).toBe('awaiting_callback')
    const asked = await callbackModel(app.db).countDocuments({ topicId: topic._id })
    expect(asked).toBe(1 + fx.supporters.length)
  })

  it('refuses "settled on the spot" for an item that is not quick', async () => {
    const topic = await meetingTopic(app, fx)
    const res = await app.inject({
      method: 'POST',
      url: `/api/topics/${String(topic._id)}/outcome`,
      headers: fx.convener.headers,
      payload: {
        plan: '统筹办的任务不可能会上当场办结。',
        actionItems: [
          {
            title: '开户通电',
            ownerUnitId: fx.housing.id,
            track: 'coordinated',
            settledOnSpot: true,
          },
        ],
      },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('SETTLED_ONLY_QUICK')
    expect(await stateOf(app, topic._id)).toBe('meeting_scheduled')
  })

  it('lets only the owner department report progress, never going backwards', async () => {
    const topic = await meetingTopic(app, fx)
    const [housingItem] = await publishTwoItems(app, fx, String(topic._id))

    const other = await progress(app, fx.waterOfficer, housingItem.id, {
      percent: 30,
      note: '别的部门不能填报',
    })
    expect(other.statusCode).toBe(403)

    const half = await progress(app, fx.housingOfficer, housingItem.id, {
      percent: 50,
      note: '已与供电公司对接，正在办理开户',
    })
    expect(half.statusCode).toBe(200)
    expect(half.json().item).toMatchObject({ percent: 50, status: 'in_progress' })

    const back = await progress(app, fx.housingOfficer, housingItem.id, {
      percent: 40,
      note: '填错了',
    })
    expect(back.statusCode).toBe(409)
    expect(back.json().code).toBe('PERCENT_DECREASED')
  })

  it('attaches the officer’s own uploaded photos to a progress report', async () => {
    const topic = await meetingTopic(app, fx)
    const [housingItem] = await publishTwoItems(app, fx, String(topic._id))
    await uploadModel(app.db).create({
      key: 'progress-photo-1',
      ownerId: new Types.ObjectId(fx.housingOfficer.id),
      bytes: 1234,
      contentType: 'image/jpeg',
      width: 800,
      height: 600,
      createdAt: new Date(),
    })
    const foreign = await progress(app, fx.housingOfficer, housingItem.id, {
      percent: 20,
      note: '现场照片',
      photoKeys: ['someone-elses-photo'],
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().code).toBe('PHOTO_NOT_FOUND')
    const res = await progress(app, fx.housingOfficer, housingItem.id, {
      percent: 20,
      note: '现场照片',
      photoKeys: ['progress-photo-1'],
    })
    expect(res.statusCode).toBe(200)
    const outcome = await app.inject({
      method: 'GET',
      url: `/api/topics/${String(topic._id)}/outcome`,
    })
    expect(outcome.json().items[0].latestUpdate).toMatchObject({
      percent: 20,
      note: '现场照片',
      photos: [{ key: 'progress-photo-1', width: 800, height: 600 }],
    })
  })

  it('lists a department’s open items by due date, and none of another department’s', async () => {
    const topic = await meetingTopic(app, fx)
    await publishTwoItems(app, fx, String(topic._id))
    const res = await app.inject({
      method: 'GET',
      url: '/api/me/action-items',
      headers: fx.cityMgmtOfficer.headers,
    })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{ ownerUnit: { id: string }; dueAt: string }>
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((item) => item.ownerUnit.id === fx.cityMgmt.id)).toBe(true)
    const dues = items.map((item) => new Date(item.dueAt).getTime())
    expect(dues).toEqual([...dues].sort((a, b) => a - b))

    const water = await app.inject({
      method: 'GET',
      url: '/api/me/action-items',
      headers: fx.waterOfficer.headers,
    })
    expect(water.json().items).toEqual([])
    const resident = await app.inject({
      method: 'GET',
      url: '/api/me/action-items',
      headers: fx.bystander.headers,
    })
    expect(resident.statusCode).toBe(403)
  })

  it('moves to the call-back once when the last two items are reported done at the same time', async () => {
    const topic = await meetingTopic(app, fx)
    const [housingItem, cityItem] = await publishTwoItems(app, fx, String(topic._id))
    expect(
      (await progress(app, fx.housingOfficer, housingItem.id, { percent: 50, note: '办理中' }))
        .statusCode,
    ).toBe(200)
    expect(
      (await progress(app, fx.cityMgmtOfficer, cityItem.id, { percent: 50, note: '清理一半' }))
        .statusCode,
    ).toBe(200)

    const [a, b] = await Promise.all([
      progress(app, fx.housingOfficer, housingItem.id, { percent: 100, note: '已通电' }),
      progress(app, fx.cityMgmtOfficer, cityItem.id, { percent: 100, note: '已清理完毕' }),
    ])
    expect([a.statusCode, b.statusCode]).toEqual([200, 200])
    expect([a.json().topicState, b.json().topicState]).toContain('awaiting_callback')
    expect(await stateOf(app, topic._id)).toBe('awaiting_callback')

    const requests = await callbackModel(app.db).find({ topicId: topic._id }).lean()
    const asked = requests.map((request) => String(request.userId)).sort()
    expect(asked).toEqual([fx.petitioner.id, ...fx.supporters.map((s) => s.id)].sort())
    expect(requests.filter((request) => request.petitioner).map((r) => String(r.userId))).toEqual([
      fx.petitioner.id,
    ])
    const completions = await app.db
      .collection('topic_events')
      .countDocuments({ topicId: topic._id, event: 'complete_actions' })
    expect(completions).toBe(1)

    const late = await progress(app, fx.housingOfficer, housingItem.id, {
      percent: 100,
      note: '再报一次',
    })
    expect(late.statusCode).toBe(409)
  })
})
