import { replyDueAt } from '../../../shared/domain/deadlines'
import {
  parentRoomCandidates,
  pickParentRoom,
  replyClock,
  replyDeadline,
  replyLimits,
} from '../../../shared/domain/triage-rules'

/** An instant given as Beijing local time, so the cases read like a calendar. */
function beijing(local: string): Date {
  return new Date(`${local}+08:00`)
}

// district → town → village; rooms: two at the district, one at the town, one at a sibling town.
const chainAboveVillage = ['district', 'town']
const rooms = [
  { id: 'district-room-old', unitId: 'district' },
  { id: 'district-room-new', unitId: 'district' },
  { id: 'sibling-town-room', unitId: 'sibling-town' },
  { id: 'town-room', unitId: 'town' },
  { id: 'village-peer-room', unitId: 'village' },
]

describe('choosing the room a topic escalates to', () => {
  test('orders the ancestor rooms nearest first and keeps the given order within a unit', () => {
    expect(parentRoomCandidates(chainAboveVillage, rooms).map((room) => room.id)).toEqual([
      'town-room',
      'district-room-old',
      'district-room-new',
    ])
  })

  test('defaults to the nearest ancestor that has a room', () => {
    expect(pickParentRoom(chainAboveVillage, rooms)).toEqual({
      ok: true,
      room: { id: 'town-room', unitId: 'town' },
    })
    const townless = rooms.filter((room) => room.id !== 'town-room')
    expect(pickParentRoom(chainAboveVillage, townless)).toMatchObject({
      ok: true,
      room: { id: 'district-room-old' },
    })
  })

  test('accepts an explicitly chosen ancestor room, skipping a level', () => {
    expect(pickParentRoom(chainAboveVillage, rooms, 'district-room-new')).toMatchObject({
      ok: true,
      room: { id: 'district-room-new' },
    })
  })

  test('refuses a peer, a sibling subtree or an unknown room as the target', () => {
    for (const requested of ['village-peer-room', 'sibling-town-room', 'nowhere']) {
      expect(pickParentRoom(chainAboveVillage, rooms, requested)).toEqual({
        ok: false,
        code: 'ESCALATION_TARGET_INVALID',
      })
    }
  })

  test('has no parent room at the root or when no ancestor has a room', () => {
    expect(pickParentRoom([], rooms)).toEqual({ ok: false, code: 'NO_PARENT_ROOM' })
    expect(pickParentRoom(chainAboveVillage, [rooms[2], rooms[4]], 'town-room')).toEqual({
      ok: false,
      code: 'NO_PARENT_ROOM',
    })
  })
})

describe('the deadline of each reply', () => {
  const received = beijing('2026-07-06T09:00:00') // a Monday

  test('gives each step its own limit from when the room received the topic', () => {
    const limits = replyLimits(received)
    expect(limits.explain).toEqual(beijing('2026-07-09T23:59:59.999'))
    expect(limits.answer).toEqual(limits.explain)
    expect(limits.escalate).toEqual(beijing('2026-07-13T23:59:59.999'))
    expect(limits.research).toEqual(replyDueAt(received, 'research'))
    expect(replyDeadline('escalate', received, 'screening')).toEqual(limits.escalate)
  })

  test('holds the conclusion of a research to the research limit, whatever its kind', () => {
    expect(replyDeadline('answer', received, 'researching')).toEqual(
      replyDueAt(received, 'research'),
    )
    expect(replyDeadline('explain', received, 'researching')).toEqual(
      replyDueAt(received, 'research'),
    )
  })
})

describe('the reply clock', () => {
  const due = beijing('2026-07-09T23:59:59.999') // end of Thursday

  test('counts working days left before the due date', () => {
    expect(replyClock(due, beijing('2026-07-06T10:00:00'))).toEqual({
      dueAt: due,
      overdue: false,
      workingDaysLeft: 3,
    })
    expect(replyClock(due, beijing('2026-07-09T18:00:00')).workingDaysLeft).toBe(0)
  })

  test('turns overdue just after the due date and counts working days past it as negative', () => {
    expect(replyClock(due, beijing('2026-07-10T00:00:00'))).toMatchObject({
      overdue: true,
      workingDaysLeft: -1,
    })
    // Friday, the weekend, then Monday: two working days late.
    expect(replyClock(due, beijing('2026-07-13T09:00:00')).workingDaysLeft).toBe(-2)
  })

  test('never reports minus zero', () => {
    const friday = beijing('2026-07-10T23:59:59.999')
    expect(Object.is(replyClock(friday, beijing('2026-07-11T10:00:00')).workingDaysLeft, 0)).toBe(
      true,
    )
  })
})
