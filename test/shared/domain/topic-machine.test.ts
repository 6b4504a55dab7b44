import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  availableEvents,
  FINISHED_STATES,
  initialState,
  nextState,
  replyEvent,
  TOPIC_EVENT_LABELS,
  TOPIC_EVENTS,
  TOPIC_STATE_LABELS,
  TOPIC_STATES,
  type TopicEvent,
  type TopicState,
  TRANSITIONS,
} from '../../../shared/domain'

const legalPairs = TRANSITIONS.flatMap((row) =>
  row.from.map((from) => ({ from, event: row.event, to: row.to })),
)
const illegalPairs = TOPIC_STATES.flatMap((state) =>
  TOPIC_EVENTS.filter((event) => !availableEvents(state).includes(event)).map((event) => ({
    state,
    event,
  })),
)

function walk(start: TopicState, events: TopicEvent[]): TopicState {
  return events.reduce<TopicState>((state, event) => {
    const result = nextState(state, event)
    if (!result.ok) throw new Error(`${event} refused from ${state}: ${result.reason}`)
    return result.state
  }, start)
}

describe('the topic state machine', () => {
  test.each(legalPairs)('moves a topic from $from to $to on $event', ({ from, event, to }) => {
    expect(nextState(from, event)).toEqual({ ok: true, state: to })
  })

  test('refuses every event that no row lists for a state as an illegal transition', () => {
    expect(illegalPairs.length).toBeGreaterThan(400)
    for (const { state, event } of illegalPairs) {
      const result = nextState(state, event)
      expect(result).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' })
    }
  })

  test.each([
    ['open', 'publish_outcome'],
    ['pending_review', 'start_screening'],
    ['researching', 'reply_research'],
    ['closed', 'withdraw'],
    ['in_progress', 'confirm_solved'],
    ['withdrawn', 'restore'],
  ] as const)('refuses %s → %s with a Chinese reason naming both', (state, event) => {
    const result = nextState(state, event)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.reason).toContain(TOPIC_STATE_LABELS[state])
    expect(result.reason).toContain(TOPIC_EVENT_LABELS[event])
  })

  test('lists no state and event pair twice, so every transition is deterministic', () => {
    const keys = legalPairs.map(({ from, event }) => `${from}:${event}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  test('leaves every state that is not finished by at least one event', () => {
    const stuck = TOPIC_STATES.filter(
      (state) => !FINISHED_STATES.includes(state) && availableEvents(state).length === 0,
    )
    expect(stuck).toEqual([])
  })

  test('reaches every state from the states a new topic starts in', () => {
    const seen = new Set<TopicState>(['pending_review', 'open', 'screening'])
    for (let round = 0; round < TOPIC_STATES.length; round += 1) {
      for (const { from, to } of legalPairs) if (seen.has(from)) seen.add(to)
    }
    expect([...seen].sort()).toEqual([...TOPIC_STATES].sort())
  })

  test('uses every event in at least one transition', () => {
    const used = new Set(TRANSITIONS.map((row) => row.event))
    expect(TOPIC_EVENTS.filter((event) => !used.has(event))).toEqual([])
  })

  test('offers an open topic screening, duplicates merging, moderation and withdrawal', () => {
    expect(availableEvents('open')).toEqual([
      'reject',
      'withdraw',
      'start_screening',
      'threshold_reached',
      'merge',
    ])
  })

  test('offers the four-step reply from screening', () => {
    expect(availableEvents('screening')).toEqual(
      expect.arrayContaining([
        'reply_explain',
        'reply_answer',
        'reply_research',
        'escalate_up',
        'to_consultation',
        'to_micro_suggestion',
      ]),
    )
  })

  test('offers nothing from a withdrawn or merged topic', () => {
    expect(availableEvents('withdrawn')).toEqual([])
    expect(availableEvents('merged')).toEqual([])
  })

  test('starts flagged content in review, hotline tickets in screening and the rest open', () => {
    expect(initialState('resident', true)).toBe('pending_review')
    expect(initialState('hotline_12345', true)).toBe('pending_review')
    expect(initialState('hotline_12345', false)).toBe('screening')
    expect(initialState('resident', false)).toBe('open')
    expect(initialState('member_recommended', false)).toBe('open')
  })

  test('maps each four-step reply to its event and needs a target for step four', () => {
    expect(replyEvent('explain')).toBe('reply_explain')
    expect(replyEvent('answer')).toBe('reply_answer')
    expect(replyEvent('research')).toBe('reply_research')
    expect(replyEvent('escalate', 'parent_room')).toBe('escalate_up')
    expect(replyEvent('escalate', 'consultation')).toBe('to_consultation')
    expect(replyEvent('escalate', 'micro_suggestion')).toBe('to_micro_suggestion')
    expect(replyEvent('escalate')).toBeUndefined()
  })

  test('carries the 永胜小区 charger case from hotline ticket to a confirmed solution', () => {
    const start = initialState('hotline_12345', false)
    const end = walk(start, [
      'to_consultation',
      'schedule_meeting',
      'publish_outcome',
      'assign_actions',
      'complete_actions',
      'confirm_solved',
    ])
    expect(end).toBe('closed')
  })

  test('carries a village topic up to the town room and back into the work after a failed call-back', () => {
    const end = walk('open', [
      'threshold_reached',
      'escalate_up',
      'accept_escalation',
      'to_consultation',
      'schedule_meeting',
      'publish_outcome',
      'assign_actions',
      'complete_actions',
      'report_unsolved',
      'resume_actions',
    ])
    expect(end).toBe('in_progress')
  })

  test('closes a researched question with an answer and lets the petitioner reopen it for screening', () => {
    expect(walk('screening', ['reply_research', 'reply_answer'])).toBe('closed_answered')
    expect(walk('closed_answered', ['reopen', 'rescreen'])).toBe('screening')
  })

  test('ends a micro-suggestion at call-back once the department gives feedback', () => {
    expect(walk('screening', ['to_micro_suggestion', 'department_feedback'])).toBe(
      'awaiting_callback',
    )
  })

  test('labels every state and event in Chinese', () => {
    const han = /[\u4e00-\u9fff]/
    for (const state of TOPIC_STATES) expect(TOPIC_STATE_LABELS[state]).toMatch(han)
    for (const event of TOPIC_EVENTS) expect(TOPIC_EVENT_LABELS[event]).toMatch(han)
  })

  test('matches the state diagram in the module README, apart from the rescheduling self-loop', () => {
    const readme = readFileSync(join(__dirname, '../../../shared/domain/README.md'), 'utf8')
    const drawn = [...readme.matchAll(/^ {2}(\w+) --> (\w+): (.+)$/gm)].flatMap(
      ([, from, to, events]) => events.split(' / ').map((event) => `${from}:${event}->${to}`),
    )
    const table = legalPairs
      .filter(({ event }) => event !== 'reschedule_meeting')
      .map(({ from, event, to }) => `${from}:${event}->${to}`)
    expect(drawn.sort()).toEqual(table.sort())
  })
})
