import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { replyDueAt } from '../../../../shared/domain/deadlines'
import { build } from '../../../helpers/build'
import { get, post, publicTimeline, topicIn, triageFixture, type TriageFixture } from './fixture'

jest.setTimeout(60_000)

describe('the four-step reply (四步答复法)', () => {
  let app: App
  let fx: TriageFixture

  beforeAll(async () => {
    app = await build()
    fx = await triageFixture(app)
  })

  async function topicState(id: string) {
    return topicModel(app.db).findById(id).lean()
  }

  it('step 1 explains a topic against policy and closes it with a public reply', async () => {
    const id = await topicIn(app, fx, 'screening')
    const text = '小区内私搭车棚不符合消防规定，无法支持，已向您当面解释。'
    const res = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'explain',
      text,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      state: 'closed_explained',
      reply: { kind: 'explain', text, byId: fx.villageConvener.id },
    })
    const topic = await topicState(id)
    expect(topic?.state).toBe('closed_explained')
    expect(topic?.closedAt).toBeInstanceOf(Date)
    const timeline = await publicTimeline(app, id)
    expect(timeline.at(-1)).toMatchObject({
      event: 'reply_explain',
      note: text,
      to: 'closed_explained',
    })
  })

  it('step 2 answers a question directly, closes it and writes an audit entry', async () => {
    const id = await topicIn(app, fx, 'screening')
    const text = '充电桩电表已报装，供电公司下周三通电。'
    const res = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'answer',
      text,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().state).toBe('closed_answered')
    expect((await publicTimeline(app, id)).at(-1)).toMatchObject({
      event: 'reply_answer',
      note: text,
    })
    const audit = await auditModel(app.db).findOne({ 'target.id': id }).lean()
    expect(audit).toMatchObject({ action: 'topic.reply_answer', before: { state: 'screening' } })
    expect(String(audit?.actorId)).toBe(fx.villageConvener.id)
  })

  it('step 3 researches with a department, which answers the room privately before the room replies', async () => {
    const createdAt = new Date('2025-03-03T02:00:00Z') // a Monday, 10:00 in Beijing
    const id = await topicIn(app, fx, 'screening', { createdAt })
    const research = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'research',
      text: '已记录，正在向区交通运输局了解道路改造计划。',
      question: '永胜路东段是否列入今年的道路改造计划？',
      departmentUnitId: fx.transport.id,
    })
    expect(research.statusCode).toBe(200)
    expect(research.json()).toMatchObject({
      state: 'researching',
      department: { id: fx.transport.id, name: '区交通运输局' },
      replyDueAt: replyDueAt(createdAt, 'research').toISOString(),
    })
    const researching = await topicState(id)
    expect(String(researching?.departmentUnitId)).toBe(fx.transport.id)
    expect(researching?.replyDueAt.toISOString()).toBe(
      replyDueAt(createdAt, 'research').toISOString(),
    )

    // Another department and another room's convener cannot answer in the department's name.
    const wrongDepartment = await post(
      app,
      `/api/topics/${id}/consultation-answer`,
      fx.housingOfficer,
      {
        answer: '不归我们管。',
      },
    )
    expect(wrongDepartment.statusCode).toBe(403)
    const convener = await post(app, `/api/topics/${id}/consultation-answer`, fx.otherConvener, {
      answer: '我替部门回答。',
    })
    expect(convener.statusCode).toBe(403)

    const answer = '已列入今年第三季度改造计划，预计九月开工。'
    const answered = await post(app, `/api/topics/${id}/consultation-answer`, fx.transportOfficer, {
      answer,
    })
    expect(answered.statusCode).toBe(200)
    expect(answered.json()).toMatchObject({
      answer,
      question: '永胜路东段是否列入今年的道路改造计划？',
      department: { id: fx.transport.id },
    })
    const again = await post(app, `/api/topics/${id}/consultation-answer`, fx.transportOfficer, {
      answer: '再答一次。',
    })
    expect(again.json().code).toBe('CONSULTATION_ANSWERED')
    // The department's answer is for the room, not the public timeline.
    expect((await publicTimeline(app, id)).map((entry) => entry.note)).not.toContain(answer)
    const forRoom = await get(app, `/api/topics/${id}/consultations`, fx.villageConvener)
    expect(forRoom.statusCode).toBe(200)
    expect(forRoom.json().items[0]).toMatchObject({ answer })
    expect((await get(app, `/api/topics/${id}/consultations`, fx.resident)).statusCode).toBe(403)

    const reply = '经了解，永胜路东段已列入三季度改造计划，九月开工。'
    const concluded = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'answer',
      text: reply,
    })
    expect(concluded.statusCode).toBe(200)
    expect(concluded.json().state).toBe('closed_answered')
    const timeline = await publicTimeline(app, id)
    expect(timeline.map((entry) => entry.event)).toEqual(['reply_research', 'reply_answer'])
    expect(timeline[1].note).toBe(reply)

    // Research happens once: the consultation is over once the room has replied.
    const late = await post(app, `/api/topics/${id}/consultation-answer`, fx.transportOfficer, {
      answer: '补充意见。',
    })
    expect(late.statusCode).toBe(409)
  })

  it('step 4 lists a topic for consultation', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'escalate',
      target: 'consultation',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ state: 'consultation', reply: { target: 'consultation' } })
    expect((await publicTimeline(app, id)).at(-1)).toMatchObject({
      event: 'to_consultation',
      note: '已列为协商议题，将组织协商',
    })
  })

  it('step 4 passes a micro-suggestion to a department, whose feedback moves it to call-back', async () => {
    const id = await topicIn(app, fx, 'screening')
    const passed = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'escalate',
      target: 'micro_suggestion',
      text: '建议在永胜小区东门增设公交站牌，已转区交通运输局。',
      departmentUnitId: fx.transport.id,
    })
    expect(passed.statusCode).toBe(200)
    expect(passed.json()).toMatchObject({
      state: 'micro_suggestion',
      department: { id: fx.transport.id },
    })

    const feedbackUrl = `/api/topics/${id}/department-feedback`
    expect((await post(app, feedbackUrl, fx.housingOfficer, { text: '不是我们' })).statusCode).toBe(
      403,
    )
    expect((await post(app, feedbackUrl, fx.otherConvener, { text: '代为反馈' })).statusCode).toBe(
      403,
    )
    expect((await post(app, feedbackUrl, fx.resident, { text: '已经好了' })).statusCode).toBe(403)
    const text = '已在东门增设公交站牌，本周起启用。'
    const feedback = await post(app, feedbackUrl, fx.transportOfficer, { text })
    expect(feedback.statusCode).toBe(200)
    expect(feedback.json()).toEqual({ topicId: id, state: 'awaiting_callback' })
    expect((await publicTimeline(app, id)).at(-1)).toMatchObject({
      event: 'department_feedback',
      note: text,
      to: 'awaiting_callback',
    })
    const audit = await auditModel(app.db)
      .findOne({ 'target.id': id, action: 'topic.department_feedback' })
      .lean()
    expect(String(audit?.actorId)).toBe(fx.transportOfficer.id)
    // Feedback is given once.
    expect((await post(app, feedbackUrl, fx.transportOfficer, { text })).json().code).toBe(
      'ILLEGAL_TRANSITION',
    )
  })

  it('lets the room record a department’s feedback given offline, under the recorder’s name', async () => {
    const id = await topicIn(app, fx, 'micro_suggestion', { departmentUnitId: fx.housing.id })
    const text = '住建局电话答复：本月内完成楼道照明改造。'
    const res = await post(app, `/api/topics/${id}/department-feedback`, fx.villageConvener, {
      text,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().state).toBe('awaiting_callback')
    const audit = await auditModel(app.db)
      .findOne({ 'target.id': id, action: 'topic.department_feedback' })
      .lean()
    expect(String(audit?.actorId)).toBe(fx.villageConvener.id)
  })

  it('refuses feedback on a topic that is not a micro-suggestion', async () => {
    const id = await topicIn(app, fx, 'consultation', { departmentUnitId: fx.housing.id })
    const res = await post(app, `/api/topics/${id}/department-feedback`, fx.housingOfficer, {
      text: '已办理。',
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('ILLEGAL_TRANSITION')
  })

  it('answers CONSULTATION_NOT_FOUND when the room consulted no department', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/consultation-answer`, fx.villageConvener, {
      answer: '部门意见。',
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('CONSULTATION_NOT_FOUND')
  })

  it('refuses a research or micro-suggestion to a unit that is not a department', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'research',
      departmentUnitId: fx.town.id,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('NOT_A_DEPARTMENT')
    expect((await topicState(id))?.state).toBe('screening')
  })

  it('records the deadline each reply was held to and whether it was late', async () => {
    const createdAt = new Date('2025-03-03T02:00:00Z')
    const id = await topicIn(app, fx, 'screening', { createdAt })
    await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'escalate',
      target: 'consultation',
    })
    const [entry] = await publicTimeline(app, id)
    expect(entry.data).toMatchObject({
      kind: 'escalate',
      target: 'consultation',
      dueAt: replyDueAt(createdAt, 'escalate'),
      late: true,
    })
  })
})
