import type { App } from '../../../../cloud/src/app'
import { escalationModel } from '../../../../cloud/src/modules/triage/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { build } from '../../../helpers/build'
import { get, post, publicTimeline, topicIn, triageFixture, type TriageFixture } from './fixture'

jest.setTimeout(60_000)

describe('escalation up the room hierarchy (村→镇→区)', () => {
  let app: App
  let fx: TriageFixture

  beforeAll(async () => {
    app = await build()
    fx = await triageFixture(app)
  })

  const escalate = (id: string, by = fx.villageConvener, extra: object = {}) =>
    post(app, `/api/topics/${id}/reply`, by, { kind: 'escalate', target: 'parent_room', ...extra })

  it('moves an accepted topic from the village feed to the town feed at once, cached or not', async () => {
    const id = await topicIn(app, fx, 'screening')
    const sent = await escalate(id, fx.villageConvener, { text: '需要街道统筹。' })
    expect(sent.statusCode).toBe(200)
    const feedIds = async (roomId: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/rooms/${roomId}/topics?sort=new` })
      expect(res.statusCode).toBe(200)
      return (res.json() as { items: Array<{ id: string }> }).items.map((item) => item.id)
    }
    // Both feeds are read (and so cached) before the town accepts.
    expect(await feedIds(fx.villageRoom.id)).toContain(id)
    expect(await feedIds(fx.townRoom.id)).not.toContain(id)
    const hop = sent.json().escalation.id as string
    expect((await post(app, `/api/escalations/${hop}/accept`, fx.townConvener)).statusCode).toBe(
      200,
    )
    expect(await feedIds(fx.villageRoom.id)).not.toContain(id)
    expect(await feedIds(fx.townRoom.id)).toContain(id)
  })

  it('passes a village topic to the town, which accepts it; then the district returns it to the town', async () => {
    const id = await topicIn(app, fx, 'screening')
    const reason = '涉及两个社区的排水管网，需要街道统筹。'
    const sent = await escalate(id, fx.villageConvener, { text: reason })
    expect(sent.statusCode).toBe(200)
    expect(sent.json()).toMatchObject({
      state: 'escalated_up',
      escalation: { toRoom: { id: fx.townRoom.id, name: '长东街道协商议事室' } },
    })
    const firstHop = sent.json().escalation.id as string

    // The town room sees it in its inbox; the village convener cannot decide on its own escalation.
    const inbox = await get(
      app,
      `/api/rooms/${fx.townRoom.id}/escalations?status=pending`,
      fx.townConvener,
    )
    expect(inbox.statusCode).toBe(200)
    expect(inbox.json().items).toMatchObject([
      { id: firstHop, level: 0, reason, from: { id: fx.villageRoom.id }, topic: { id } },
    ])
    expect(
      (await get(app, `/api/rooms/${fx.townRoom.id}/escalations`, fx.villageConvener)).statusCode,
    ).toBe(403)
    expect(
      (await post(app, `/api/escalations/${firstHop}/accept`, fx.villageConvener)).statusCode,
    ).toBe(403)
    expect(
      (await post(app, `/api/escalations/${firstHop}/accept`, fx.otherConvener)).statusCode,
    ).toBe(403)

    const accepted = await post(app, `/api/escalations/${firstHop}/accept`, fx.townConvener)
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ status: 'accepted', room: { id: fx.townRoom.id } })
    const inTown = await topicModel(app.db).findById(id).lean()
    expect(inTown?.state).toBe('screening')
    expect(String(inTown?.roomId)).toBe(fx.townRoom.id)
    expect(String(inTown?.unitId)).toBe(fx.town.id)
    expect(inTown?.unitAncestors.map(String)).toEqual([fx.district.id, fx.town.id])
    // Deciding twice is refused.
    const twice = await post(app, `/api/escalations/${firstHop}/accept`, fx.townConvener)
    expect(twice.json().code).toBe('ESCALATION_DECIDED')

    // The village room no longer handles it; the town room does, and escalates it further.
    const villageAgain = await post(app, `/api/topics/${id}/reply`, fx.villageConvener, {
      kind: 'answer',
      text: '我们来答复。',
    })
    expect(villageAgain.statusCode).toBe(403)
    const up = await escalate(id, fx.townConvener, { text: '需要区级统筹资金。' })
    expect(up.statusCode).toBe(200)
    expect(up.json().escalation.toRoom.id).toBe(fx.districtRoom.id)
    const secondHop = up.json().escalation.id as string

    // Returning needs a reason.
    const noReason = await post(
      app,
      `/api/escalations/${secondHop}/return`,
      fx.districtConvener,
      {},
    )
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().code).toBe('REASON_REQUIRED')
    const blank = await post(app, `/api/escalations/${secondHop}/return`, fx.districtConvener, {
      reason: '  ',
    })
    expect(blank.json().code).toBe('REASON_REQUIRED')

    const returnReason = '属街道职权范围，请街道先行协调。'
    const returned = await post(app, `/api/escalations/${secondHop}/return`, fx.districtConvener, {
      reason: returnReason,
    })
    expect(returned.statusCode).toBe(200)
    expect(returned.json()).toMatchObject({
      status: 'returned',
      decisionReason: returnReason,
      room: { id: fx.townRoom.id },
    })
    const back = await topicModel(app.db).findById(id).lean()
    expect(back?.state).toBe('screening')
    expect(String(back?.roomId)).toBe(fx.townRoom.id)

    // Each level's part is tracked and public.
    const levels = await get(app, `/api/topics/${id}/escalations`)
    expect(levels.statusCode).toBe(200)
    expect(levels.json().items).toMatchObject([
      {
        level: 0,
        from: { id: fx.villageRoom.id, name: '永胜社区协商议事室' },
        to: { id: fx.townRoom.id, name: '长东街道协商议事室' },
        status: 'accepted',
        reason,
      },
      {
        level: 1,
        from: { id: fx.townRoom.id },
        to: { id: fx.districtRoom.id, name: '清江浦区协商议事室' },
        status: 'returned',
        decisionReason: returnReason,
      },
    ])
    const events = (await publicTimeline(app, id)).map((entry) => entry.event)
    expect(events).toEqual(['escalate_up', 'accept_escalation', 'escalate_up', 'return_escalation'])
    expect((await publicTimeline(app, id)).at(-1)?.note).toContain(returnReason)

    // The town room concludes it.
    const concluded = await post(app, `/api/topics/${id}/reply`, fx.townConvener, {
      kind: 'answer',
      text: '街道已协调两个社区共同疏通排水管网。',
    })
    expect(concluded.json().state).toBe('closed_answered')
  })

  it('refuses to escalate from a root room with NO_PARENT_ROOM', async () => {
    const id = await topicIn(app, fx, 'screening', { room: fx.districtRoom, unit: fx.district })
    const res = await escalate(id, fx.districtConvener)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('NO_PARENT_ROOM')
    expect((await topicModel(app.db).findById(id).lean())?.state).toBe('screening')
  })

  it('may skip a level to a chosen ancestor room, but not to a room outside the line', async () => {
    const id = await topicIn(app, fx, 'screening')
    const sideways = await escalate(id, fx.villageConvener, {
      parentRoomId: fx.otherVillageRoom.id,
    })
    expect(sideways.statusCode).toBe(400)
    expect(sideways.json().code).toBe('ESCALATION_TARGET_INVALID')
    const itself = await escalate(id, fx.villageConvener, { parentRoomId: fx.villageRoom.id })
    expect(itself.json().code).toBe('ESCALATION_TARGET_INVALID')
    const skip = await escalate(id, fx.villageConvener, { parentRoomId: fx.districtRoom.id })
    expect(skip.statusCode).toBe(200)
    expect(skip.json().escalation.toRoom.id).toBe(fx.districtRoom.id)
    // The town convener is not the one to decide on it; the district's is.
    const hop = skip.json().escalation.id as string
    expect((await post(app, `/api/escalations/${hop}/accept`, fx.townConvener)).statusCode).toBe(
      403,
    )
    expect(
      (await post(app, `/api/escalations/${hop}/accept`, fx.districtConvener)).statusCode,
    ).toBe(200)
  })

  it('keeps one record per hop with the sending and receiving rooms and units', async () => {
    const id = await topicIn(app, fx, 'screening')
    await escalate(id)
    const [record] = await escalationModel(app.db).find({ topicId: id }).lean()
    expect({
      fromRoomId: String(record.fromRoomId),
      fromUnitId: String(record.fromUnitId),
      toRoomId: String(record.toRoomId),
      toUnitId: String(record.toUnitId),
      status: record.status,
      level: record.level,
    }).toEqual({
      fromRoomId: fx.villageRoom.id,
      fromUnitId: fx.village.id,
      toRoomId: fx.townRoom.id,
      toUnitId: fx.town.id,
      status: 'pending',
      level: 0,
    })
  })

  it('answers 404 for an unknown escalation and for the history of an unknown topic', async () => {
    const missing = '65f000000000000000000000'
    const accept = await post(app, `/api/escalations/${missing}/accept`, fx.townConvener)
    expect(accept.statusCode).toBe(404)
    expect(accept.json().code).toBe('ESCALATION_NOT_FOUND')
    expect((await get(app, `/api/topics/${missing}/escalations`)).statusCode).toBe(404)
  })

  it('lets only one of two simultaneous decisions on an escalation win', async () => {
    const id = await topicIn(app, fx, 'screening')
    const hop = (await escalate(id)).json().escalation.id as string
    const [a, b] = await Promise.all([
      post(app, `/api/escalations/${hop}/accept`, fx.townConvener),
      post(app, `/api/escalations/${hop}/return`, fx.townStaff, { reason: '请社区先处理。' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const record = await escalationModel(app.db).findById(hop).lean()
    const winner = a.statusCode === 200 ? 'accepted' : 'returned'
    expect(record?.status).toBe(winner)
  })
})
