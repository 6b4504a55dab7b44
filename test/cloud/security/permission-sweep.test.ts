/**
 * The permission sweep: every route in the OpenAPI document, called as every role against town A's
 * resources. Nobody gets in who should not, admin is never refused, nothing secret or personal leaks
 * to a role without `pii.read` over room A, and nothing answers 5xx.
 */
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat/index'
import type { App } from '../../../cloud/src/app'
import type { Access } from '../../../cloud/src/plugins/route-access'
import {
  RESIDENT_PERMISSIONS,
  ROLE_PERMISSIONS,
  type Permission,
} from '../../../shared/domain/permission-catalogue'
import type { Role } from '../../../shared/domain/types'
import { build } from '../../helpers/build'
import { tokenFor } from '../../helpers/identity'
import { buildWorld, PII_READERS_A, type SweepRole, type World } from './fixture-world'
import { fillPath, SAMPLES, type SweepRequest } from './sweep-requests'

/** Role order: admin last and DELETE routes last, so their changes cannot mask other answers. */
const ROLES: SweepRole[] = [
  'anonymous',
  'resident',
  'grid_worker_a',
  'member_a',
  'convener_a',
  'convener_b',
  'dept_officer',
  'office_a',
  'office_b',
  'admin',
]

const ROLE_OF: Record<Exclude<SweepRole, 'anonymous'>, Role> = {
  resident: 'resident',
  grid_worker_a: 'grid_worker',
  member_a: 'member',
  convener_a: 'convener',
  convener_b: 'convener',
  dept_officer: 'dept_officer',
  office_a: 'office_staff',
  office_b: 'office_staff',
  admin: 'admin',
}

/** Roles whose grants cover town A's rooms and units (the sweep's targets). */
const COVERS_A: ReadonlySet<SweepRole> = new Set([
  'convener_a',
  'member_a',
  'grid_worker_a',
  'office_a',
  'admin',
])

const SECRETS = ['passwordHash', 'tokenHash', 'previousHashes', 'session_key', 'sessionKey']

function holdsAnywhere(role: SweepRole, permission: Permission): boolean {
  if (role === 'anonymous') return false
  if (RESIDENT_PERMISSIONS.includes(permission)) return true
  return ROLE_PERMISSIONS[ROLE_OF[role]].includes(permission)
}

interface Call {
  route: string
  role: SweepRole
  status: number
  body: string
  unknownResource: boolean
}

let fake: FakeWechat
let app: App
let world: World
let routes: Array<[string, Access]>
const calls: Call[] = []

function requestFor(key: string): SweepRequest {
  const [, url] = key.split(' ')
  const sample = SAMPLES[key]
  return { ...fillPath(url, world), ...(sample ? sample(world) : {}) }
}

beforeAll(async () => {
  fake = await startFakeWechat({ port: 0 })
  app = await build({
    env: {
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.secret,
      WECHAT_API_BASE: fake.baseUrl,
      // Thousands of calls from one "IP": the limit itself is tested in plugins/rate-limit.test.ts.
      RATE_LIMIT_MAX: '1000000',
    },
  })
  world = await buildWorld(app)
  routes = [...app.routeAccess].sort(([a], [b]) => {
    const rank = (key: string) => (key.startsWith('DELETE ') ? 1 : 0)
    return rank(a) - rank(b) || a.localeCompare(b)
  })
  for (const role of ROLES) {
    for (const [key] of routes) {
      const [method] = key.split(' ')
      const { url, payload, headers, unknownResource } = requestFor(key)
      // A fresh session per call: the sweep's own logout call must not end later calls.
      const auth =
        role === 'anonymous'
          ? {}
          : { authorization: `Bearer ${await tokenFor(app, world.users[role].id)}` }
      const response = await app.inject({
        method: method as 'GET',
        url,
        payload,
        headers: { ...auth, ...headers },
      })
      calls.push({
        route: key,
        role,
        status: response.statusCode,
        body: response.body,
        unknownResource: unknownResource ?? false,
      })
    }
  }
}, 300_000)

afterAll(async () => {
  await fake?.close()
})

