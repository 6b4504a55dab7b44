import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { unitModel } from '../../../../cloud/src/modules/org/model'
import { userModel } from '../../../../cloud/src/modules/users/model'
import { build } from '../../../helpers/build'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const HEADER = 'display_name,real_name,phone,unit_code,role,room_scene,username'

interface World {
  app: App
  admin: TestUser
  officeA: TestUser
  townA: TestUnit & { code: string }
  townB: TestUnit & { code: string }
  roomA: { id: string; scene: string }
  roomB: { id: string; scene: string }
}

async function withCode(app: App, unit: TestUnit) {
  const doc = await unitModel(app.db).findById(unit.id).lean()
  return { ...unit, code: doc!.code }
}

async function world(): Promise<World> {
  const app = await build()
  const district = await createTestUnit(app, '清江浦区', 'district')
  const townA = await withCode(app, await createTestUnit(app, '长东街道', 'town', district))
  const townB = await withCode(app, await createTestUnit(app, '柳树湾街道', 'town', district))
  return {
    app,
    townA,
    townB,
    roomA: await createTestRoom(app, '长东议事室', townA),
    roomB: await createTestRoom(app, '柳树湾议事室', townB),
    admin: await createTestUser(app, { grants: [{ role: 'admin' }] }),
    officeA: await createTestUser(app, {
      unitId: townA.id,
      grants: [{ role: 'office_staff', unitId: townA.id }],
    }),
  }
}

function importCsv(app: App, user: TestUser, csv: string, contentType = 'text/csv') {
  return app.inject({
    method: 'POST',
    url: '/api/admin/users/import',
    headers: { ...user.headers, 'content-type': contentType },
    payload: csv,
  })
}

