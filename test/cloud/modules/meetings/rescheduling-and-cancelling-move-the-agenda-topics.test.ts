import type { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { inviteModel } from '../../../../cloud/src/modules/meetings/model'
import { topicEventModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import type { TestUser } from '../../../helpers/identity'
import { meetingBody, meetingFixture, schedule, topicIn, type MeetingFixture } from './fixture'

// The machine running the suite is shared; building the app and fixture can take a while.
jest.setTimeout(30_000)

describe('rescheduling and cancelling a meeting', () => {
  let app: App
  let f: MeetingFixture

  beforeAll(async () => {
    app = await build()
    f = await meetingFixture(app)
  })

  async function scheduled() {
    const topics = [await topicIn(app, f, 'consultation', '河道保洁'), await topicIn(app, f)]
    const res = await schedule(
      app,
      f,
      meetingBody(
        topics.map((t) => String(t._id)),
        60,
        {
          invites: [
            { kind: 'member', userId: f.member.id },
            { kind: 'department', departmentUnitId: f.department.id },
          ],
        },
      ),
    )
    expect(res.statusCode).toBe(201)
    return { id: res.json().id as string, topics }
  }

  const patch = (id: string, payload: Record<string, unknown>, as: TestUser = f.convenerA) =>
    app.inject({ method: 'PATCH', url: `/api/meetings/${id}`, headers: as.headers, payload })
  const cancel = (id: string, payload: Record<string, unknown>, as: TestUser = f.convenerA) =>
    app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/cancel`,
      headers: as.headers,
      payload,
    })
  const events = async (topicId: Types.ObjectId) =>
    (await topicEventModel(app.db).find({ topicId }).sort({ at: 1 }).lean()).map((e) => e.event)

  it('moves the meeting, fires reschedule_meeting on its topics and asks everyone again', async () => {
    const { id, topics } = await scheduled()
    await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/rsvp`,
      headers: f.member.headers,
      payload: { answer: 'accepted' },
    })
    await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/rsvp`,
      headers: f.officer.headers,
      payload: { answer: 'declined' },
    })
    const startsAt = new Date(Date.now() + 2 * 24 * 3600_000).toISOString()
    const res = await patch(id, { startsAt, place: { address: '社区活动中心二楼' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      startsAt,
      place: { address: '社区活动中心二楼' },
      counts: { accepted: 0, declined: 0 },
    })
    // The meeting keeps its length (two hours by default).
    expect(Date.parse(res.json().endsAt) - Date.parse(startsAt)).toBe(2 * 3600_000)
    const invites = await inviteModel(app.db).find({ meetingId: id }).lean()
    expect(invites.map((i) => i.rsvp)).toEqual(['pending', 'pending'])
    expect(invites.every((i) => i.rsvpAt === undefined)).toBe(true)
    for (const topic of topics) {
      expect(await events(topic._id)).toEqual(['schedule_meeting', 'reschedule_meeting'])
      expect((await topicModel(app.db).findById(topic._id).lean())?.state).toBe('meeting_scheduled')
    }
    const audit = await auditModel(app.db)
      .findOne({ 'target.id': id, action: 'meeting.reschedule' })
      .lean()
    expect(audit?.after).toMatchObject({ place: { address: '社区活动中心二楼' } })
  })

  it('keeps answers and the timeline when only the title changes', async () => {
    const { id, topics } = await scheduled()
    await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/rsvp`,
      headers: f.member.headers,
      payload: { answer: 'accepted' },
    })
    const res = await patch(id, { title: '河道保洁与充电桩协商会' })
    expect(res.statusCode).toBe(200)
    expect(res.json().counts.accepted).toBe(1)
    expect(await events(topics[0]._id)).toEqual(['schedule_meeting'])
  })

  it('refuses to move a meeting into the past (MEETING_IN_PAST) and bad bodies (400)', async () => {
    const { id } = await scheduled()
    const past = await patch(id, { startsAt: new Date(Date.now() - 3600_000).toISOString() })
    expect(past.statusCode).toBe(400)
    expect(past.json().code).toBe('MEETING_IN_PAST')
    expect((await patch(id, {})).statusCode).toBe(400)
    expect((await patch(id, { form: 'teahouse' })).json().code).toBe('VALIDATION_FAILED')
  })

  it('cancels the meeting and returns its topics to consultation', async () => {
    const { id, topics } = await scheduled()
    const res = await cancel(id, { reason: '部门负责人临时出差' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '部门负责人临时出差' })
    for (const topic of topics) {
      expect((await topicModel(app.db).findById(topic._id).lean())?.state).toBe('consultation')
      expect(await events(topic._id)).toEqual(['schedule_meeting', 'cancel_meeting'])
    }
    const entry = await topicEventModel(app.db)
      .findOne({ topicId: topics[0]._id, event: 'cancel_meeting' })
      .lean()
    expect(entry?.note).toContain('部门负责人临时出差')
    expect(
      await auditModel(app.db).countDocuments({ 'target.id': id, action: 'meeting.cancel' }),
    ).toBe(1)
    // The topics can be put on a new meeting; the cancelled one can no longer be changed.
    const again = await schedule(app, f, meetingBody(topics.map((t) => String(t._id))))
    expect(again.statusCode).toBe(201)
    const twice = await cancel(id, { reason: '再取消一次' })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().code).toBe('MEETING_NOT_SCHEDULED')
    expect((await patch(id, { title: '改名' })).json().code).toBe('MEETING_NOT_SCHEDULED')
    // Nobody can answer or check in any more.
    const answer = await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/rsvp`,
      headers: f.member.headers,
      payload: { answer: 'accepted' },
    })
    expect(answer.json().code).toBe('MEETING_CANCELLED')
  })

  it('needs a reason to cancel', async () => {
    const { id } = await scheduled()
    expect((await cancel(id, {})).statusCode).toBe(400)
    const blank = await cancel(id, { reason: '   ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().code).toBe('REASON_REQUIRED')
  })

  it('forbids the convener of another room and residents (403)', async () => {
    const { id, topics } = await scheduled()
    const startsAt = new Date(Date.now() + 5 * 3600_000).toISOString()
    expect((await patch(id, { startsAt }, f.convenerB)).statusCode).toBe(403)
    expect((await patch(id, { startsAt }, f.member)).statusCode).toBe(403)
    expect((await cancel(id, { reason: '越权' }, f.convenerB)).statusCode).toBe(403)
    expect((await cancel(id, { reason: '越权' }, f.resident)).statusCode).toBe(403)
    expect((await topicModel(app.db).findById(topics[0]._id).lean())?.state).toBe(
      'meeting_scheduled',
    )
    const unknown = await cancel('0123456789abcdef01234567', { reason: '不存在' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('MEETING_NOT_FOUND')
  })
})
