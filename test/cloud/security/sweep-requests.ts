/**
 * How the sweep calls each route: path parameters aimed at town A's resources, and a valid sample
 * body per route that takes one — so a refusal is the permission check speaking, not validation.
 * A route whose body schema has required fields must have a sample here (the sweep test fails
 * otherwise), which keeps this table in step with the API.
 */
import { Types } from 'mongoose'
import { DEV_TEMPLATE_CONFIG } from '../../../shared/notifications/formatters'
import type { World } from './fixture-world'

export interface SweepRequest {
  url: string
  /** A parameter had no fixture and got a fresh id: the resource does not exist (404 is fine). */
  unknownResource?: boolean
  payload?: string | Record<string, unknown>
  headers?: Record<string, string>
}

const FRESH = '<fresh>'

const ID_BY_SEGMENT: Record<string, (world: World) => string> = {
  rooms: (w) => w.roomA.id,
  units: (w) => w.villageA.id,
  users: (w) => w.users.resident.id,
  topics: (w) => w.topicA.id,
}

function paramValue(name: string, before: string | undefined, world: World): string {
  switch (name) {
    case 'scene':
      return world.roomA.scene
    case 'roomId':
      return world.roomA.id
    case 'topicId':
      return world.topicA.id
    case 'userId':
      return world.users.resident.id
    case 'grantId':
      return world.conveners.grantId
    case 'unitId':
      return world.villageA.id
    case 'key':
      return 'sweep0000000000000000000000000000'
    default: {
      const byId = before ? ID_BY_SEGMENT[before] : undefined
      return byId ? byId(world) : FRESH
    }
  }
}

export function fillPath(url: string, world: World): { url: string; unknownResource: boolean } {
  let unknownResource = false
  const filled = url.replace(/:([A-Za-z]+)/g, (_match, name: string, offset: number) => {
    const before = url.slice(0, offset).split('/').filter(Boolean).pop()
    const value = paramValue(name, before, world)
    if (value === FRESH) unknownResource = true
    return value === FRESH ? new Types.ObjectId().toHexString() : value
  })
  return { url: filled, unknownResource }
}

/** May also replace the URL (e.g. to aim a destructive call at a resource of its own). */
type Sample = (world: World) => Omit<SweepRequest, 'url'> & { url?: string }

const json =
  (payload: Record<string, unknown>): Sample =>
  () => ({ payload })
const csv =
  (text: string): Sample =>
  () => ({
    payload: text,
    headers: { 'content-type': 'text/csv' },
  })

