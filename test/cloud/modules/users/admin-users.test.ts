import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
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

interface World {
  app: App
  district: TestUnit
  townA: TestUnit
  townB: TestUnit
  village: TestUnit
  roomA: { id: string }
  roomB: { id: string }
  admin: TestUser
  officeA: TestUser
  resident: TestUser
  member: TestUser
  outsider: TestUser
}

async function world(): Promise<World> {
  const app = await build()
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const townA = await createTestUnit(app, '长东街道', 'town', district)
  const townB = await createTestUnit(app, '柳树湾街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', townA)
  const roomA = await createTestRoom(app, '长东议事室', townA)
  const roomB = await createTestRoom(app, '柳树湾议事室', townB)
  return {
    app,
    district,
    townA,
    townB,
    village,
    roomA,
    roomB,
    admin: await createTestUser(app, { displayName: '管理员', grants: [{ role: 'admin' }] }),
    officeA: await createTestUser(app, {
      displayName: '长东联席办',
      unitId: townA.id,
      grants: [{ role: 'office_staff', unitId: townA.id }],
    }),
    resident: await createTestUser(app, {
      displayName: '张阿姨',
      realName: '张三丰',
      phone: '13800135678',
      unitId: village.id,
    }),
    // Lives in town B but is attached to a room in town A.
    member: await createTestUser(app, {
      displayName: '钱委员',
      realName: '钱学森',
      phone: '13900001111',
      unitId: townB.id,
      grants: [{ role: 'member', roomId: roomA.id }],
    }),
    outsider: await createTestUser(app, {
      displayName: '孙师傅',
      phone: '13700002222',
      unitId: townB.id,
    }),
  }
}

type Item = { id: string; phone?: string; realName?: string; piiMasked: boolean }

