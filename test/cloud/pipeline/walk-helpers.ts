/**
 * The world of the pipeline walk: 淮安市 → 清江浦区 → 长东街道 → 永胜社区, a room in the village and
 * one in the town, two district departments, and one person per role — the resident whose problem it
 * is, a neighbour who supports it, a bystander, the village and town conveners, a member attached to
 * the town room, an officer of each department and the district's joint-meeting office. Residents
 * sign in through the fake WeChat, so the content check knows their openids. Plus thin HTTP helpers,
 * the public timeline as (event, to, role) rows, and a real PNG uploaded through the API.
 */
import type { LightMyRequestResponse } from 'fastify'
import type { App } from '../../../cloud/src/app'
import type { FakeWechat } from '../../../cloud/fake-wechat/index'
import type { RoleGrant } from '../../../shared/domain/permissions'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../helpers/identity'
import { drawing, multipart } from '../modules/uploads/image-fixtures'

export interface WalkWorld {
  app: App
  district: TestUnit
  town: TestUnit
  village: TestUnit
  housing: TestUnit
  water: TestUnit
  villageRoom: { id: string }
  townRoom: { id: string }
  resident: TestUser
  neighbour: TestUser
  bystander: TestUser
  villageConvener: TestUser
  townConvener: TestUser
  member: TestUser
  officer: TestUser
  otherOfficer: TestUser
  office: TestUser
}

export async function walkWorld(app: App, fake: FakeWechat): Promise<WalkWorld> {
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const town = await createTestUnit(app, '长东街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', town)
  const housing = await createTestUnit(app, '清江浦区住建局', 'department', district)
  const water = await createTestUnit(app, '清江浦区水利局', 'department', district)
  const villageRoom = await createTestRoom(app, '永胜社区协商议事室', village)
  const townRoom = await createTestRoom(app, '长东街道协商议事室', town)
  const resident = (name: string, displayName: string) =>
    createTestUser(app, { displayName, openid: fake.openidFor(`walk-${process.pid}-${name}`) })
  const staff = (displayName: string, grants: RoleGrant[]) =>
    createTestUser(app, { displayName, grants })
  return {
    app,
    district,
    town,
    village,
    housing,
    water,
    villageRoom,
    townRoom,
    resident: await resident('zhang', '张阿姨'),
    neighbour: await resident('li', '李师傅'),
    bystander: await resident('zhao', '路过的赵先生'),
    villageConvener: await staff('永胜王召集', [{ role: 'convener', roomId: villageRoom.id }]),
    townConvener: await staff('长东陈召集', [{ role: 'convener', roomId: townRoom.id }]),
    member: await staff('周委员', [{ role: 'member', roomId: townRoom.id }]),
    officer: await staff('住建局小吴', [{ role: 'dept_officer', unitId: housing.id }]),
    otherOfficer: await staff('水利局小郑', [{ role: 'dept_officer', unitId: water.id }]),
    office: await staff('清江浦区联席办', [{ role: 'office_staff', unitId: district.id }]),
  }
}

export type Who = TestUser | null

/** HTTP through the real app: `as` null sends no token. */
export function http(app: App) {
  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    as: Who,
    url: string,
    payload?: object,
  ) => app.inject({ method, url, headers: as ? as.headers : {}, ...(payload ? { payload } : {}) })
  return {
    get: (as: Who, url: string) => send('GET', as, url),
    post: (as: Who, url: string, payload?: object) => send('POST', as, url, payload),
    put: (as: Who, url: string, payload?: object) => send('PUT', as, url, payload),
    del: (as: Who, url: string) => send('DELETE', as, url),
  }
}

/** Asserts a successful answer and returns its body (the body is in the message when it fails). */
export function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status })
  return res.json<T>()
}

/** Asserts a refusal with the given status and specific error code. */
export function refused(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code })
}

export interface Line {
  event: string
  to?: string
  /** The actor's display name and role label, or 系统 for system events. */
  by: string
}

/** The public timeline (no token) as compact rows. */
export async function publicTimeline(app: App, topicId: string): Promise<Line[]> {
  const res = await app.inject({ method: 'GET', url: `/api/topics/${topicId}/timeline` })
  const entries = ok<
    Array<{
      event: string
      to?: string
      public: boolean
      actor: { displayName: string; role: string; roleLabel: string } | null
    }>
  >(res)
  expect(entries.every((entry) => entry.public)).toBe(true)
  return entries.map((entry) => {
    const line: Line = {
      event: entry.event,
      by: entry.actor ? `${entry.actor.displayName}·${entry.actor.roleLabel}` : '系统',
    }
    if (entry.to) line.to = entry.to
    return line
  })
}

/** A small real PNG uploaded through POST /api/uploads/photos; returns its key. */
export async function uploadPng(app: App, as: TestUser): Promise<string> {
  const body = multipart({
    filename: 'charger.png',
    contentType: 'image/png',
    bytes: drawing(48, 32).toBuffer('image/png'),
  })
  const res = await app.inject({
    method: 'POST',
    url: '/api/uploads/photos',
    payload: body.payload,
    headers: { ...body.headers, ...as.headers },
  })
  return ok<{ key: string }>(res, 201).key
}

export const CHARGER = {
  title: '小区充电桩一直不通电',
  description: '永胜小区的电动车充电桩装好一年了还没通电，电动车只能拉线充电，很不安全。',
  category: 'municipal',
} as const
