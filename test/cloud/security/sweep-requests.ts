/**
 * How the sweep calls each route: path parameters aimed at town A's resources, and a valid sample
 * body per route that takes one — so a refusal is the permission check speaking, not validation.
 * A route whose body schema has required fields must have a sample here (the sweep test fails
 * otherwise), which keeps this table in step with the API.
 */
import { Types } from 'mongoose'
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

type Sample = (world: World) => Omit<SweepRequest, 'url'>

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
}
