import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { actionItemModel, callbackModel } from '../../../../cloud/src/modules/outcomes/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
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

describe('the call-back closes a solved topic or reopens it with the reason', () => {
  let app: App
  let fx: OutcomesFixture

  beforeAll(async () => {
    app = await build()
    fx = await outcomesFixture(app)
  })

  async function stateOf(topicId: string): Promise<string | undefined> {
    return (await topicModel(app.db).findById(topicId).lean())?.state
  }

  /** A topic whose two items were both reported done: it waits for the call-back. */
  async function awaitingCallback(): Promise<{ topicId: string; itemIds: string[] }> {
    const topic = await meetingTopic(app, fx)
    const topicId = String(topic._id)
    const [housingItem, cityItem] = await publishTwoItems(app, fx, topicId)
    await progress(app, fx.housingOfficer, housingItem.id, { percent: 100, note: '已通电' })
    await progress(app, fx.cityMgmtOfficer, cityItem.id, { percent: 100, note: '已清理' })
    expect(await stateOf(topicId)).toBe('awaiting_callback')
    return { topicId, itemIds: [housingItem.id, cityItem.id] }
  }

  function answer(user: TestUser, topicId: string, payload: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/callback`,
      headers: user.headers,
      payload,
    })
  }

  function record(user: TestUser, topicId: string, payload: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/callback-record`,
      headers: user.headers,
      payload,
    })
  }

  it('closes the topic when the petitioner says it is solved, and publishes the satisfaction', async () => {
    const { topicId } = await awaitingCallback()
    const supporter = await answer(fx.supporters[0], topicId, { solved: true, rating: 4 })
    expect(supporter.statusCode).toBe(200)
    expect(supporter.json().topicState).toBe('awaiting_callback')
    const again = await answer(fx.supporters[0], topicId, { solved: true, rating: 5 })
    expect(again.json().code).toBe('ALREADY_RATED')
    const stranger = await answer(fx.bystander, topicId, { solved: false, rating: 1, comment: '?' })
    expect(stranger.statusCode).toBe(403)
    expect(stranger.json().code).toBe('CALLBACK_NOT_ASKED')

    const res = await answer(fx.petitioner, topicId, { solved: true, rating: 5, comment: '通电了' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ topicState: 'closed', solved: true, rating: 5 })
    expect(await stateOf(topicId)).toBe('closed')

    const summary = await app.inject({
      method: 'GET',
      url: `/api/topics/${topicId}/callbacks/summary`,
    })
    expect(summary.statusCode).toBe(200)
    expect(summary.json()).toMatchObject({
      topicState: 'closed',
      asked: 3,
      answered: 2,
      solved: 2,
      unsolved: 0,
      averageRating: 4.5,
      ratingCounts: [0, 0, 0, 1, 1],
      petitionerAnswered: true,
    })
    expect(summary.body).not.toContain(fx.petitioner.id)
    expect(summary.body).not.toContain('通电了')
  })

  it('accepts only whole ratings from 1 to 5, and only from the petitioner to move the topic', async () => {
    const { topicId } = await awaitingCallback()
    const tooHigh = await answer(fx.petitioner, topicId, { solved: true, rating: 6 })
    expect(tooHigh.statusCode).toBe(400)
    const zero = await answer(fx.petitioner, topicId, { solved: true, rating: 0 })
    expect(zero.statusCode).toBe(400)
    expect(await stateOf(topicId)).toBe('awaiting_callback')
    const early = await createTestTopic(app, {
      room: fx.room,
      unit: fx.village,
      authorId: fx.petitioner.id,
      state: 'in_progress',
    })
    const notYet = await answer(fx.petitioner, String(early._id), { solved: true, rating: 5 })
    expect(notYet.statusCode).toBe(409)
    expect(notYet.json().code).toBe('ILLEGAL_TRANSITION')
  })

  it('needs a reason to say "not solved", then reopens the topic and the room resumes the work', async () => {
    const { topicId, itemIds } = await awaitingCallback()
    const bare = await answer(fx.petitioner, topicId, { solved: false, rating: 2 })
    expect(bare.statusCode).toBe(400)
    expect(bare.json().code).toBe('REASON_REQUIRED')
    const blank = await answer(fx.petitioner, topicId, { solved: false, rating: 2, comment: '  ' })
    expect(blank.json().code).toBe('REASON_REQUIRED')

    const res = await answer(fx.petitioner, topicId, {
      solved: false,
      rating: 2,
      comment: '充电桩通电了但一半不能用',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().topicState).toBe('reopened')
    const timeline = await app.db.collection('topic_events').findOne({
      topicId: (await topicModel(app.db).findById(topicId).lean())?._id,
      event: 'report_unsolved',
    })
    expect(timeline?.note).toContain('一半不能用')

    const byResident = await app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/resume`,
      headers: fx.petitioner.headers,
      payload: {},
    })
    expect(byResident.statusCode).toBe(403)
    const resumed = await app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/resume`,
      headers: fx.convener.headers,
      payload: { itemIds: [itemIds[0]], note: '住建局继续协调维修故障充电桩' },
    })
    expect(resumed.statusCode).toBe(200)
    expect(resumed.json().topicState).toBe('in_progress')
    const items = await actionItemModel(app.db)
      .find({ _id: { $in: itemIds } })
      .lean()
    const reopened = items.find((item) => String(item._id) === itemIds[0])
    const untouched = items.find((item) => String(item._id) === itemIds[1])
    expect(reopened).toMatchObject({ status: 'in_progress', percent: 0 })
    expect(reopened?.doneAt).toBeUndefined()
    expect(untouched?.status).toBe('done')

    // Done again: a second call-back round asks everyone afresh.
    await progress(app, fx.housingOfficer, itemIds[0], { percent: 100, note: '故障桩已修复' })
    expect(await stateOf(topicId)).toBe('awaiting_callback')
    const rounds = await callbackModel(app.db).distinct('round', { topicId: items[0].topicId })
    expect(rounds).toHaveLength(2)
    const second = await answer(fx.petitioner, topicId, { solved: true, rating: 4 })
    expect(second.json().topicState).toBe('closed')
  })

  it('lets the room screen a reopened topic again', async () => {
    const { topicId } = await awaitingCallback()
    await answer(fx.petitioner, topicId, { solved: false, rating: 1, comment: '根本没解决' })
    const res = await app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/rescreen`,
      headers: fx.townStaff.headers,
      payload: { note: '需要重新研判，可能要提级协商' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().topicState).toBe('screening')
    const audit = await auditModel(app.db)
      .findOne({ action: 'topic.rescreen', 'target.id': topicId })
      .lean()
    expect(audit).not.toBeNull()
  })

  it('lets staff record a call-back only after the petitioner had the call-back period', async () => {
    const { topicId } = await awaitingCallback()
    const tooEarly = await record(fx.convener, topicId, {
      solved: true,
      rating: 5,
      note: '电话回访，居民表示已解决',
      method: 'phone',
    })
    expect(tooEarly.statusCode).toBe(409)
    expect(tooEarly.json().code).toBe('CALLBACK_TOO_EARLY')
    const byOfficer = await record(fx.housingOfficer, topicId, {
      solved: true,
      note: '部门不能记录回访',
      method: 'phone',
    })
    expect(byOfficer.statusCode).toBe(403)

    // Three weeks later (well past 5 working days), the petitioner still has not answered.
    const threeWeeksAgo = new Date(Date.now() - 21 * 86400_000)
    await topicModel(app.db).updateOne(
      { _id: topicId },
      { $set: { stateChangedAt: threeWeeksAgo } },
    )
    const res = await record(fx.convener, topicId, {
      solved: true,
      rating: 5,
      note: '电话回访，居民表示已解决',
      method: 'phone',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().topicState).toBe('closed')
    const saved = await callbackModel(app.db)
      .findOne({
        petitioner: true,
        recordedBy: { $exists: true },
        comment: '电话回访，居民表示已解决',
      })
      .lean()
    expect(saved).toMatchObject({ method: 'phone', solved: true, rating: 5 })
    expect(String(saved?.recordedBy)).toBe(fx.convener.id)
    const audit = await auditModel(app.db)
      .findOne({ action: 'callback.record', 'target.id': topicId })
      .lean()
    expect(audit).not.toBeNull()
    const summary = await app.inject({
      method: 'GET',
      url: `/api/topics/${topicId}/callbacks/summary`,
    })
    expect(summary.json()).toMatchObject({ answered: 1, recorded: 1, petitionerAnswered: true })
  })

  it('lets staff record "not solved" at once, with the reason, reopening the topic', async () => {
    const { topicId } = await awaitingCallback()
    const bare = await record(fx.townStaff, topicId, { solved: false, note: ' ', method: 'visit' })
    expect(bare.json().code).toBe('REASON_REQUIRED')
    const res = await record(fx.townStaff, topicId, {
      solved: false,
      note: '上门查看，仍有两个充电桩不能用',
      method: 'visit',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().topicState).toBe('reopened')
  })

  it('lets staff close at once for a petitioner without an account (a hotline caller)', async () => {
    const topic = await createTestTopic(app, {
      room: fx.room,
      unit: fx.village,
      authorId: fx.convener.id,
      source: 'hotline_12345',
      state: 'awaiting_callback',
    })
    await topicModel(app.db).updateOne({ _id: topic._id }, { $set: { onBehalf: true } })
    const res = await record(fx.convener, String(topic._id), {
      solved: true,
      rating: 4,
      note: '电话回访 12345 来电人，表示满意',
      method: 'phone',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().topicState).toBe('closed')
    const saved = await callbackModel(app.db).findOne({ topicId: topic._id }).lean()
    expect(saved).toMatchObject({ userId: null, petitioner: true, rating: 4 })
  })
})
