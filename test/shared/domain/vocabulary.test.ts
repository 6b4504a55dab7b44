import {
  ACTION_ITEM_STATUS_LABELS,
  ACTION_ITEM_STATUSES,
  ACTION_TRACK_LABELS,
  ACTION_TRACKS,
  CATEGORIES,
  CATEGORY_LABELS,
  DOMAIN_ERRORS,
  deny,
  ESCALATION_TARGET_LABELS,
  ESCALATION_TARGETS,
  firstRefusal,
  isOneOf,
  MEETING_FORM_LABELS,
  MEETING_FORMS,
  PERMISSION_LABELS,
  PERMISSIONS,
  REPLY_KIND_LABELS,
  REPLY_KINDS,
  ROLE_LABELS,
  ROLES,
  TOPIC_SOURCE_LABELS,
  TOPIC_SOURCES,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  ALLOW,
} from '../../../shared/domain'
import { ERRORS } from '../../../shared/errors'

const han = /[\u4e00-\u9fff]/

describe('the domain vocabularies', () => {
  test.each([
    ['roles', ROLES, ROLE_LABELS],
    ['unit kinds', UNIT_KINDS, UNIT_KIND_LABELS],
    ['topic sources', TOPIC_SOURCES, TOPIC_SOURCE_LABELS],
    ['categories', CATEGORIES, CATEGORY_LABELS],
    ['action tracks', ACTION_TRACKS, ACTION_TRACK_LABELS],
    ['action item statuses', ACTION_ITEM_STATUSES, ACTION_ITEM_STATUS_LABELS],
    ['meeting forms', MEETING_FORMS, MEETING_FORM_LABELS],
    ['reply kinds', REPLY_KINDS, REPLY_KIND_LABELS],
    ['escalation targets', ESCALATION_TARGETS, ESCALATION_TARGET_LABELS],
    ['permissions', PERMISSIONS, PERMISSION_LABELS],
  ] as const)(
    'label every one of the %s in Chinese, with no label shared',
    (_name, values, labels) => {
      const texts = values.map((value) => (labels as Record<string, string>)[value])
      for (const text of texts) expect(text).toMatch(han)
      expect(new Set(texts).size).toBe(values.length)
    },
  )

  test('name the four-step reply and the three tracks as the method does', () => {
    expect(REPLY_KINDS.map((kind) => REPLY_KIND_LABELS[kind])).toEqual([
      '解释说明',
      '直接答复',
      '调研后答复',
      '转协商/微建议',
    ])
    expect(ACTION_TRACKS.map((track) => ACTION_TRACK_LABELS[track])).toEqual([
      '快速办',
      '统筹办',
      '持续办',
    ])
  })

  test('recognise wire values that belong to a list and reject the rest', () => {
    expect(isOneOf(CATEGORIES, 'traffic')).toBe(true)
    expect(isOneOf(CATEGORIES, 'Traffic')).toBe(false)
    expect(isOneOf(ROLES, 42)).toBe(false)
  })
})

describe('the domain error codes', () => {
  test('give every code an HTTP status and a Chinese message', () => {
    for (const entry of Object.values(DOMAIN_ERRORS)) {
      expect([400, 403, 409]).toContain(entry.status)
      expect(entry.message).toMatch(han)
    }
  })

  test('are part of the shared error catalogue with the same status and message', () => {
    for (const [code, entry] of Object.entries(DOMAIN_ERRORS)) {
      expect(ERRORS[code as keyof typeof ERRORS]).toEqual(entry)
    }
  })

  test('fall back to the catalogue message when a refusal gives no reason', () => {
    expect(deny('SELF_SUPPORT').reason).toBe(DOMAIN_ERRORS.SELF_SUPPORT.message)
    expect(deny('FORBIDDEN').reason).toBe(ERRORS.FORBIDDEN.message)
  })

  test('report the first refusal and skip the checks after it', () => {
    const after = jest.fn(() => ALLOW)
    const verdict = firstRefusal(
      () => ALLOW,
      () => deny('TOPIC_CLOSED'),
      after,
    )
    expect(verdict).toMatchObject({ ok: false, code: 'TOPIC_CLOSED' })
    expect(after).not.toHaveBeenCalled()
    expect(firstRefusal(() => ALLOW)).toEqual({ ok: true })
  })
})
