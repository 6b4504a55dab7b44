import {
  allowedEvents,
  canAcceptEscalation,
  canComment,
  canEscalate,
  canModerate,
  canRaiseTopic,
  canReply,
  canSupport,
  canTriage,
  canWithdraw,
  canWithdrawSupport,
  shouldAutoScreen,
  type Verdict,
} from '../../../shared/domain'
import {
  changxiConvener,
  ctx,
  districtStaff,
  gridWorker,
  huajieConvener,
  memberOffDuty,
  memberOnDuty,
  neighbour,
  NOW,
  qingpuConvener,
  qingpuStaff,
  resident,
  ROOMS,
  topic,
} from './fixtures'

function codeOf(verdict: Verdict): string {
  return verdict.ok ? 'OK' : verdict.code
}

describe('raising a topic', () => {
  test('lets any resident raise one in any room', () => {
    expect(canRaiseTopic('resident', ROOMS.sanzhuRoom, ctx(resident))).toEqual({ ok: true })
  })

  test('refuses a blocked user', () => {
    expect(
      codeOf(canRaiseTopic('resident', ROOMS.huajieRoom, ctx(resident), { blocked: true })),
    ).toBe('USER_BLOCKED')
  })

  test('needs the matching role for each source', () => {
    expect(codeOf(canRaiseTopic('grid_worker', ROOMS.changxiRoom, ctx(gridWorker)))).toBe('OK')
    expect(codeOf(canRaiseTopic('grid_worker', ROOMS.changxiRoom, ctx(resident)))).toBe('FORBIDDEN')
    expect(codeOf(canRaiseTopic('member_recommended', ROOMS.huajieRoom, ctx(memberOffDuty)))).toBe(
      'OK',
    )
    expect(codeOf(canRaiseTopic('hotline_12345', ROOMS.huajieRoom, ctx(qingpuStaff)))).toBe('OK')
    expect(codeOf(canRaiseTopic('hotline_12345', ROOMS.huajieRoom, ctx(huajieConvener)))).toBe(
      'FORBIDDEN',
    )
    expect(codeOf(canRaiseTopic('party_gov', ROOMS.huajieRoom, ctx(districtStaff)))).toBe('OK')
  })
})

