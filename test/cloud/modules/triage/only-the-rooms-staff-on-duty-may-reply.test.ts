import type { App } from '../../../../cloud/src/app'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { post, publicTimeline, topicIn, triageFixture, type TriageFixture } from './fixture'

jest.setTimeout(60_000)

describe('who may give the four-step reply', () => {
  let app: App
  let fx: TriageFixture

  beforeAll(async () => {
    app = await build()
    fx = await triageFixture(app)
  })

  const answer = { kind: 'answer', text: '已联系物业，本周内修复路灯。' }

  it('refuses a resident', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.resident, answer)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('FORBIDDEN')
  })

  it('refuses the convener of another room', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.otherConvener, answer)
    expect(res.statusCode).toBe(403)
    expect((await topicModel(app.db).findById(id).lean())?.state).toBe('screening')
  })

  it('refuses a caller who is not signed in', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await app.inject({
      method: 'POST',
      url: `/api/topics/${id}/reply`,
      payload: answer,
    })
    expect(res.statusCode).toBe(401)
  })

  it('lets a member on duty today reply, and escalate', async () => {
    const first = await topicIn(app, fx, 'screening')
    const replied = await post(app, `/api/topics/${first}/reply`, fx.memberOnDuty, answer)
    expect(replied.statusCode).toBe(200)
    expect(replied.json().reply.byId).toBe(fx.memberOnDuty.id)
    const second = await topicIn(app, fx, 'screening')
    const escalated = await post(app, `/api/topics/${second}/reply`, fx.memberOnDuty, {
      kind: 'escalate',
      target: 'consultation',
    })
    expect(escalated.statusCode).toBe(200)
  })

  it('refuses a member of the room who is off duty today', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.memberOffDuty, answer)
    expect(res.statusCode).toBe(403)
    expect(['FORBIDDEN', 'NOT_ON_DUTY']).toContain(res.json().code)
  })

  it('lets the office staff above the room reply', async () => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.townStaff, answer)
    expect(res.statusCode).toBe(200)
  })

  it('refuses a reply before the room has taken the topic up, and after it is closed', async () => {
    const open = await topicIn(app, fx, 'open')
    const early = await post(app, `/api/topics/${open}/reply`, fx.villageConvener, answer)
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('ILLEGAL_TRANSITION')
    const closed = await topicIn(app, fx, 'closed_answered')
    const late = await post(app, `/api/topics/${closed}/reply`, fx.villageConvener, answer)
    expect(late.json().code).toBe('ILLEGAL_TRANSITION')
  })

  it('answers 404 for a topic that does not exist', async () => {
    const res = await post(
      app,
      '/api/topics/65f000000000000000000000/reply',
      fx.villageConvener,
      answer,
    )
    expect(res.statusCode).toBe(404)
  })

  it.each([
    ['an unknown kind', { kind: 'ignore', text: '不理会' }],
    ['an explanation without text', { kind: 'explain' }],
    ['an answer of blank text', { kind: 'answer', text: '   ' }],
    ['an answer of one character', { kind: 'answer', text: '好' }],
    ['an over-long answer', { kind: 'answer', text: '长'.repeat(2001) }],
    ['a research without a department', { kind: 'research', text: '调研一下' }],
    ['a micro-suggestion without a department', { kind: 'escalate', target: 'micro_suggestion' }],
    ['an escalation without a target', { kind: 'escalate' }],
    ['an unknown target', { kind: 'escalate', target: 'mayor' }],
    ['a malformed department id', { kind: 'research', departmentUnitId: 'x1' }],
  ])('rejects %s with VALIDATION_FAILED and leaves the topic as it was', async (_name, body) => {
    const id = await topicIn(app, fx, 'screening')
    const res = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, body)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('VALIDATION_FAILED')
    expect((await topicModel(app.db).findById(id).lean())?.state).toBe('screening')
  })

  it('rejects a malformed topic id with VALIDATION_FAILED', async () => {
    const res = await post(app, '/api/topics/not-an-id/reply', fx.villageConvener, answer)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('VALIDATION_FAILED')
  })

  it('lets exactly one of two conveners replying at once win; the other gets a 409', async () => {
    const id = await topicIn(app, fx, 'screening')
    const [a, b] = await Promise.all([
      post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
        kind: 'explain',
        text: '不符合政策，已解释。',
      }),
      post(app, `/api/topics/${id}/reply`, fx.villageConvener2, {
        kind: 'answer',
        text: '已安排维修。',
      }),
    ])
    const codes = [a.statusCode, b.statusCode].sort()
    expect(codes).toEqual([200, 409])
    const loser = a.statusCode === 409 ? a : b
    expect(['ILLEGAL_TRANSITION', 'CONFLICT']).toContain(loser.json().code)
    const replies = (await publicTimeline(app, id)).filter((entry) =>
      entry.event.startsWith('reply_'),
    )
    expect(replies).toHaveLength(1)
    const topic = await topicModel(app.db).findById(id).lean()
    expect(topic?.version).toBe(1)
  })
})
