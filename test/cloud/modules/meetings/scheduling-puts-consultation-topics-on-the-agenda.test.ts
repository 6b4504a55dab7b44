import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { inviteModel, meetingModel } from '../../../../cloud/src/modules/meetings/model'
import { topicEventModel, topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { meetingBody, meetingFixture, schedule, topicIn, type MeetingFixture } from './fixture'

// The machine running the suite is shared; building the app and fixture can take a while.
jest.setTimeout(30_000)

describe('scheduling a meeting', () => {
  let app: App
  let f: MeetingFixture

  beforeAll(async () => {
    app = await build()
    f = await meetingFixture(app)
  })

  const stateOf = async (id: unknown) => (await topicModel(app.db).findById(id).lean())?.state

  it('puts consultation topics on the agenda and moves them to meeting_scheduled with a timeline entry', async () => {
    const first = await topicIn(app, f, 'consultation', '充电桩不通电')
    const second = await topicIn(app, f, 'consultation', '东门绿化带开口')
    const res = await schedule(
      app,
      f,
      meetingBody([String(first._id), String(second._id)], 60, {
        agendaNotes: { [String(second._id)]: '请园林部门到场' },
        invites: [
          { kind: 'member', userId: f.member.id },
          { kind: 'department', departmentUnitId: f.department.id },
          { kind: 'resident_rep', name: '陈大爷', phone: '13812345678' },
        ],
      }),
    )
    expect(res.statusCode).toBe(201)
    const meeting = res.json()
    expect(meeting).toMatchObject({
      roomId: f.roomA.id,
      title: '充电桩通电协商会',
      form: 'on_site',
      status: 'scheduled',
      topicCount: 2,
      canManage: true,
      counts: { invited: 3, accepted: 0, declined: 0, checkedIn: 0, walkIns: 0 },
    })
    expect(meeting.checkinCode).toMatch(/^\d{6}$/)
    expect(meeting.agenda).toEqual([
      { topicId: String(first._id), order: 1, title: '充电桩不通电', state: 'meeting_scheduled' },
      {
        topicId: String(second._id),
        order: 2,
        title: '东门绿化带开口',
        state: 'meeting_scheduled',
        note: '请园林部门到场',
      },
    ])
    const department = meeting.invites.find((i: { kind: string }) => i.kind === 'department')
    expect(department).toMatchObject({ name: '区住建局', rsvp: 'pending' })
    expect(department.officers).toEqual([{ id: f.officer.id, displayName: '住建局小周' }])
    expect(meeting.invites.find((i: { kind: string }) => i.kind === 'resident_rep')).toMatchObject({
      name: '陈大爷',
      phone: '13812345678',
    })
    // Check-in opens an hour before the start and closes two hours after it.
    const startsAt = Date.parse(meeting.startsAt)
    expect(Date.parse(meeting.checkinOpensAt)).toBe(startsAt - 3600_000)
    expect(Date.parse(meeting.checkinClosesAt)).toBe(startsAt + 2 * 3600_000)

    expect(await stateOf(first._id)).toBe('meeting_scheduled')
    expect(await stateOf(second._id)).toBe('meeting_scheduled')
    const timeline = await topicEventModel(app.db).find({ topicId: first._id }).lean()
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toMatchObject({
      event: 'schedule_meeting',
      from: 'consultation',
      to: 'meeting_scheduled',
      public: true,
      data: { meetingId: meeting.id },
    })
    expect(String(timeline[0].actorId)).toBe(f.convenerA.id)
    expect(timeline[0].note).toContain('永胜小区 3 号楼前')
    const audit = await auditModel(app.db).findOne({ 'target.id': meeting.id }).lean()
    expect(audit).toMatchObject({ action: 'meeting.schedule', target: { kind: 'meeting' } })
  })

  it('refuses with ILLEGAL_TRANSITION when one topic is not in consultation, and changes nothing', async () => {
    const ready = await topicIn(app, f, 'consultation', '路灯不亮')
    const notReady = await topicIn(app, f, 'screening', '还在研判的议题')
    const meetingsBefore = await meetingModel(app.db).countDocuments()
    const invitesBefore = await inviteModel(app.db).countDocuments()
    const res = await schedule(
      app,
      f,
      meetingBody([String(ready._id), String(notReady._id)], 60, {
        invites: [{ kind: 'member', userId: f.member.id }],
      }),
    )
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('ILLEGAL_TRANSITION')
    expect(res.json().message).toContain('还在研判的议题')
    expect(await stateOf(ready._id)).toBe('consultation')
    expect(await stateOf(notReady._id)).toBe('screening')
    expect(await topicEventModel(app.db).countDocuments({ topicId: ready._id })).toBe(0)
    expect((await topicModel(app.db).findById(ready._id).lean())?.version).toBe(0)
    expect(await meetingModel(app.db).countDocuments()).toBe(meetingsBefore)
    expect(await inviteModel(app.db).countDocuments()).toBe(invitesBefore)
  })

  it('refuses a topic that is already on another meeting’s agenda', async () => {
    const topic = await topicIn(app, f, 'consultation', '占道经营')
    expect((await schedule(app, f, meetingBody([String(topic._id)]))).statusCode).toBe(201)
    const again = await schedule(app, f, meetingBody([String(topic._id)]))
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('ILLEGAL_TRANSITION')
  })

  it('refuses a start time in the past with MEETING_IN_PAST', async () => {
    const topic = await topicIn(app, f)
    const res = await schedule(app, f, meetingBody([String(topic._id)], -5))
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MEETING_IN_PAST')
    expect(await stateOf(topic._id)).toBe('consultation')
  })

  it('refuses an end before the start, and a missing place or online link', async () => {
    const topic = await topicIn(app, f)
    const start = Date.now() + 3600_000
    const backwards = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, { endsAt: new Date(start - 60_000).toISOString() }),
    )
    expect(backwards.json().code).toBe('MEETING_TIME_INVALID')
    const noPlace = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, { place: undefined }),
    )
    expect(noPlace.statusCode).toBe(400)
    expect(noPlace.json().code).toBe('MEETING_PLACE_REQUIRED')
    const onlineWithoutLink = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, { form: 'online', place: undefined }),
    )
    expect(onlineWithoutLink.json().code).toBe('MEETING_PLACE_REQUIRED')
    const online = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, {
        form: 'online',
        place: undefined,
        onlineUrl: 'https://meeting.example.cn/j/123',
      }),
    )
    expect(online.statusCode).toBe(201)
    expect(online.json().onlineUrl).toBe('https://meeting.example.cn/j/123')
  })

  it('refuses topics of another room with MEETING_TOPIC_NOT_IN_ROOM', async () => {
    const elsewhere = await topicIn(app, f, 'consultation', '别的议事室的议题', 'B')
    const res = await schedule(app, f, meetingBody([String(elsewhere._id)]))
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MEETING_TOPIC_NOT_IN_ROOM')
    expect(await stateOf(elsewhere._id)).toBe('consultation')
  })

  it('refuses invitations naming no one, or a department that does not exist', async () => {
    const topic = await topicIn(app, f)
    const nobody = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, { invites: [{ kind: 'expert' }] }),
    )
    expect(nobody.statusCode).toBe(400)
    expect(nobody.json().code).toBe('MEETING_INVITE_INVALID')
    const noDepartment = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 60, {
        invites: [{ kind: 'department', departmentUnitId: f.village.id }],
      }),
    )
    expect(noDepartment.statusCode).toBe(404)
    expect(noDepartment.json().code).toBe('UNIT_NOT_FOUND')
    expect(await stateOf(topic._id)).toBe('consultation')
  })

  it('forbids the convener of another room and residents (403), and needs a login (401)', async () => {
    const topic = await topicIn(app, f)
    const body = meetingBody([String(topic._id)])
    const other = await schedule(app, f, body, f.convenerB)
    expect(other.statusCode).toBe(403)
    expect((await schedule(app, f, body, f.resident)).statusCode).toBe(403)
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/rooms/${f.roomA.id}/meetings`,
      payload: body,
    })
    expect(anonymous.statusCode).toBe(401)
    expect(await stateOf(topic._id)).toBe('consultation')
  })

  it.each([
    ['no topics', { topicIds: [] }],
    ['an unknown form', { form: 'teahouse' }],
    ['a time without a zone', { startsAt: '2030-01-01T10:00:00' }],
    ['a bad topic id', { topicIds: ['nope'] }],
    ['a plain-http link', { form: 'online', onlineUrl: 'http://x.cn' }],
    ['a title too long', { title: '长'.repeat(61) }],
  ])('answers 400 VALIDATION_FAILED for %s', async (_name, patch) => {
    const topic = await topicIn(app, f)
    const res = await schedule(app, f, { ...meetingBody([String(topic._id)]), ...patch })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('VALIDATION_FAILED')
  })

  it('answers ROOM_NOT_FOUND for a room that does not exist', async () => {
    const topic = await topicIn(app, f)
    const res = await schedule(
      app,
      f,
      meetingBody([String(topic._id)]),
      f.convenerA,
      '0123456789abcdef01234567',
    )
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROOM_NOT_FOUND')
  })
})
