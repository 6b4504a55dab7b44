/**
 * The named permission catalogue and which role holds which permission. Scope (which rooms, which
 * part of the unit tree, which department) is decided separately in `permissions.ts`; this file only
 * says what each role may do at all. Kept as plain data so reviewers can read the policy in one page.
 */
import type { Role } from './types'

export const PERMISSIONS = [
  'topic.raise', // raise a topic as oneself (群众出题)
  'topic.raise_on_behalf', // raise for a resident who cannot (网格员代为反映)
  'topic.recommend', // 委员荐题
  'topic.raise_party', // 党政点题
  'topic.support', // 附议
  'topic.withdraw', // own topics only (checked by the guard)
  'topic.rate', // own topics only, at call-back
  'topic.review', // content check: approve / reject / restore
  'topic.triage', // take up, merge duplicates, reopen, choose the route after reopening
  'topic.reply', // four-step reply steps 1–3
  'topic.escalate', // four-step reply step 4
  'escalation.accept', // accept or return a topic escalated INTO this scope
  'comment.create',
  'comment.moderate',
  'meeting.schedule',
  'meeting.checkin', // check oneself in at a meeting (the invitation is the service's check)
  'outcome.publish',
  'action.assign', // 交办, and confirm that all items are done
  'action.update', // report progress / feedback on an item
  'action.supervise', // 督办: remind and escalate lagging items (members: 民主监督)
  'callback.record', // record a call-back made by phone or in person
  'hotline.review', // screen 12345 tickets and turn them into topics
  'room.manage',
  'unit.manage',
  'user.manage', // grant and revoke roles within one's scope
  'audit.read',
  'stats.read',
  'pii.read', // see unmasked names and phone numbers
] as const
export type Permission = (typeof PERMISSIONS)[number]

/** Every signed-in user holds these everywhere; ownership rules live in the guards. */
export const RESIDENT_PERMISSIONS: readonly Permission[] = [
  'topic.raise',
  'topic.support',
  'topic.withdraw',
  'topic.rate',
  'comment.create',
  'meeting.checkin',
]

/** What the conveners of a room may do in it. */
const CONVENER: readonly Permission[] = [
  'topic.review',
  'topic.triage',
  'topic.reply',
  'topic.escalate',
  'escalation.accept',
  'comment.moderate',
  'meeting.schedule',
  'outcome.publish',
  'action.assign',
  'action.update',
  'action.supervise',
  'callback.record',
  'room.manage',
  'stats.read',
  'pii.read', // conveners phone petitioners before meetings and at call-back
]

/**
 * Permissions granted by a role in its scope. Residents get theirs from RESIDENT_PERMISSIONS; admin
 * holds everything everywhere.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  grid_worker: ['topic.raise_on_behalf', 'callback.record', 'pii.read'],
  // Members recommend topics and supervise in rooms they are attached to; answering residents is
  // their on-duty job (值班委员), see DUTY_PERMISSIONS.
  member: ['topic.recommend', 'action.supervise', 'stats.read'],
  convener: CONVENER,
  // Departments see items assigned to them, with petitioners' details masked.
  dept_officer: ['action.update'],
  // The joint-meeting office runs a subtree: everything a convener does there, plus hotline
  // screening, 党政点题 and administration of rooms, units and people.
  office_staff: [
    ...CONVENER,
    'topic.raise_party',
    'hotline.review',
    'unit.manage',
    'user.manage',
    'audit.read',
  ],
  admin: PERMISSIONS,
}

/** Permissions a member holds only while on duty in that room. */
export const DUTY_PERMISSIONS: readonly Permission[] = ['topic.reply', 'topic.escalate']