describe('/api/admin/users', () => {
  let w: World
  beforeAll(async () => {
    w = await world()
  })

  const get = (user: TestUser, url: string) =>
    w.app.inject({ method: 'GET', url, headers: user.headers })
  const send = (
    user: TestUser,
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => w.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) })

  it('shows admin everyone with names and phones in full', async () => {
    const res = await get(w.admin, '/api/admin/users?limit=100')
    expect(res.statusCode).toBe(200)
    const items: Item[] = res.json().items
    const member = items.find((i) => i.id === w.member.id)
    expect(member).toMatchObject({ phone: '13900001111', realName: '钱学森', piiMasked: false })
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([w.outsider.id, w.resident.id]))
  })

  it('shows office staff only people of their subtree, masking PII where they may not read it', async () => {
    const res = await get(w.officeA, '/api/admin/users?limit=100')
    expect(res.statusCode).toBe(200)
    const items: Item[] = res.json().items
    const ids = items.map((i) => i.id)
    expect(ids).toEqual(expect.arrayContaining([w.resident.id, w.member.id, w.officeA.id]))
    expect(ids).not.toContain(w.outsider.id)
    expect(ids).not.toContain(w.admin.id)
    expect(items.find((i) => i.id === w.resident.id)).toMatchObject({
      phone: '13800135678',
      realName: '张三丰',
      piiMasked: false,
    })
    expect(items.find((i) => i.id === w.member.id)).toMatchObject({
      phone: '139****1111',
      realName: '钱**',
      piiMasked: true,
    })
  })

  it('does not let a search by phone reveal who holds a number the caller may not read', async () => {
    const masked = await get(w.officeA, '/api/admin/users?q=13900001111')
    expect(masked.json().items).toEqual([])
    const admin = await get(w.admin, '/api/admin/users?q=13900001111')
    expect(admin.json().items.map((i: Item) => i.id)).toEqual([w.member.id])
    const byName = await get(w.officeA, `/api/admin/users?q=${encodeURIComponent('钱委员')}`)
    expect(byName.json().items.map((i: Item) => i.id)).toEqual([w.member.id])
  })

  it('filters by unit subtree and role, and pages with a cursor', async () => {
    const inVillage = await get(w.admin, `/api/admin/users?unitId=${w.village.id}`)
    expect(inVillage.json().items.map((i: Item) => i.id)).toEqual([w.resident.id])
    const members = await get(w.admin, '/api/admin/users?role=member')
    expect(members.json().items.map((i: Item) => i.id)).toEqual([w.member.id])
    const outside = await get(w.officeA, `/api/admin/users?unitId=${w.townB.id}`)
    expect(outside.json().items).toEqual([])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Item[]; nextCursor: string | null } = (
        await get(w.admin, `/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toHaveLength(await userModel(w.app.db).countDocuments())
  })

  it('refuses people without user.manage, and bad queries with VALIDATION_FAILED', async () => {
    const res = await get(w.resident, '/api/admin/users')
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('FORBIDDEN')
    for (const query of ['limit=0', 'limit=101', 'unitId=nope', 'role=king']) {
      const bad = await get(w.admin, `/api/admin/users?${query}`)
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe('VALIDATION_FAILED')
    }
  })

  it('lets office staff open people of their subtree only', async () => {
    expect((await get(w.officeA, `/api/admin/users/${w.resident.id}`)).statusCode).toBe(200)
    const outside = await get(w.officeA, `/api/admin/users/${w.outsider.id}`)
    expect(outside.statusCode).toBe(403)
    const missing = await get(w.admin, '/api/admin/users/0123456789abcdef01234567')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('USER_NOT_FOUND')
  })

  it('lets office staff grant roles inside their subtree but not outside it, nor admin', async () => {
    const inside = await send(w.officeA, 'POST', `/api/admin/users/${w.resident.id}/grants`, {
      role: 'grid_worker',
      unitId: w.village.id,
    })
    expect(inside.statusCode).toBe(201)
    expect(inside.json().grants).toEqual([
      expect.objectContaining({ role: 'grid_worker', unitId: w.village.id, unitName: '永胜社区' }),
    ])
    for (const body of [
      { role: 'grid_worker', unitId: w.townB.id },
      { role: 'convener', roomId: w.roomB.id },
      { role: 'office_staff', unitId: w.district.id },
      { role: 'admin' },
    ]) {
      const res = await send(w.officeA, 'POST', `/api/admin/users/${w.outsider.id}/grants`, body)
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('FORBIDDEN')
    }
    const stored = await userModel(w.app.db).findById(w.outsider.id).lean()
    expect(stored?.grants).toEqual([])
    const byAdmin = await send(w.admin, 'POST', `/api/admin/users/${w.outsider.id}/grants`, {
      role: 'convener',
      roomId: w.roomB.id,
    })
    expect(byAdmin.statusCode).toBe(201)
    const after = await userModel(w.app.db).findById(w.outsider.id).lean()
    expect(after?.scopeUnitIds.map(String).sort()).toEqual([w.townB.id].sort())
  })

  it('answers GRANT_INVALID when the scope does not fit the role', async () => {
    for (const body of [
      { role: 'convener', unitId: w.townA.id },
      { role: 'office_staff', roomId: w.roomA.id },
      { role: 'grid_worker' },
      { role: 'member', unitId: w.townA.id, roomId: w.roomA.id },
      { role: 'admin', unitId: w.townA.id },
    ]) {
      const res = await send(w.admin, 'POST', `/api/admin/users/${w.resident.id}/grants`, body)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('GRANT_INVALID')
    }
    const unknownRoom = await send(w.admin, 'POST', `/api/admin/users/${w.resident.id}/grants`, {
      role: 'convener',
      roomId: '0123456789abcdef01234567',
    })
    expect(unknownRoom.json().code).toBe('ROOM_NOT_FOUND')
  })

  it('revokes a grant, audits it and takes the person out of that scope', async () => {
    const person = await createTestUser(w.app, {
      displayName: '临时召集人',
      grants: [{ role: 'convener', roomId: w.roomA.id }],
    })
    expect((await get(w.officeA, `/api/admin/users/${person.id}`)).statusCode).toBe(200)
    const grantId = (await get(w.admin, `/api/admin/users/${person.id}`)).json().grants[0].id
    const res = await send(w.officeA, 'DELETE', `/api/admin/users/${person.id}/grants/${grantId}`)
    expect(res.statusCode).toBe(200)
    expect(res.json().grants).toEqual([])
    expect((await get(w.officeA, `/api/admin/users/${person.id}`)).statusCode).toBe(403)
    const again = await send(w.admin, 'DELETE', `/api/admin/users/${person.id}/grants/${grantId}`)
    expect(again.json().code).toBe('GRANT_NOT_FOUND')
    const audit = await auditModel(w.app.db)
      .findOne({ action: 'user.revoke_grant', 'target.id': person.id })
      .lean()
    expect(audit?.before).toMatchObject({ grants: [{ role: 'convener', roomId: w.roomA.id }] })
    expect(audit?.after).toMatchObject({ grants: [] })
    expect(String(audit?.actorId)).toBe(w.officeA.id)
  })

  it('creates a staff account that can sign in with its password, audited without the hash', async () => {
    const res = await send(w.officeA, 'POST', '/api/admin/users', {
      displayName: '永胜社区网格员',
      realName: '吴网格',
      phone: '13511112222',
      unitId: w.village.id,
      username: 'Grid.Wu',
      password: 'a-long-password',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      username: 'grid.wu',
      hasPassword: true,
      unitName: '永胜社区',
    })
    expect(res.body).not.toContain('passwordHash')
    const login = await w.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { username: 'grid.wu', password: 'a-long-password' },
    })
    expect(login.statusCode).toBe(200)
    const audit = await auditModel(w.app.db)
      .findOne({ action: 'user.create', 'target.id': res.json().id })
      .lean()
    expect(audit?.after).toMatchObject({ username: 'grid.wu', unitId: w.village.id })
    expect(JSON.stringify(audit)).not.toMatch(/passwordHash|a-long-password|argon2/)
    expect(audit?.unitAncestors.map(String)).toContain(w.townA.id)
  })

  it('refuses to create accounts outside the caller’s subtree or with clashing details', async () => {
    const outside = await send(w.officeA, 'POST', '/api/admin/users', {
      displayName: '别处的人',
      unitId: w.townB.id,
    })
    expect(outside.statusCode).toBe(403)
    const noUnit = await send(w.officeA, 'POST', '/api/admin/users', { displayName: '无单位' })
    expect(noUnit.statusCode).toBe(403)
    const taken = await send(w.admin, 'POST', '/api/admin/users', {
      displayName: '重名',
      username: 'grid.wu',
    })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().code).toBe('USERNAME_TAKEN')
    const phone = await send(w.admin, 'POST', '/api/admin/users', {
      displayName: '同号',
      phone: '13800135678',
    })
    expect(phone.json().code).toBe('PHONE_ALREADY_BOUND')
    for (const body of [
      { displayName: '无名', password: 'long-enough-pw' },
      { displayName: '短密码', username: 'short.pw', password: 'short' },
      { displayName: '' },
      { displayName: '坏号码', phone: 'call me' },
    ]) {
      const bad = await send(w.admin, 'POST', '/api/admin/users', body)
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe('VALIDATION_FAILED')
    }
  })

  it('updates details with an audit entry, and disabling signs the person out everywhere', async () => {
    const person = await createTestUser(w.app, {
      displayName: '将停用',
      phone: '13322223333',
      unitId: w.village.id,
    })
    expect((await get(person, '/api/me')).statusCode).toBe(200)
    const res = await send(w.officeA, 'PATCH', `/api/admin/users/${person.id}`, {
      displayName: '已停用',
      phone: null,
      disabled: true,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ displayName: '已停用', disabled: true })
    expect(res.json().phone).toBeUndefined()
    const after = await get(person, '/api/me')
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('SESSION_REVOKED')
    const audit = await auditModel(w.app.db)
      .findOne({ action: 'user.update', 'target.id': person.id })
      .lean()
    expect(audit?.before).toMatchObject({ displayName: '将停用', phone: '13322223333' })
    expect(audit?.after).toMatchObject({ displayName: '已停用', phone: null, disabled: true })
  })

  it('refuses changes to people outside the subtree and moves into units the caller does not manage', async () => {
    const outside = await send(w.officeA, 'PATCH', `/api/admin/users/${w.outsider.id}`, {
      disabled: true,
    })
    expect(outside.statusCode).toBe(403)
    const move = await send(w.officeA, 'PATCH', `/api/admin/users/${w.resident.id}`, {
      unitId: w.townB.id,
    })
    expect(move.statusCode).toBe(403)
    const self = await send(w.admin, 'PATCH', `/api/admin/users/${w.admin.id}`, { disabled: true })
    expect(self.statusCode).toBe(403)
    const empty = await send(w.admin, 'PATCH', `/api/admin/users/${w.resident.id}`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('VALIDATION_FAILED')
  })
})
