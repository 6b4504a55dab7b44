import type { App } from '../../../../cloud/src/app'
import { inviteModel, meetingModel } from '../../../../cloud/src/modules/meetings/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { meetingBody, meetingFixture, schedule, topicIn, type MeetingFixture } from './fixture'

// The machine running the suite is shared; building the app and fixture can take a while.
jest.setTimeout(30_000)

describe('invitees answer and check in', () => {
  let app: App
  let f: MeetingFixture

  beforeAll(async () => {
    app = await build()
    f = await meetingFixture(app)
  })

  /** A meeting starting in `inMinutes` with the member, the department and a named expert invited. */
  async function meeting(inMinutes = 10, extra: Record<string, unknown> = {}) {
    const topic = await topicIn(app, f)
    const res = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], inMinutes, {
        invites: [
          { kind: 'member', userId: f.member.id },
          { kind: 'department', departmentUnitId: f.department.id },
          { kind: 'expert', name: '王建国', phone: '13700001111' },
        ],
        ...extra,
      }),
    )
    expect(res.statusCode).toBe(201)
    return res.json() as { id: string; checkinCode: string }
  }

  const post = (user: TestUser, url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: user.headers, payload })
  const rsvp = (user: TestUser, id: string, answer: string) =>
    post(user, `/api/meetings/${id}/rsvp`, { answer })
  const checkin = (user: TestUser, id: string, code: string) =>
    post(user, `/api/meetings/${id}/checkin`, { code })
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

  it('shows the public neither the check-in code nor phones, and masks names of people without an account', async () => {
    const { id, checkinCode } = await meeting()
    const res = await app.inject({ method: 'GET', url: `/api/meetings/${id}` })
    expect(res.statusCode).toBe(200)
    const view = res.json()
    expect(view.checkinCode).toBeUndefined()
    expect(view.canManage).toBe(false)
    expect(res.body).not.toContain(checkinCode)
    expect(res.body).not.toContain('13700001111')
    expect(res.body).not.toContain('王建国')
    expect(view.invites.map((i: { name: string }) => i.name)).toEqual([
      '李委员',
      '区住建局',
      '王**',
    ])
    // Signed in but not staff of this room: still the public view.
    const other = await app.inject({
      method: 'GET',
      url: `/api/meetings/${id}`,
      headers: f.convenerB.headers,
    })
    expect(other.json().checkinCode).toBeUndefined()
    expect(other.body).not.toContain('13700001111')
    // The room's convener sees the code and the phones.
    const staff = await app.inject({
      method: 'GET',
      url: `/api/meetings/${id}`,
      headers: f.convenerA.headers,
    })
    expect(staff.json().checkinCode).toBe(checkinCode)
    expect(staff.body).toContain('13700001111')
  })

  it('lists a room’s meetings publicly, within a time range', async () => {
    const soon = await meeting(20)
    const later = await meeting(60 * 24 * 3)
    const all = await app.inject({ method: 'GET', url: `/api/rooms/${f.roomA.id}/meetings` })
    expect(all.statusCode).toBe(200)
    const ids = all.json().items.map((m: { id: string }) => m.id)
    expect(ids).toEqual(expect.arrayContaining([soon.id, later.id]))
    expect(all.body).not.toContain(soon.checkinCode)
    const to = new Date(Date.now() + 24 * 3600_000).toISOString()
    const window = await app.inject({
      method: 'GET',
      url: `/api/rooms/${f.roomA.id}/meetings?to=${encodeURIComponent(to)}`,
    })
    const inWindow = window.json().items.map((m: { id: string }) => m.id)
    expect(inWindow).toContain(soon.id)
    expect(inWindow).not.toContain(later.id)
    const bad = await app.inject({ method: 'GET', url: `/api/rooms/${f.roomA.id}/meetings?from=x` })
    expect(bad.statusCode).toBe(400)
  })

  it('lets a member answer and check in with the right code within the window', async () => {
    const { id, checkinCode } = await meeting(10)
    const answered = await rsvp(f.member, id, 'accepted')
    expect(answered.statusCode).toBe(200)
    expect(answered.json().invite).toMatchObject({ kind: 'member', rsvp: 'accepted' })
    const mine = await app.inject({
      method: 'GET',
      url: '/api/me/meetings',
      headers: f.member.headers,
    })
    const entry = mine.json().items.find((m: { id: string }) => m.id === id)
    expect(entry.myInvite).toMatchObject({ kind: 'member', rsvp: 'accepted' })

    const first = await checkin(f.member, id, checkinCode)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ meetingId: id, alreadyCheckedIn: false })
    const at = first.json().invite.checkedInAt
    expect(at).toEqual(expect.any(String))
    const second = await checkin(f.member, id, checkinCode)
    expect(second.statusCode).toBe(200)
    expect(second.json()).toMatchObject({ alreadyCheckedIn: true, invite: { checkedInAt: at } })
    const staff = await app.inject({
      method: 'GET',
      url: `/api/meetings/${id}`,
      headers: f.convenerA.headers,
    })
    expect(staff.json().counts).toMatchObject({ accepted: 1, checkedIn: 1 })
  })

  it('refuses a wrong code with CHECKIN_CODE_INVALID', async () => {
    const { id, checkinCode } = await meeting(10)
    const res = await checkin(f.member, id, wrong(checkinCode))
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('CHECKIN_CODE_INVALID')
    const invite = await inviteModel(app.db).findOne({ userId: f.member.id, meetingId: id }).lean()
    expect(invite?.checkedInAt).toBeUndefined()
  })

  it('refuses check-in outside the window with CHECKIN_CLOSED, before and after', async () => {
    const early = await meeting(3 * 60)
    const before = await checkin(f.member, early.id, early.checkinCode)
    expect(before.statusCode).toBe(409)
    expect(before.json().code).toBe('CHECKIN_CLOSED')
    // A meeting that started three hours ago: its window closed an hour ago.
    const past = await meeting(10)
    const start = new Date(Date.now() - 3 * 3600_000)
    await meetingModel(app.db).updateOne(
      { _id: past.id },
      {
        startsAt: start,
        endsAt: new Date(start.getTime() + 3600_000),
        checkinOpensAt: new Date(start.getTime() - 3600_000),
        checkinClosesAt: new Date(start.getTime() + 2 * 3600_000),
      },
    )
    const after = await checkin(f.member, past.id, past.checkinCode)
    expect(after.json().code).toBe('CHECKIN_CLOSED')
  })

  it('refuses people who are not invited: RSVP always, check-in when walk-ins are not allowed', async () => {
    const { id, checkinCode } = await meeting(10, { allowWalkIn: false })
    const answer = await rsvp(f.resident, id, 'accepted')
    expect(answer.statusCode).toBe(403)
    expect(answer.json().code).toBe('NOT_INVITED')
    const res = await checkin(f.resident, id, checkinCode)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('NOT_INVITED')
  })

  it('adds a resident who walks in as resident_walk_in when the meeting allows it', async () => {
    const { id, checkinCode } = await meeting(10)
    const res = await checkin(f.resident, id, checkinCode)
    expect(res.statusCode).toBe(200)
    expect(res.json().invite).toMatchObject({ kind: 'resident_walk_in', rsvp: 'accepted' })
    const again = await checkin(f.resident, id, checkinCode)
    expect(again.json().alreadyCheckedIn).toBe(true)
    const stored = await inviteModel(app.db).find({ meetingId: id, userId: f.resident.id }).lean()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ kind: 'resident_walk_in', attended: true })
    // Walk-ins are not invitations to answer.
    expect((await rsvp(f.resident, id, 'declined')).json().code).toBe('NOT_INVITED')
    const view = await app.inject({ method: 'GET', url: `/api/meetings/${id}` })
    expect(view.json().counts).toMatchObject({ invited: 3, walkIns: 1, checkedIn: 1 })
    expect(view.body).not.toContain('张阿姨')
  })

  it('lets an officer of an invited department answer and check in for it', async () => {
    const { id, checkinCode } = await meeting(10)
    const answered = await rsvp(f.officer, id, 'declined')
    expect(answered.statusCode).toBe(200)
    expect(answered.json().invite).toMatchObject({
      kind: 'department',
      rsvp: 'declined',
      departmentUnitId: f.department.id,
    })
    const invite = await inviteModel(app.db).findOne({ meetingId: id, kind: 'department' }).lean()
    expect(String(invite?.rsvpBy)).toBe(f.officer.id)
    const mine = await app.inject({
      method: 'GET',
      url: '/api/me/meetings',
      headers: f.officer.headers,
    })
    expect(mine.json().items.map((m: { id: string }) => m.id)).toContain(id)
    const checked = await checkin(f.officer, id, checkinCode)
    expect(checked.json().invite).toMatchObject({ kind: 'department' })
    expect(checked.json().alreadyCheckedIn).toBe(false)
  })

  it('shows the online link to invitees and staff only', async () => {
    const topic = await topicIn(app, f)
    const res = await schedule(
      app,
      f,
      meetingBody([String(topic._id)], 30, {
        form: 'online',
        place: undefined,
        onlineUrl: 'https://meeting.example.cn/j/42',
        invites: [{ kind: 'member', userId: f.member.id }],
      }),
    )
    const id = res.json().id
    const view = (user?: TestUser) =>
      app.inject({ method: 'GET', url: `/api/meetings/${id}`, headers: user?.headers ?? {} })
    expect((await view()).json().onlineUrl).toBeUndefined()
    expect((await view(f.resident)).json().onlineUrl).toBeUndefined()
    const invitee = (await view(f.member)).json()
    expect(invitee.onlineUrl).toBe('https://meeting.example.cn/j/42')
    expect(invitee.myInvite).toMatchObject({ kind: 'member', rsvp: 'pending' })
  })

  it('closes answers once the meeting has started (RSVP_CLOSED)', async () => {
    const { id } = await meeting(10)
    await meetingModel(app.db).updateOne({ _id: id }, { startsAt: new Date(Date.now() - 60_000) })
    const res = await rsvp(f.member, id, 'accepted')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('RSVP_CLOSED')
  })

  it('answers 400 for bad bodies and 404 for an unknown meeting', async () => {
    const { id } = await meeting(10)
    expect((await rsvp(f.member, id, 'maybe')).statusCode).toBe(400)
    expect((await checkin(f.member, id, '12345')).statusCode).toBe(400)
    expect((await checkin(f.member, id, 'abcdef')).json().code).toBe('VALIDATION_FAILED')
    const missing = await rsvp(f.member, '0123456789abcdef01234567', 'accepted')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('MEETING_NOT_FOUND')
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/meetings/${id}/checkin`,
      payload: { code: '123456' },
    })
    expect(anonymous.statusCode).toBe(401)
  })

  it('limits check-in attempts to 10 a minute per person (the code is only 6 digits)', async () => {
    const { id, checkinCode } = await meeting(10)
    const guesser = await createTestUser(app)
    const codes: number[] = []
    for (let attempt = 0; attempt < 11; attempt += 1) {
      codes.push((await checkin(guesser, id, wrong(checkinCode))).statusCode)
    }
    expect(codes.slice(0, 10).every((status) => status === 400)).toBe(true)
    expect(codes[10]).toBe(429)
    // Someone else in the same room (same IP) is not held up by the guesser.
    expect((await checkin(f.member, id, checkinCode)).statusCode).toBe(200)
  })
})
