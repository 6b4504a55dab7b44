import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { build } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { orgFixture, type OrgFixture } from '../org/fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

interface Item {
  id: string
  at: string
  actor: { id: string; displayName: string } | null
  action: string
  target: { kind: string; id: string }
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

describe('GET /api/admin/audit', () => {
  let app: App
  let org: OrgFixture
  let staffB: TestUser

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
    staffB = await createTestUser(app, {
      displayName: '清河街道联席办',
      grants: [{ role: 'office_staff', unitId: org.townB.id }],
    })
    const changes = [
      { url: `/api/admin/rooms/${org.roomA.id}`, payload: { name: '永胜社区议事室' } },
      { url: `/api/admin/rooms/${org.roomB.id}`, payload: { supportThreshold: 5 } },
    ]
    for (const { url, payload } of changes) {
      const res = await app.inject({ method: 'PATCH', url, headers: org.admin.headers, payload })
      expect(res.statusCode).toBe(200)
    }
  })

  async function read(headers: Record<string, string>, query = ''): Promise<Item[]> {
    const res = await app.inject({ method: 'GET', url: `/api/admin/audit${query}`, headers })
    expect(res.statusCode).toBe(200)
    return res.json().items as Item[]
  }

  it('records who changed what, with the state before and after', async () => {
    const [entry] = await read(org.admin.headers, `?targetKind=room&targetId=${org.roomA.id}`)
    expect(entry).toMatchObject({
      action: 'room.update',
      target: { kind: 'room', id: org.roomA.id },
      before: { name: '永胜社区协商议事室' },
      after: { name: '永胜社区议事室' },
    })
    expect(entry.actor?.id).toBe(org.admin.id)
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000)
  })

  it('shows office staff only the entries about their own subtree', async () => {
    const seenByA = await read(org.staffA.headers)
    expect(seenByA.map((e) => e.target.id)).toEqual([org.roomA.id])
    const seenByB = await read(staffB.headers)
    expect(seenByB.map((e) => e.target.id)).toEqual([org.roomB.id])
    const seenByAdmin = await read(org.admin.headers)
    expect(seenByAdmin.map((e) => e.target.id)).toEqual(
      expect.arrayContaining([org.roomA.id, org.roomB.id]),
    )
  })

  it('records unit creation under the new unit, visible to the office above it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload: { name: '新建社区', kind: 'village', parentId: org.townA.id, code: 'AUD-V1' },
    })
    const unitId = res.json().id as string
    const [entry] = await read(org.staffA.headers, `?targetKind=unit&targetId=${unitId}`)
    expect(entry).toMatchObject({
      action: 'unit.create',
      actor: { id: org.staffA.id, displayName: '长东街道联席办' },
      before: null,
      after: { name: '新建社区', kind: 'village', code: 'AUD-V1', parentId: org.townA.id },
    })
    expect(await read(staffB.headers, `?targetId=${unitId}`)).toEqual([])
  })

  it('records duty rota changes and every unit an import creates', async () => {
    const member = await createTestUser(app, { grants: [{ role: 'member', roomId: org.roomA.id }] })
    const duty = await app.inject({
      method: 'PUT',
      url: `/api/admin/rooms/${org.roomA.id}/duty`,
      headers: org.convenerA.headers,
      payload: { slots: [{ userId: member.id, weekday: 2 }] },
    })
    expect(duty.statusCode).toBe(200)
    const [rota] = await read(org.staffA.headers, `?targetKind=room&targetId=${org.roomA.id}`)
    expect(rota).toMatchObject({
      action: 'room.duty',
      actor: { id: org.convenerA.id },
      before: { duty: [] },
      after: { duty: [{ userId: member.id, weekday: 2 }] },
    })

    const parent = await app.inject({
      method: 'GET',
      url: `/api/admin/units/${org.townA.id}`,
      headers: org.admin.headers,
    })
    const csv = `code,name,kind,parent_code
AUD-I1,导入一,village,${parent.json().code}
AUD-I2,导入二,village,${parent.json().code}`
    const imported = await app.inject({
      method: 'POST',
      url: '/api/admin/units/import',
      headers: { ...org.staffA.headers, 'content-type': 'text/csv' },
      payload: csv,
    })
    expect(imported.json()).toMatchObject({ created: 2 })
    const entries = await read(org.staffA.headers, '?targetKind=unit')
    const created = entries.filter((e) => e.action === 'unit.import_create')
    expect(created.map((e) => e.after?.code).sort()).toEqual(['AUD-I1', 'AUD-I2'])
  })

  it('pages through entries written in the same millisecond without losing or repeating any', async () => {
    const at = new Date()
    await auditModel(app.db).insertMany(
      Array.from({ length: 7 }, (_, i) => ({
        at,
        actorId: null,
        action: 'probe.same_instant',
        target: { kind: 'probe', id: `p${i}` },
      })),
    )
    const all = await read(org.admin.headers, '?targetKind=probe&limit=100')
    expect(all).toHaveLength(7)
    const pages: string[] = []
    let query = '?targetKind=probe&limit=3'
    for (let page = 0; page < 10; page += 1) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/admin/audit${query}`,
        headers: org.admin.headers,
      })
      const body = res.json() as {
        items: Item[]
        nextBefore: string | null
        nextBeforeId: string | null
      }
      pages.push(...body.items.map((item) => item.id))
      if (!body.nextBefore) break
      query = `?targetKind=probe&limit=3&before=${body.nextBefore}&beforeId=${body.nextBeforeId}`
    }
    expect(pages).toEqual(all.map((item) => item.id))
  })

  it('rejects a malformed page cursor or limit as VALIDATION_FAILED', async () => {
    for (const query of ['?before=yesterday', '?limit=0', '?limit=500', '?beforeId=xyz']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/admin/audit${query}`,
        headers: org.admin.headers,
      })
      expect({ query, status: res.statusCode, code: res.json().code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      })
    }
  })

  it('is refused to people without audit.read (conveners, residents) and to anonymous callers', async () => {
    for (const headers of [org.convenerA.headers, org.resident.headers]) {
      const res = await app.inject({ method: 'GET', url: '/api/admin/audit', headers })
      expect(res.statusCode).toBe(403)
    }
    const anonymous = await app.inject({ method: 'GET', url: '/api/admin/audit' })
    expect(anonymous.statusCode).toBe(401)
  })
})
