import type { App } from '../../../../cloud/src/app'
import { roomModel, unitModel } from '../../../../cloud/src/modules/org/model'
import { build } from '../../../helpers/build'
import { createTestRoom, createTestUnit, createTestUser } from '../../../helpers/identity'
import { orgFixture, type OrgFixture } from './fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

describe('unit administration', () => {
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
  })

  async function ancestorsOf(id: string): Promise<string[]> {
    const unit = await unitModel(app.db).findById(id).lean()
    return (unit?.ancestors ?? []).map(String)
  }

  it('lets office staff of a town create a village under it, with the ancestors set', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload: {
        name: '清华园社区',
        kind: 'village',
        parentId: org.townA.id,
        code: 'HA-QJP-CD-QHY',
      },
    })
    expect(res.statusCode).toBe(201)
    const unit = res.json()
    expect(unit).toMatchObject({
      name: '清华园社区',
      kind: 'village',
      code: 'HA-QJP-CD-QHY',
      parentId: org.townA.id,
      hasChildren: false,
      childCount: 0,
      roomCount: 0,
    })
    expect(unit.path.map((u: { name: string }) => u.name)).toEqual([
      '淮安市',
      '清江浦区',
      '长东街道',
      '清华园社区',
    ])
    expect(await ancestorsOf(unit.id)).toEqual([org.city.id, org.district.id, org.townA.id])
  })

  it('refuses office staff a unit under another town (403) and a root unit (403)', async () => {
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload: { name: '越界社区', kind: 'village', parentId: org.townB.id, code: 'X-OUT-1' },
    })
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json().code).toBe('FORBIDDEN')
    const root = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload: { name: '宿迁市', kind: 'city', code: 'SQ' },
    })
    expect(root.statusCode).toBe(403)
    expect(await unitModel(app.db).countDocuments({ code: { $in: ['X-OUT-1', 'SQ'] } })).toBe(0)
  })

  it('lets admin create a root city, and refuses kinds that do not nest (UNIT_PARENT_INVALID)', async () => {
    const root = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.admin.headers,
      payload: { name: '宿迁市', kind: 'city', code: 'SQ' },
    })
    expect(root.statusCode).toBe(201)
    expect(root.json()).toMatchObject({ parentId: null, path: [{ name: '宿迁市', kind: 'city' }] })

    const villageUnderDistrict = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.admin.headers,
      payload: { name: '错层村', kind: 'village', parentId: org.district.id, code: 'BAD-1' },
    })
    expect(villageUnderDistrict.statusCode).toBe(400)
    expect(villageUnderDistrict.json().code).toBe('UNIT_PARENT_INVALID')
    const rootVillage = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.admin.headers,
      payload: { name: '孤立村', kind: 'village', code: 'BAD-2' },
    })
    expect(rootVillage.json().code).toBe('UNIT_PARENT_INVALID')
  })

  it('refuses a second unit with the same code (UNIT_CODE_TAKEN)', async () => {
    const payload = { name: '重复社区', kind: 'village', parentId: org.townA.id, code: 'DUP-CODE' }
    const first = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload,
    })
    expect(first.statusCode).toBe(201)
    const second = await app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: org.staffA.headers,
      payload,
    })
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('UNIT_CODE_TAKEN')
  })

  it('lists the roots for admin and only one’s own subtree for office staff', async () => {
    const adminRoots = await app.inject({
      method: 'GET',
      url: '/api/admin/units',
      headers: org.admin.headers,
    })
    expect(adminRoots.json().items.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['淮安市', '宿迁市']),
    )
    const staffTop = await app.inject({
      method: 'GET',
      url: '/api/admin/units',
      headers: org.staffA.headers,
    })
    expect(staffTop.json().items).toEqual([
      expect.objectContaining({ id: org.townA.id, name: '长东街道', hasChildren: true }),
    ])
    const districtChildren = await app.inject({
      method: 'GET',
      url: `/api/admin/units?parentId=${org.district.id}`,
      headers: org.staffA.headers,
    })
    expect(districtChildren.json().items.map((u: { id: string }) => u.id)).toEqual([org.townA.id])
    const resident = await app.inject({
      method: 'GET',
      url: '/api/admin/units',
      headers: org.resident.headers,
    })
    expect(resident.statusCode).toBe(403)
  })

  it('moves a unit with its whole subtree and the rooms in it', async () => {
    const district2 = await createTestUnit(app, '淮阴区', 'district', org.city)
    const town = await createTestUnit(app, '王营镇', 'town', org.district)
    const village = await createTestUnit(app, '新渡口社区', 'village', town)
    const room = await createTestRoom(app, '新渡口议事室', village)
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/units/${town.id}`,
      headers: org.admin.headers,
      payload: { parentId: district2.id, name: '王营街道' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ name: '王营街道', parentId: district2.id })
    expect(await ancestorsOf(town.id)).toEqual([org.city.id, district2.id])
    expect(await ancestorsOf(village.id)).toEqual([org.city.id, district2.id, town.id])
    const moved = await roomModel(app.db).findById(room.id).lean()
    expect(moved?.unitAncestors.map(String)).toEqual([
      org.city.id,
      district2.id,
      town.id,
      village.id,
    ])
    const listed = await app.inject({ method: 'GET', url: `/api/rooms?unitId=${district2.id}` })
    expect(listed.json().items.map((r: { id: string }) => r.id)).toEqual([room.id])
  })

  it('refuses to move a unit under itself or its own descendant (UNIT_PARENT_INVALID)', async () => {
    for (const parentId of [org.townA.id, org.village.id]) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/admin/units/${org.townA.id}`,
        headers: org.admin.headers,
        payload: { parentId },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('UNIT_PARENT_INVALID')
    }
    expect(await ancestorsOf(org.townA.id)).toEqual([org.city.id, org.district.id])
  })

  it('refuses office staff a move out of their subtree', async () => {
    const village = await createTestUnit(app, '待迁社区', 'village', org.townA)
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/admin/units/${village.id}`,
      headers: org.staffA.headers,
      payload: { parentId: org.townB.id },
    })
    expect(res.statusCode).toBe(403)
    expect(await ancestorsOf(village.id)).toEqual([org.city.id, org.district.id, org.townA.id])
  })

  it('refuses to delete a unit with child units or rooms (UNIT_HAS_CHILDREN) and deletes a leaf', async () => {
    for (const id of [org.townA.id, org.village.id]) {
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/admin/units/${id}`,
        headers: org.admin.headers,
      })
      expect(res.statusCode).toBe(409)
      expect(res.json().code).toBe('UNIT_HAS_CHILDREN')
    }
    const leaf = await createTestUnit(app, '空社区', 'village', org.townA)
    const ownTown = await app.inject({
      method: 'DELETE',
      url: `/api/admin/units/${org.townA.id}`,
      headers: org.staffA.headers,
    })
    expect(ownTown.statusCode).toBe(403)
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/admin/units/${leaf.id}`,
      headers: org.staffA.headers,
    })
    expect(res.statusCode).toBe(204)
    expect(await unitModel(app.db).exists({ _id: leaf.id })).toBeNull()
  })

  it('shows a unit to its office staff and not to staff of another town', async () => {
    const staffB = await createTestUser(app, {
      grants: [{ role: 'office_staff', unitId: org.townB.id }],
    })
    const own = await app.inject({
      method: 'GET',
      url: `/api/admin/units/${org.village.id}`,
      headers: org.staffA.headers,
    })
    expect(own.statusCode).toBe(200)
    expect(own.json()).toMatchObject({ roomCount: 1, childCount: 0 })
    const other = await app.inject({
      method: 'GET',
      url: `/api/admin/units/${org.village.id}`,
      headers: staffB.headers,
    })
    expect(other.statusCode).toBe(403)
    const missing = await app.inject({
      method: 'GET',
      url: '/api/admin/units/0123456789abcdef01234567',
      headers: org.admin.headers,
    })
    expect(missing.json().code).toBe('UNIT_NOT_FOUND')
  })
})