describe('POST /api/admin/users/import', () => {
  let w: World
  beforeEach(async () => {
    w = await world()
  })

  it('creates new people and updates existing ones by username or phone, with their grants', async () => {
    const existing = await createTestUser(w.app, { displayName: '老称呼', phone: '13800000001' })
    const csv = [
      HEADER,
      `周召集,周建国,138-0000-0001,${w.townA.code},召集人,${w.roomA.scene},`,
      `吴网格,吴敏,13800000002,${w.townA.code},grid_worker,,grid.wu`,
      `钱委员,,,${w.townA.code},member,${w.roomA.scene},member.qian`,
      `普通群众,,13800000003,,,,`,
    ].join('\n')
    const res = await importCsv(w.app, w.officeA, `\ufeff${csv}\n`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ created: 3, updated: 1 })

    const Users = userModel(w.app.db)
    const zhou = await Users.findById(existing.id).lean()
    expect(zhou).toMatchObject({ displayName: '周召集', realName: '周建国', phone: '13800000001' })
    expect(zhou?.grants.map((g) => [g.role, String(g.roomId)])).toEqual([['convener', w.roomA.id]])
    expect(String(zhou?.unitId)).toBe(w.townA.id)
    const wu = await Users.findOne({ username: 'grid.wu' }).lean()
    expect(wu?.grants.map((g) => [g.role, String(g.unitId)])).toEqual([['grid_worker', w.townA.id]])
    expect(wu?.scopeUnitIds.map(String)).toEqual([w.townA.id])
    const qian = await Users.findOne({ username: 'member.qian' }).lean()
    expect(qian?.grants.map((g) => g.role)).toEqual(['member'])
    expect(String(qian?.grants[0].roomId)).toBe(w.roomA.id)
    expect(await Users.findOne({ phone: '13800000003' }).lean()).toMatchObject({ grants: [] })

    const audits = await auditModel(w.app.db).find({ action: 'user.import' }).lean()
    expect(audits).toHaveLength(4)
    const zhouAudit = audits.find((a) => a.target.id === existing.id)
    expect(zhouAudit?.before).toMatchObject({ displayName: '老称呼' })
    expect(zhouAudit?.after).toMatchObject({ displayName: '周召集' })

    // Importing the same file again changes nothing but counts updates; no duplicate grants.
    const again = await importCsv(w.app, w.officeA, csv)
    expect(again.json()).toEqual({ created: 0, updated: 4 })
    expect((await Users.findById(existing.id).lean())?.grants).toHaveLength(1)
  })

  it('imports nothing and names every bad line when any row is wrong', async () => {
    const before = await userModel(w.app.db).countDocuments()
    const csv = [
      HEADER,
      `好人,,13800000010,${w.townA.code},grid_worker,,good.one`,
      `无名单位,,13800000011,NO-SUCH-UNIT,grid_worker,,`,
      `坏号码,,call-me-maybe,${w.townA.code},,,`,
      `缺议事室,,13800000012,${w.townA.code},convener,,`,
      `重复,,13800000013,${w.townA.code},,,good.one`,
      `,,13800000014,,,,`,
      `国王,,13800000015,${w.townA.code},king,,`,
      `无标识,,,${w.townA.code},,,`,
    ].join('\n')
    const res = await importCsv(w.app, w.officeA, csv)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('CSV_INVALID')
    const details: Array<{ line: number; field: string; message: string }> = res.json().details
    expect(details.map((d) => [d.line, d.field])).toEqual([
      [3, 'unit_code'],
      [4, 'phone'],
      [5, 'room_scene'],
      [6, 'username'],
      [7, 'display_name'],
      [8, 'role'],
      [9, 'username'],
    ])
    expect(details[0].message).toContain('NO-SUCH-UNIT')
    expect(details[3].message).toContain('第 2 行')
    expect(await userModel(w.app.db).countDocuments()).toBe(before)
    expect(await auditModel(w.app.db).countDocuments({ action: 'user.import' })).toBe(0)
  })

  it('refuses rows outside the importer’s subtree', async () => {
    const csv = [
      HEADER,
      `柳树湾网格员,,13800000020,${w.townB.code},grid_worker,,`,
      `柳树湾召集人,,13800000021,${w.townA.code},convener,${w.roomB.scene},`,
    ].join('\n')
    const res = await importCsv(w.app, w.officeA, csv)
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { line: 2, field: 'unit_code', message: '该单位不在您的管理范围内' },
      { line: 3, field: 'room_scene', message: '该议事室不在您的管理范围内' },
    ])
    const byAdmin = await importCsv(w.app, w.admin, csv)
    expect(byAdmin.json()).toEqual({ created: 2, updated: 0 })
  })

  it('refuses to change an existing person who belongs to another unit', async () => {
    await createTestUser(w.app, { phone: '13800000030', unitId: w.townB.id })
    const res = await importCsv(w.app, w.officeA, `${HEADER}\n改名,,13800000030,,,,\n`)
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { line: 2, field: 'phone', message: '该人员属于其他单位，无权修改' },
    ])
  })

  it('reports a bad header, a wrong column count and broken quoting by line', async () => {
    const header = await importCsv(w.app, w.admin, 'display_name,nickname\n张三,小张\n')
    expect(header.json().details).toEqual([{ line: 1, field: 'nickname', message: '未知的列名' }])
    const columns = await importCsv(w.app, w.admin, `${HEADER}\n张三,,13800000040\n`)
    expect(columns.json().details).toEqual([
      { line: 2, field: 'csv', message: expect.stringContaining('列数应为 7') },
    ])
    const quote = await importCsv(w.app, w.admin, `${HEADER}\n"张三,,,,,,\n`)
    expect(quote.statusCode).toBe(400)
    expect(quote.json().code).toBe('CSV_INVALID')
    const empty = await importCsv(w.app, w.admin, `${HEADER}\n`)
    expect(empty.json().details).toEqual([{ line: 2, field: 'csv', message: '没有数据行' }])
  })

  it('accepts text/csv only, up to 1 MB, from people with user.manage', async () => {
    const wrongType = await importCsv(w.app, w.admin, `${HEADER}\n`, 'text/plain')
    expect(wrongType.statusCode).toBe(415)
    const big = `${HEADER}\n${'张三,,,,,,\n'.repeat(120_000)}`
    const tooBig = await importCsv(w.app, w.admin, big)
    expect(tooBig.statusCode).toBe(413)
    const resident = await createTestUser(w.app)
    const forbidden = await importCsv(w.app, resident, `${HEADER}\n张三,,13800000050,,,,\n`)
    expect(forbidden.statusCode).toBe(403)
  })
})