describe('supporting a topic', () => {
  const notYet = { alreadySupported: false }

  test('lets a neighbour support an open topic', () => {
    expect(canSupport(topic(), ctx(neighbour), notYet)).toEqual({ ok: true })
  })

  test('keeps taking supports while the room is still deciding', () => {
    for (const state of [
      'screening',
      'researching',
      'consultation',
      'meeting_scheduled',
    ] as const) {
      expect(codeOf(canSupport(topic({ state }), ctx(neighbour), notYet))).toBe('OK')
    }
  })

  test('refuses the author, whose raising already counts', () => {
    expect(canSupport(topic(), ctx(resident), notYet)).toMatchObject({
      ok: false,
      code: 'SELF_SUPPORT',
      reason: '不能附议自己提出的议题',
    })
  })

  test('refuses the petitioner of a topic a grid worker raised for them', () => {
    const onBehalf = topic({ authorId: gridWorker.userId, petitionerId: resident.userId })
    expect(codeOf(canSupport(onBehalf, ctx(resident), notYet))).toBe('SELF_SUPPORT')
    expect(codeOf(canSupport(onBehalf, ctx(neighbour), notYet))).toBe('OK')
  })

  test('refuses a second support from the same person', () => {
    expect(codeOf(canSupport(topic(), ctx(neighbour), { alreadySupported: true }))).toBe(
      'ALREADY_SUPPORTED',
    )
  })

  test('refuses a topic still held for review', () => {
    expect(codeOf(canSupport(topic({ state: 'pending_review' }), ctx(neighbour), notYet))).toBe(
      'TOPIC_NOT_PUBLIC',
    )
  })

  test('refuses closed, rejected and withdrawn topics as closed', () => {
    for (const state of ['closed', 'closed_answered', 'rejected', 'withdrawn', 'merged'] as const) {
      expect(codeOf(canSupport(topic({ state }), ctx(neighbour), notYet))).toBe('TOPIC_CLOSED')
    }
  })

  test('stops taking supports once the work is under way', () => {
    for (const state of ['outcome_published', 'in_progress', 'awaiting_callback'] as const) {
      expect(codeOf(canSupport(topic({ state }), ctx(neighbour), notYet))).toBe('SUPPORT_CLOSED')
    }
  })

  test('closes the support window of an open topic nobody took up after 180 days', () => {
    const old = topic({ createdAt: new Date('2026-01-01T00:00:00Z') })
    expect(codeOf(canSupport(old, ctx(neighbour), notYet))).toBe('SUPPORT_WINDOW_PASSED')
    expect(codeOf(canSupport({ ...old, state: 'consultation' }, ctx(neighbour), notYet))).toBe('OK')
    const tight = {
      ...ctx(neighbour),
      rules: { supportThreshold: 5, supportWindowDays: 3, reopenWindowDays: 30 },
    }
    expect(codeOf(canSupport(topic(), tight, notYet))).toBe('SUPPORT_WINDOW_PASSED')
  })

  test('lets a supporter withdraw while supports count, and not someone who never supported', () => {
    expect(codeOf(canWithdrawSupport(topic(), ctx(neighbour), { alreadySupported: true }))).toBe(
      'OK',
    )
    expect(codeOf(canWithdrawSupport(topic(), ctx(neighbour), { alreadySupported: false }))).toBe(
      'NOT_SUPPORTED',
    )
    expect(
      codeOf(
        canWithdrawSupport(topic({ state: 'in_progress' }), ctx(neighbour), {
          alreadySupported: true,
        }),
      ),
    ).toBe('SUPPORT_CLOSED')
  })

  test('moves an open topic to screening once supports reach the room’s threshold', () => {
    expect(shouldAutoScreen('open', 9)).toBe(false)
    expect(shouldAutoScreen('open', 10)).toBe(true)
    expect(shouldAutoScreen('screening', 50)).toBe(false)
    expect(
      shouldAutoScreen('open', 3, {
        supportThreshold: 3,
        supportWindowDays: 1,
        reopenWindowDays: 1,
      }),
    ).toBe(true)
  })
})

describe('commenting and withdrawing', () => {
  test('lets residents comment on closed topics but not on rejected or hidden ones', () => {
    expect(codeOf(canComment(topic({ state: 'closed' }), ctx(neighbour)))).toBe('OK')
    expect(codeOf(canComment(topic({ state: 'rejected' }), ctx(neighbour)))).toBe('TOPIC_CLOSED')
    expect(codeOf(canComment(topic({ state: 'pending_review' }), ctx(neighbour)))).toBe(
      'TOPIC_NOT_PUBLIC',
    )
    expect(codeOf(canComment(topic(), ctx(neighbour), { blocked: true }))).toBe('USER_BLOCKED')
  })

  test('lets only the author withdraw, and only before the room replies', () => {
    expect(codeOf(canWithdraw(topic(), ctx(resident)))).toBe('OK')
    expect(codeOf(canWithdraw(topic(), ctx(neighbour)))).toBe('NOT_AUTHOR')
    expect(codeOf(canWithdraw(topic({ state: 'researching' }), ctx(resident)))).toBe(
      'ILLEGAL_TRANSITION',
    )
  })
})

describe('moderating and taking up a topic', () => {
  test('lets the room’s convener approve a held topic but not another room’s convener', () => {
    const held = topic({ state: 'pending_review' })
    expect(codeOf(canModerate(held, ctx(huajieConvener), 'approve'))).toBe('OK')
    expect(codeOf(canModerate(held, ctx(changxiConvener), 'approve'))).toBe('FORBIDDEN')
    expect(codeOf(canModerate(topic(), ctx(huajieConvener), 'approve'))).toBe('ILLEGAL_TRANSITION')
  })

  test('lets street staff moderate comments in the communities below them', () => {
    expect(codeOf(canModerate(topic(), ctx(qingpuStaff), 'comments'))).toBe('OK')
    expect(codeOf(canModerate(topic(), ctx(resident), 'comments'))).toBe('FORBIDDEN')
  })

  test('lets the convener of room A triage there but not in room B', () => {
    expect(codeOf(canTriage(topic(), ctx(huajieConvener)))).toBe('OK')
    const inChangxi = topic({ ...ROOMS.changxiRoom })
    expect(canTriage(inChangxi, ctx(huajieConvener))).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      reason: '没有在此议事室“受理研判”的权限',
    })
  })
})

