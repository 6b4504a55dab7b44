import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { inviteModel, meetingModel } from '../../../../cloud/src/modules/meetings/model'
import { findHeldMeetingForTopic } from '../../../../cloud/src/modules/meetings/service'
import { build } from '../../../helpers/build'
import type { TestUser } from '../../../helpers/identity'
import { meetingBody, meetingFixture, schedule, topicIn, type MeetingFixture } from './fixture'

// The machine running the suite is shared; building the app and fixture can take a while.
jest.setTimeout(30_000)

describe('minutes and attendance', () => {
  let app: App
  let f: MeetingFixture

  beforeAll(async () => {
    app = await build()
    f = await meetingFixture(app)
  })

  async function scheduled(inMinutes = 10) {
    const topic = await topicIn(app, f)
    const res = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], inMinutes, {
        invites: [
          { kind: 'member', userId: f.member.id },
          { kind: 'department', departmentUnitId: f.department.id },
          { kind: 'resident_rep', name: '陈大爷' },
        ],
      }),
    )
    expect(res.statusCode).toBe(201)
    const meeting = res.json()
    return {
      id: meeting.id as string,
      code: meeting.checkinCode as string,
      topicId: String(topic._id),
    }
  }

  /** Moves the meeting's start `minutesAgo` into the past, as if time had passed. */
  const started = (id: string, minutesAgo = 5) =>
    meetingModel(app.db).updateOne(
      { _id: id },
      { startsAt: new Date(Date.now() - minutesAgo * 60_000) },
    )

  const minutes = (id: string, payload: Record<string, unknown>, as: TestUser = f.convenerA) =>
    app.inject({ method: 'PUT', url: `/api/meetings/${id}/minutes`, headers: as.headers, payload })

  it('records the minutes with attendance, marks the meeting held and writes an audit entry', async () => {
    const { id, code } = await scheduled()
    const checkin = await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/checkin`,
      headers: f.member.headers,
      payload: { code },
    })
    expect(checkin.statusCode).toBe(200)
    await started(id)
    const invites = await inviteModel(app.db).find({ meetingId: id }).lean()
    const representative = invites.find((i) => i.kind === 'resident_rep')
    const res = await minutes(id, {
      text: '会议商定：供电公司一周内开户通电，物业负责日常维护。',
      attendance: [{ inviteId: String(representative?._id), attended: true }],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      status: 'held',
      minutes: { text: '会议商定：供电公司一周内开户通电，物业负责日常维护。' },
    })
    const after = await inviteModel(app.db).find({ meetingId: id }).lean()
    const attended = Object.fromEntries(after.map((i) => [i.kind, i.attended]))
    // Checked in → present; named in the attendance → present; neither → absent.
    expect(attended).toEqual({ member: true, resident_rep: true, department: false })
    const audit = await auditModel(app.db)
      .findOne({ 'target.id': id, action: 'meeting.minutes' })
      .lean()
    expect(audit).toMatchObject({
      target: { kind: 'meeting', id },
      after: { status: 'held', minutes: expect.stringContaining('供电公司') },
    })
    expect(String(audit?.actorId)).toBe(f.convenerA.id)
    // The public sees the minutes and attendance, never the code.
    const view = await app.inject({ method: 'GET', url: `/api/meetings/${id}` })
    expect(view.json().minutes.text).toContain('供电公司')
    expect(view.json().checkinCode).toBeUndefined()
    // A held meeting can no longer be moved or cancelled.
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/cancel`,
      headers: f.convenerA.headers,
      payload: { reason: '太晚了' },
    })
    expect(cancel.json().code).toBe('MEETING_NOT_SCHEDULED')
  })

  it('lets the convener correct the minutes and attendance later', async () => {
    const { id } = await scheduled()
    await started(id)
    expect((await minutes(id, { text: '初稿' })).statusCode).toBe(200)
    const member = await inviteModel(app.db).findOne({ meetingId: id, kind: 'member' }).lean()
    expect(member?.attended).toBe(false)
    const fixed = await minutes(id, {
      text: '定稿',
      attendance: [{ inviteId: String(member?._id), attended: true }],
    })
    expect(fixed.json().minutes.text).toBe('定稿')
    expect((await inviteModel(app.db).findById(member?._id).lean())?.attended).toBe(true)
    expect(
      await auditModel(app.db).countDocuments({ 'target.id': id, action: 'meeting.minutes' }),
    ).toBe(2)
  })

  it('refuses minutes before the meeting has started (MEETING_NOT_STARTED)', async () => {
    const { id } = await scheduled(60)
    const res = await minutes(id, { text: '提前写好的纪要' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('MEETING_NOT_STARTED')
    expect((await meetingModel(app.db).findById(id).lean())?.status).toBe('scheduled')
  })

  it('refuses attendance for someone not on this meeting’s list', async () => {
    const { id } = await scheduled()
    const other = await scheduled()
    await started(id)
    const stranger = await inviteModel(app.db).findOne({ meetingId: other.id }).lean()
    const res = await minutes(id, {
      text: '纪要',
      attendance: [{ inviteId: String(stranger?._id), attended: true }],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MEETING_INVITE_NOT_FOUND')
    expect((await meetingModel(app.db).findById(id).lean())?.status).toBe('scheduled')
  })

  it('forbids the convener of another room and the invitees themselves (403), and bad bodies (400)', async () => {
    const { id } = await scheduled()
    await started(id)
    expect((await minutes(id, { text: '越权' }, f.convenerB)).statusCode).toBe(403)
    expect((await minutes(id, { text: '越权' }, f.member)).statusCode).toBe(403)
    expect((await minutes(id, { text: '' })).statusCode).toBe(400)
    expect((await minutes(id, { text: '长'.repeat(20001) })).statusCode).toBe(400)
    expect(
      (await minutes(id, { text: '纪要', attendance: [{ inviteId: 'x', attended: true }] }))
        .statusCode,
    ).toBe(400)
    expect((await meetingModel(app.db).findById(id).lean())?.minutes).toBeUndefined()
  })

  it('tells outcomes which meeting a topic was discussed at, ignoring cancelled ones', async () => {
    const { id, topicId } = await scheduled()
    expect(await findHeldMeetingForTopic(app.db, topicId)).toMatchObject({
      id,
      status: 'scheduled',
    })
    await started(id)
    await minutes(id, { text: '纪要' })
    const held = await findHeldMeetingForTopic(app.db, topicId)
    expect(held).toMatchObject({ id, status: 'held' })
    expect(held?.startsAt).toBeInstanceOf(Date)

    const cancelled = await scheduled(60)
    await app.inject({
      method: 'POST',
      url: `/api/meetings/${cancelled.id}/cancel`,
      headers: f.convenerA.headers,
      payload: { reason: '改期' },
    })
    expect(await findHeldMeetingForTopic(app.db, cancelled.topicId)).toBeNull()
    expect(await findHeldMeetingForTopic(app.db, 'not-an-id')).toBeNull()
  })
})
