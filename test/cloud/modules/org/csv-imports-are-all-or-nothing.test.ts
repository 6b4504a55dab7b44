import type { App } from '../../../../cloud/src/app'
import { roomModel, unitModel } from '../../../../cloud/src/modules/org/model'
import { build } from '../../../helpers/build'
import { orgFixture, type OrgFixture } from './fixture'

// The machine is shared: building the app and drawing posters can be slow under load.
jest.setTimeout(60_000)

const UNITS_CSV = [
  '\uFEFFcode,name,kind,parent_code',
  'HA,淮安市,city,',
  'HA-QJP,清江浦区,district,HA',
  'HA-QJP-CD,长东街道,town,HA-QJP',
  'HA-QJP-CD-YS,永胜社区,village,HA-QJP-CD',
  'HA-QJP-CD-QHY,"清华园社区",village,HA-QJP-CD',
  'HA-ZX,政协淮安市委员会经济界,sector,HA',
].join('\r\n')

describe('CSV imports of units and rooms', () => {
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
  })

  function importCsv(path: 'units' | 'rooms', csv: string, headers = org.admin.headers) {
    return app.inject({
      method: 'POST',
      url: `/api/admin/${path}/import`,
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
      payload: csv,
    })
  }

  it('imports a unit tree whose parents appear earlier in the file, and is idempotent', async () => {
    const first = await importCsv('units', UNITS_CSV)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ created: 6, updated: 0, unchanged: 0 })
    const village = await unitModel(app.db).findOne({ code: 'HA-QJP-CD-YS' }).lean()
    const chain = await unitModel(app.db)
      .find({ code: { $in: ['HA', 'HA-QJP', 'HA-QJP-CD'] } })
      .lean()
    const idOf = (code: string) => chain.find((u) => u.code === code)?._id.toString()
    expect(village?.ancestors.map(String)).toEqual([idOf('HA'), idOf('HA-QJP'), idOf('HA-QJP-CD')])

    const again = await importCsv('units', UNITS_CSV)
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 6 })
    const renamed = await importCsv('units', UNITS_CSV.replace('永胜社区', '永胜村'))
    expect(renamed.json()).toEqual({ created: 0, updated: 1, unchanged: 5 })
  })

  it('writes nothing when any row is wrong and names every bad line and field', async () => {
    const before = await unitModel(app.db).countDocuments()
    const csv = [
      'code,name,kind,parent_code',
      'NEW-1,新区,district,HA',
      'NEW-2,坏类型,county,HA',
      'NEW-3,找不到上级,town,NOPE',
      'NEW-4,层级不对,village,HA',
      'NEW-1,重复编码,district,HA',
    ].join('\n')
    const res = await importCsv('units', csv)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('CSV_INVALID')
    const details = res.json().details as Array<{ line: number; field: string; message: string }>
    expect(details.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 3, field: 'kind' },
      { line: 4, field: 'parent_code' },
      { line: 5, field: 'kind' },
      { line: 6, field: 'code' },
    ])
    for (const problem of details) expect(problem.message).toMatch(/[\u4e00-\u9fff]/)
    expect(await unitModel(app.db).countDocuments()).toBe(before)
  })

  it('refuses a file with missing columns or broken quoting as CSV_INVALID', async () => {
    const header = await importCsv('units', 'code,name\nX,Y\n')
    expect(header.statusCode).toBe(400)
    expect(header.json().details).toEqual([expect.objectContaining({ line: 1, field: 'kind' })])
    const quoting = await importCsv('units', 'code,name,kind,parent_code\n"X,Y,city,\n')
    expect(quoting.statusCode).toBe(400)
    expect(quoting.json().code).toBe('CSV_INVALID')
    const empty = await importCsv('units', 'code,name,kind,parent_code\n')
    expect(empty.json().code).toBe('CSV_INVALID')
  })

  it('keeps office staff inside their subtree: no roots, no parents elsewhere', async () => {
    const csv = [
      'code,name,kind,parent_code',
      `OK-1,新社区,village,${(await unitModel(app.db).findById(org.townA.id).lean())?.code}`,
      'NO-ROOT,外市,city,',
      'NO-2,外区社区,village,HA-QJP-CD',
    ].join('\n')
    const res = await importCsv('units', csv, org.staffA.headers)
    expect(res.statusCode).toBe(400)
    expect(res.json().details.map((d: { line: number }) => d.line)).toEqual([3, 4])
    expect(await unitModel(app.db).exists({ code: 'OK-1' })).toBeNull()
    const resident = await importCsv('units', csv, org.resident.headers)
    expect(resident.statusCode).toBe(403)
  })

  it('imports rooms by scene, all or nothing, and updates them on a second import', async () => {
    const csv = [
      'scene,name,unit_code,address,support_threshold',
      'YSCDZ1,永胜社区协商议事室,HA-QJP-CD-YS,永胜小区 3 号楼,20',
      'QHY001,清华园社区协商议事室,HA-QJP-CD-QHY,,',
    ].join('\n')
    const bad = await importCsv(
      'rooms',
      `${csv}\nBAD!,坏码,HA-QJP-CD-YS,,\nOKAY22,阈值错,HA-QJP-CD-YS,,zero\nOKAY23,无单位,NOPE,,`,
    )
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .details.map(({ line, field }: { line: number; field: string }) => ({ line, field })),
    ).toEqual([
      { line: 4, field: 'scene' },
      { line: 5, field: 'support_threshold' },
      { line: 6, field: 'unit_code' },
    ])
    expect(await roomModel(app.db).exists({ scene: 'YSCDZ1' })).toBeNull()

    const first = await importCsv('rooms', csv)
    expect(first.json()).toEqual({ created: 2, updated: 0, unchanged: 0 })
    const opened = await app.inject({ method: 'GET', url: '/api/rooms/by-scene/YSCDZ1' })
    expect(opened.json()).toMatchObject({
      name: '永胜社区协商议事室',
      address: '永胜小区 3 号楼',
      supportThreshold: 20,
      unit: { name: '永胜村', kind: 'village' },
    })
    const again = await importCsv('rooms', csv)
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 2 })
    const changed = await importCsv('rooms', csv.replace(',20', ',30'))
    expect(changed.json()).toEqual({ created: 0, updated: 1, unchanged: 1 })
  })

  it('refuses a room scene that belongs to a room of another unit', async () => {
    const csv = `scene,name,unit_code\n${org.roomA.scene},抢码,HA-QJP-CD-YS\n`
    const res = await importCsv('rooms', csv)
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([expect.objectContaining({ line: 2, field: 'unit_code' })])
  })

  it('refuses other content types and bodies over 1 MB', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/admin/units/import',
      headers: org.admin.headers,
      payload: { csv: 'x' },
    })
    expect(json.statusCode).toBe(400)
    const big = await importCsv('units', `code,name,kind,parent_code\n${'x'.repeat(1_100_000)}`)
    expect(big.statusCode).toBe(413)
  })
})