describe('the four-step reply', () => {
  const screening = topic({ state: 'screening' })

  test('lets the convener give each of the first three replies', () => {
    for (const kind of ['explain', 'answer', 'research'] as const) {
      expect(codeOf(canReply(screening, ctx(huajieConvener), kind))).toBe('OK')
    }
  })

  test('lets a member answer only while on duty', () => {
    expect(codeOf(canReply(screening, ctx(memberOnDuty), 'answer'))).toBe('OK')
    expect(codeOf(canReply(screening, ctx(memberOffDuty), 'answer'))).toBe('FORBIDDEN')
  })

  test('refuses replies before the topic is taken up and a second research', () => {
    expect(codeOf(canReply(topic(), ctx(huajieConvener), 'answer'))).toBe('ILLEGAL_TRANSITION')
    const researching = topic({ state: 'researching' })
    expect(codeOf(canReply(researching, ctx(huajieConvener), 'research'))).toBe(
      'ILLEGAL_TRANSITION',
    )
    expect(codeOf(canReply(researching, ctx(huajieConvener), 'answer'))).toBe('OK')
  })

  test('asks for a target when escalating', () => {
    expect(codeOf(canReply(screening, ctx(huajieConvener), 'escalate'))).toBe('VALIDATION_FAILED')
  })

  test('escalates to the parent room only when there is one', () => {
    expect(
      codeOf(canEscalate(screening, ctx(huajieConvener), 'parent_room', { hasParentRoom: true })),
    ).toBe('OK')
    expect(codeOf(canEscalate(screening, ctx(huajieConvener), 'parent_room'))).toBe(
      'NO_PARENT_ROOM',
    )
    expect(codeOf(canEscalate(screening, ctx(huajieConvener), 'micro_suggestion'))).toBe('OK')
    expect(codeOf(canEscalate(screening, ctx(resident), 'consultation'))).toBe('FORBIDDEN')
  })

  test('lets the parent room accept an escalation but not the room that sent it', () => {
    const escalated = topic({ state: 'escalated_up' })
    expect(codeOf(canAcceptEscalation(escalated, ctx(qingpuConvener), ROOMS.qingpuRoom))).toBe('OK')
    expect(codeOf(canAcceptEscalation(escalated, ctx(huajieConvener), ROOMS.qingpuRoom))).toBe(
      'FORBIDDEN',
    )
    expect(codeOf(canAcceptEscalation(escalated, ctx(districtStaff), ROOMS.qingpuRoom))).toBe('OK')
  })

  test('needs a reason to return an escalation', () => {
    const escalated = topic({ state: 'escalated_up' })
    const returning = (reason?: string) =>
      codeOf(
        canAcceptEscalation(escalated, ctx(qingpuConvener), ROOMS.qingpuRoom, 'return', { reason }),
      )
    expect(returning('  ')).toBe('REASON_REQUIRED')
    expect(returning('属社区职责，请社区先行协商')).toBe('OK')
  })
})

describe('the buttons a user is offered', () => {
  test('offer the convener screening, merging and rejection of an open topic', () => {
    expect(allowedEvents(topic(), ctx(huajieConvener))).toEqual([
      'reject',
      'start_screening',
      'merge',
    ])
  })

  test('offer the author only withdrawal and a neighbour nothing', () => {
    expect(allowedEvents(topic(), ctx(resident))).toEqual(['withdraw'])
    expect(allowedEvents(topic(), ctx(neighbour))).toEqual([])
  })

  test('offer the petitioner the call-back answers', () => {
    expect(allowedEvents(topic({ state: 'awaiting_callback' }), ctx(resident, NOW))).toEqual([
      'confirm_solved',
      'report_unsolved',
    ])
  })
})