/** Keyed by `METHOD /fastify/url/:param`. */
export const SAMPLES: Record<string, Sample> = {
  'POST /api/auth/wechat': json({ code: 'sweep-invalid-code' }),
  'POST /api/auth/password': json({ username: 'nobody', password: 'wrong-password' }),
  'POST /api/auth/refresh': json({ refreshToken: 'invalid.token' }),
  'PATCH /api/me': json({ displayName: '扫描者' }),
  'POST /api/me/phone': json({ code: 'sweep-phone-code' }),
  'POST /api/admin/users': (w) => ({
    payload: { displayName: '新同事', unitId: w.villageA.id, username: `sweep${Date.now()}` },
  }),
  'PATCH /api/admin/users/:id': json({ displayName: '张阿姨' }),
  'POST /api/admin/users/:id/grants': (w) => ({
    payload: { role: 'grid_worker', unitId: w.villageA.id },
  }),
  'POST /api/admin/users/import': csv(
    'display_name,real_name,phone,unit_code,role,room_scene,username\n',
  ),
  'POST /api/admin/units': (w) => ({
    payload: { name: '新村', kind: 'village', parentId: w.townA.id, code: `SW${Date.now()}` },
  }),
  'PATCH /api/admin/units/:id': json({ name: '甲村' }),
  'POST /api/admin/units/import': csv('code,name,kind,parent_code\n'),
  'POST /api/admin/rooms': (w) => ({ payload: { name: '新议事室', unitId: w.villageA.id } }),
  'PATCH /api/admin/rooms/:id': json({ name: '甲村议事室' }),
  'PUT /api/admin/rooms/:id/duty': json({ slots: [] }),
  'POST /api/admin/rooms/import': csv('scene,name,unit_code,address,support_threshold\n'),
  // topics (H4): approve is illegal on the sweep's screening topic (409), so it stays as it is
  'POST /api/rooms/:roomId/topics': json({
    title: '扫描议题',
    description: '权限扫描提出的议题。',
    category: 'other',
  }),
  'POST /api/topics/:id/review': json({ decision: 'approve' }),
  'POST /api/topics/:id/screening': json({}),
  // Withdrawing is aimed at a topic of its own, so topic A stays live for the other routes.
  'POST /api/topics/:id/withdraw': (w) => ({
    url: `/api/topics/${w.topicToWithdraw.id}/withdraw`,
    payload: {},
  }),
  'POST /api/topics/:id/merge': () => ({
    payload: { intoTopicId: new Types.ObjectId().toHexString() },
  }),
  // outcomes (H8)
  'POST /api/topics/:id/outcome': json({ plan: '扫描用的协商成果方案。', actionItems: [] }),
  'POST /api/action-items/:id/progress': json({ percent: 10, note: '扫描' }),
  'POST /api/action-items/:id/supervision-notes': json({ text: '扫描' }),
  'POST /api/topics/:id/callback': json({ solved: true, rating: 5 }),
  'POST /api/topics/:id/callback-record': json({ solved: false, note: '扫描', method: 'phone' }),
  'POST /api/topics/:id/resume': json({}),
  'POST /api/topics/:id/rescreen': json({}),
  // meetings
  'POST /api/rooms/:roomId/meetings': (w) => ({
    payload: {
      title: '扫描协商会',
      form: 'room',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      place: { address: '议事室' },
      topicIds: [w.topicA.id],
      invites: [],
    },
  }),
  'PATCH /api/meetings/:id': json({ title: '扫描' }),
  'POST /api/meetings/:id/cancel': json({ reason: '扫描' }),
  'POST /api/meetings/:id/rsvp': json({ answer: 'accepted' }),
  'POST /api/meetings/:id/checkin': json({ code: '123456' }),
  'PUT /api/meetings/:id/minutes': json({ text: '扫描纪要' }),
  // triage
  'POST /api/topics/:id/reply': json({ kind: 'answer', text: '已安排维修。' }),
  'POST /api/topics/:id/consultation-answer': json({ answer: '部门意见。' }),
  'POST /api/topics/:id/department-feedback': json({ text: '已办理。' }),
  'POST /api/escalations/:id/accept': json({}),
  'POST /api/escalations/:id/return': json({ reason: '请先行协调。' }),
  // comments (H5): the sweep blocks and unblocks the resident in room A
  'POST /api/topics/:id/comments': json({ text: '扫描评论' }),
  'POST /api/comments/:id/reports': json({ reason: 'spam' }),
  'POST /api/comments/:id/hide': json({ reason: '扫描' }),
  'POST /api/comments/:id/restore': json({ reason: '扫描' }),
  'POST /api/rooms/:roomId/blocks': (w) => ({
    payload: { userId: w.users.resident.id, reason: '扫描' },
  }),
  // notifications (H10): the caller's own grants and preferences
  'POST /api/me/subscriptions': json({
    results: { [DEV_TEMPLATE_CONFIG.topic_progress.templateId]: 'accept' },
  }),
  'PUT /api/me/notification-prefs': json({ mutedKinds: [], digest: false }),
  // demo-wechat (fake WeChat only): the caller's own grants at the fake and in the service
  'POST /api/demo/wechat/subscribe': json({
    templateIds: [DEV_TEMPLATE_CONFIG.topic_progress.templateId],
  }),
}
