import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import {
  meetingBody,
  meetingFixture,
  schedule,
  topicIn,
  type MeetingFixture,
} from '../meetings/fixture'

// The machine running the suite is shared; building the app and fixture can take a while.
jest.setTimeout(30_000)

describe('the topic view’s meeting', () => {
  let app: App
  let f: MeetingFixture

  beforeAll(async () => {
    app = await build()
    f = await meetingFixture(app)
  })

  /** The topic as a visitor (not signed in) sees it. */
  async function viewOf(topicId: string) {
    const res = await app.inject({ method: 'GET', url: `/api/topics/${topicId}` })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  async function scheduleWith(topicId: string, inMinutes: number, title: string): Promise<string> {
    const res = await schedule(app, f, meetingBody([topicId], inMinutes, { title }))
    expect(res.statusCode).toBe(201)
    return res.json().id as string
  }

  it('is absent before the topic is put on an agenda', async () => {
    const topic = await topicIn(app, f, 'consultation', '东门绿化带开口')
    const view = await viewOf(String(topic._id))
    expect(view.state).toBe('consultation')
    expect(view).not.toHaveProperty('meeting')
  })

  it('names the scheduled meeting with its time, form and place once the topic is on its agenda', async () => {
    const topic = await topicIn(app, f, 'consultation', '小区充电桩一直不通电')
    const other = await topicIn(app, f, 'consultation', '河道保洁')
    await scheduleWith(String(other._id), 20, '河道保洁协商会')
    const meetingId = await scheduleWith(String(topic._id), 60, '充电桩通电协商会')

    const view = await viewOf(String(topic._id))
    expect(view.state).toBe('meeting_scheduled')
    expect(view.meeting).toEqual({
      id: meetingId,
      roomId: f.roomA.id,
      title: '充电桩通电协商会',
      form: 'on_site',
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      place: { address: '永胜小区 3 号楼前' },
      status: 'scheduled',
      topicCount: 1,
    })
    expect(Date.parse(view.meeting.endsAt)).toBeGreaterThan(Date.parse(view.meeting.startsAt))
    // The public view carries no check-in code or online link of the meeting.
    expect(JSON.stringify(view)).not.toMatch(/checkinCode|onlineUrl/)
  })

  it('drops a cancelled meeting and names the next one, even when the cancelled one starts later', async () => {
    const topic = await topicIn(app, f, 'consultation', '菜场门口占道经营')
    const cancelledId = await scheduleWith(String(topic._id), 120, '占道经营协商会')
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/meetings/${cancelledId}/cancel`,
      headers: f.convenerA.headers,
      payload: { reason: '部门负责人临时出差' },
    })
    expect(cancelled.statusCode).toBe(200)

    const back = await viewOf(String(topic._id))
    expect(back.state).toBe('consultation')
    expect(back).not.toHaveProperty('meeting')

    const nextId = await scheduleWith(String(topic._id), 30, '占道经营协商会（改期）')
    const view = await viewOf(String(topic._id))
    expect(view.meeting).toMatchObject({
      id: nextId,
      title: '占道经营协商会（改期）',
      status: 'scheduled',
    })
  })
})
