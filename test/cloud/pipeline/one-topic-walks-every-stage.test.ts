import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'
import { useFakeWechat } from '../modules/auth/fake-wechat-env'
import { CHARGER, ok, refused, walkWorld, type WalkWorld } from './walk-helpers'
import { Walk } from './walk-steps'

// The whole pipeline through the HTTP API, twice; the machine running the suite is shared.
jest.setTimeout(120_000)

describe('one topic walks every stage of the pipeline', () => {
  const wechat = useFakeWechat()
  let app: App
  let w: WalkWorld

  beforeAll(async () => {
    app = await build({ env: wechat.env })
    w = await walkWorld(app, wechat.fake)
  })

  it('goes from raising to closing, through escalation, a meeting, lagging work, a reopening and a second call-back', async () => {
    const walk = new Walk(w)
    const { api } = walk
    await walk.raise()
    await walk.support()

    // The lists: the village room's feed (by category and source), my topics, my supports.
    const ids = (res: Parameters<typeof ok>[0]) =>
      ok<{ items: Array<{ id: string }> }>(res).items.map((item) => item.id)
    const feed = `/api/rooms/${w.villageRoom.id}/topics`
    expect(
      ids(await api.get(null, `${feed}?sort=hot&category=municipal&source=resident`)),
    ).toContain(walk.topicId)
    expect(ids(await api.get(null, `${feed}?category=traffic`))).not.toContain(walk.topicId)
    expect(ids(await api.get(w.resident, '/api/me/topics'))).toContain(walk.topicId)
    expect(ids(await api.get(w.neighbour, '/api/me/supports'))).toContain(walk.topicId)

    await walk.startScreening()
    // The village room's staff queue shows it with its reply clock.
    const queue = ok<{ items: Array<{ id: string; state: string; overdue: boolean }> }>(
      await api.get(w.villageConvener, `/api/rooms/${w.villageRoom.id}/queue`),
    )
    expect(queue.items).toEqual([
      expect.objectContaining({ id: walk.topicId, state: 'screening', overdue: false }),
    ])

    await walk.escalateToTown()
    await walk.acceptInTown()
    await walk.toConsultation()
    await walk.scheduleMeeting()
    await walk.memberAttends()
    await walk.recordMinutes()
    await walk.publishOutcome()
    await walk.finishItems()
    await walk.notSolved()
    await walk.resume()
    await walk.finishAgain()
    await walk.solved()

    // The call-back summary counts the petitioner's last answer.
    const summary = ok(await api.get(null, `${walk.url}/callbacks/summary`))
    expect(summary).toMatchObject({ topicState: 'closed', petitionerAnswered: true, solved: 1 })
    expect(summary.averageRating).toBe(5)
  })

  it('refuses, at every stage, the wrong person or the illegal step with its specific code before the right step succeeds', async () => {
    const walk = new Walk(w)
    const { api } = walk
    const room = `/api/rooms/${w.villageRoom.id}/topics`

    // Raising: no token, then a category that does not exist.
    refused(await api.post(null, room, CHARGER), 401, 'UNAUTHENTICATED')
    refused(
      await api.post(w.resident, room, { ...CHARGER, category: 'weather' }),
      400,
      'VALIDATION_FAILED',
    )
    await walk.raise()
    const url = walk.url

    // Supporting: not one's own topic; withdrawing: only the author.
    refused(await api.put(w.resident, `${url}/support`), 409, 'SELF_SUPPORT')
    await walk.support()
    refused(await api.post(w.neighbour, `${url}/withdraw`, {}), 403, 'NOT_AUTHOR')

    // Screening: only the village room's staff; no reply before the room takes it up.
    refused(await api.post(w.neighbour, `${url}/screening`, {}), 403, 'FORBIDDEN')
    refused(await api.post(w.townConvener, `${url}/screening`, {}), 403, 'FORBIDDEN')
    const toTown = { kind: 'escalate', target: 'parent_room', text: '需要街道统筹。' }
    refused(await api.post(w.villageConvener, `${url}/reply`, toTown), 409, 'ILLEGAL_TRANSITION')
    await walk.startScreening()

    // Escalating: not the member of another room, not a department.
    refused(await api.post(w.member, `${url}/reply`, toTown), 403, 'FORBIDDEN')
    refused(await api.post(w.officer, `${url}/reply`, toTown), 403, 'FORBIDDEN')
    await walk.escalateToTown()

    // Accepting: only the parent room; the sender cannot accept its own escalation.
    const accept = `/api/escalations/${walk.escalationId}/accept`
    refused(await api.post(w.villageConvener, accept), 403, 'FORBIDDEN')
    refused(await api.post(w.villageConvener, `${url}/screening`, {}), 409, 'ILLEGAL_TRANSITION')
    await walk.acceptInTown()
    refused(await api.post(w.townConvener, accept), 409, 'ESCALATION_DECIDED')

    // Now the town's: the village convener may no longer reply; no meeting before consultation.
    const consult = { kind: 'escalate', target: 'consultation' }
    refused(await api.post(w.villageConvener, `${url}/reply`, consult), 403, 'FORBIDDEN')
    const meetings = `/api/rooms/${w.townRoom.id}/meetings`
    refused(await api.post(w.townConvener, meetings, walk.meetingBody()), 409, 'ILLEGAL_TRANSITION')
    await walk.toConsultation()

    // No outcome without a meeting; a meeting only in the topic's own room.
    refused(
      await api.post(w.townConvener, `${url}/outcome`, walk.outcomeBody()),
      409,
      'MEETING_NOT_STARTED',
    )
    const villageMeetings = `/api/rooms/${w.villageRoom.id}/meetings`
    refused(
      await api.post(w.villageConvener, villageMeetings, walk.meetingBody()),
      400,
      'MEETING_TOPIC_NOT_IN_ROOM',
    )
    refused(await api.post(w.member, meetings, walk.meetingBody()), 403, 'FORBIDDEN')
    await walk.scheduleMeeting()

    // Before it starts: no outcome, no minutes; a wrong code does not check anyone in.
    refused(
      await api.post(w.townConvener, `${url}/outcome`, walk.outcomeBody()),
      409,
      'MEETING_NOT_STARTED',
    )
    const meeting = `/api/meetings/${walk.meetingId}`
    refused(
      await api.put(w.townConvener, `${meeting}/minutes`, { text: '提前写好的纪要' }),
      409,
      'MEETING_NOT_STARTED',
    )
    const wrongCode = String((Number(walk.checkinCode) + 1) % 1_000_000).padStart(6, '0')
    refused(
      await api.post(w.member, `${meeting}/checkin`, { code: wrongCode }),
      400,
      'CHECKIN_CODE_INVALID',
    )
    await walk.memberAttends()
    await walk.recordMinutes()

    // Publishing: the room's convener, not the attached member.
    refused(await api.post(w.member, `${url}/outcome`, walk.outcomeBody()), 403, 'FORBIDDEN')
    await walk.publishOutcome()
    // The outcome froze the supports.
    refused(await api.put(w.bystander, `${url}/support`), 409, 'SUPPORT_CLOSED')

    // Progress: only the owner department, never going down; no call-back while work goes on.
    const itemA = `/api/action-items/${walk.itemA}`
    refused(
      await api.post(w.otherOfficer, `${itemA}/progress`, { percent: 50, note: '代报' }),
      403,
      'FORBIDDEN',
    )
    refused(await walk.callback(w.resident, { solved: true, rating: 5 }), 409, 'ILLEGAL_TRANSITION')
    expect(await walk.progress(walk.itemA, 50, true)).toBe('in_progress')
    refused(
      await api.post(w.officer, `${itemA}/progress`, { percent: 30, note: '回退' }),
      409,
      'PERCENT_DECREASED',
    )
    expect(await walk.progress(walk.itemA, 100, true)).toBe('in_progress')
    // Supervision: not by a resident; a done item needs no reminder.
    refused(await api.post(w.neighbour, `/api/action-items/${walk.itemB}/remind`), 403, 'FORBIDDEN')
    refused(await api.post(w.member, `${itemA}/remind`), 409, 'ACTION_ITEM_DONE')
    await walk.itemBLags()
    expect(await walk.progress(walk.itemB, 100)).toBe('awaiting_callback')
    await walk.expectTimeline('awaiting_callback', {
      event: 'complete_actions',
      to: 'awaiting_callback',
      by: '系统',
    })

    // Call-back: only those asked; "not solved" needs a reason; the supporter's answer counts in
    // the figures but does not move the topic.
    refused(
      await walk.callback(w.bystander, { solved: true, rating: 5 }),
      403,
      'CALLBACK_NOT_ASKED',
    )
    refused(await walk.callback(w.resident, { solved: false, rating: 1 }), 400, 'REASON_REQUIRED')
    refused(await walk.callback(w.resident, { solved: true, rating: 6 }), 400, 'VALIDATION_FAILED')
    expect(ok(await walk.callback(w.neighbour, { solved: true, rating: 4 }))).toMatchObject({
      topicState: 'awaiting_callback',
    })
    refused(await walk.callback(w.neighbour, { solved: true, rating: 3 }), 409, 'ALREADY_RATED')
    await walk.notSolved()

    // Reopened: the room decides, not the department; no progress until the work is resumed.
    refused(await api.post(w.officer, `${url}/resume`, {}), 403, 'FORBIDDEN')
    refused(
      await api.post(w.officer, `${itemA}/progress`, { percent: 100, note: '再报' }),
      409,
      'ILLEGAL_TRANSITION',
    )
    await walk.resume()
    await walk.finishAgain()
    await walk.solved()

    // Closed: no more supports (finished: TOPIC_CLOSED), answers, resumptions or withdrawal.
    refused(await api.put(w.bystander, `${url}/support`), 409, 'TOPIC_CLOSED')
    refused(await walk.callback(w.resident, { solved: true, rating: 5 }), 409, 'ILLEGAL_TRANSITION')
    refused(await api.post(w.townConvener, `${url}/resume`, {}), 409, 'ILLEGAL_TRANSITION')
    // Even its author cannot withdraw it once others have worked on it.
    refused(await api.post(w.resident, `${url}/withdraw`, {}), 409, 'ILLEGAL_TRANSITION')
  })
})