describe('the permission sweep', () => {
  it('covers every route of the OpenAPI document, and only those', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json<{
      paths: Record<string, Record<string, unknown>>
    }>()
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
    expect(documented.sort()).toEqual(routes.map(([key]) => key).sort())
    expect(routes.length).toBeGreaterThan(20)
  })

  it('gives a sample body to every route whose body has required fields', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>>
    }>()
    const missing: string[] = []
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`
        if (op.requestBody?.required && !SAMPLES[key]) missing.push(key)
      }
    }
    expect(missing).toEqual([])
  })

  it('never answers 5xx', () => {
    const failures = calls.filter((call) => call.status >= 500)
    expect(
      failures.map((c) => `${c.role} ${c.route} → ${c.status} ${c.body.slice(0, 120)}`),
    ).toEqual([])
  })

  it('asks anonymous callers to log in on every non-public route', () => {
    const wrong = calls.filter((call) => {
      if (call.role !== 'anonymous') return false
      const declared = app.routeAccess.get(call.route)
      return declared?.kind !== 'public' && call.status !== 401
    })
    expect(wrong.map((c) => `${c.route} → ${c.status}`)).toEqual([])
  })

  it('refuses every role that does not hold the permission, or holds it only outside town A', () => {
    const wrong = calls.filter((call) => {
      const declared = app.routeAccess.get(call.route)
      if (call.role === 'anonymous' || declared?.kind !== 'permission') return false
      const holds = holdsAnywhere(call.role, declared.permission)
      const scopedOutside = declared.scope !== 'any' && !COVERS_A.has(call.role)
      const resident = RESIDENT_PERMISSIONS.includes(declared.permission)
      const mustRefuse = !resident && (!holds || scopedOutside)
      // Without a fixture for the resource, "not found" is as closed as "forbidden".
      const refused = call.status === 403 || (call.unknownResource && call.status === 404)
      return mustRefuse && !refused
    })
    expect(wrong.map((c) => `${c.role} ${c.route} → ${c.status} ${c.body.slice(0, 100)}`)).toEqual(
      [],
    )
  })

  it('never refuses admin on a route that needs a login', () => {
    const refused = calls.filter(
      (c) =>
        c.role === 'admin' &&
        app.routeAccess.get(c.route)?.kind !== 'public' &&
        (c.status === 401 || c.status === 403),
    )
    expect(refused.map((c) => `${c.route} → ${c.status} ${c.body.slice(0, 100)}`)).toEqual([])
  })

  it('never refuses office staff of town A a permission their role holds there', () => {
    const refused = calls.filter((call) => {
      const declared = app.routeAccess.get(call.route)
      if (call.role !== 'office_a' || declared?.kind !== 'permission') return false
      return holdsAnywhere('office_a', declared.permission) && call.status === 403
    })
    expect(refused.map((c) => `${c.route} → ${c.status} ${c.body.slice(0, 100)}`)).toEqual([])
  })

  it('never sends secrets to anyone', () => {
    const leaks = calls.filter((call) => SECRETS.some((secret) => call.body.includes(secret)))
    expect(leaks.map((c) => `${c.role} ${c.route}`)).toEqual([])
  })

  it("shows the resident's phone and real name only to roles with pii.read over room A", () => {
    const leaks = calls.filter(
      (call) =>
        !PII_READERS_A.includes(call.role) &&
        call.role !== 'resident' &&
        (call.body.includes(world.residentPhone) || call.body.includes(world.residentRealName)),
    )
    expect(leaks.map((c) => `${c.role} ${c.route}`)).toEqual([])
  })

  it("shows town A's people and units to staff of town B on no permission route", () => {
    const secretsOfA = [world.users.resident.id, world.villageA.id]
    const leaks = calls.filter((call) => {
      const declared = app.routeAccess.get(call.route)
      if (call.role !== 'office_b' || declared?.kind !== 'permission') return false
      return call.status < 300 && secretsOfA.some((id) => call.body.includes(id))
    })
    expect(leaks.map((c) => `${c.route} → ${c.status}`)).toEqual([])
  })
})
