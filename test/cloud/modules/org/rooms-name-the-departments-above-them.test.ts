import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { createTestUnit } from '../../../helpers/identity'
import { orgFixture, type OrgFixture } from './fixture'

jest.setTimeout(60_000)

describe('the departments a room can pass work to', () => {
  let app: App
  let org: OrgFixture

  beforeAll(async () => {
    app = await build()
    org = await orgFixture(app)
  })

  it('lists the departments under every unit above the room, by name, and nothing else', async () => {
    await createTestUnit(app, '清江浦区住建局', 'department', org.district)
    await createTestUnit(app, '淮安市交通运输局', 'department', org.city)
    await createTestUnit(app, '长东街道城管中队', 'department', org.townA)
    // Not above room A: another town's department, and a non-department unit under the district.
    await createTestUnit(app, '清河街道城管中队', 'department', org.townB)
    await createTestUnit(app, '清江浦区政协界别', 'sector', org.district)

    const res = await app.inject({ url: `/api/rooms/${org.roomA.id}/departments` })
    expect(res.statusCode).toBe(200)
    const names = res.json<{ items: Array<{ name: string; kind: string }> }>().items
    expect(names.map((unit) => unit.name).sort()).toEqual(
      ['淮安市交通运输局', '清江浦区住建局', '长东街道城管中队'].sort(),
    )
    expect(names.every((unit) => unit.kind === 'department')).toBe(true)
  })

  it('answers ROOM_NOT_FOUND for a room that does not exist', async () => {
    const res = await app.inject({ url: '/api/rooms/0123456789abcdef01234567/departments' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROOM_NOT_FOUND')
  })
})
