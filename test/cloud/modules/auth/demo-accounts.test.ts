import { userModel, type GrantDoc } from '../../../../cloud/src/modules/users/model'
import { demoOpenid } from '../../../../cloud/src/modules/auth/service'
import { build } from '../../../helpers/build'
import { createTestRoom, createTestUnit } from '../../../helpers/identity'
import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { useFakeWechat } from './fake-wechat-env'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const wechat = useFakeWechat()

async function seedDemoUsers(app: App) {
  const city = await createTestUnit(app, '淮安市', 'city')
  const village = await createTestUnit(app, '永胜社区', 'village', city)
  const room = await createTestRoom(app, '永胜小区议事室', village)
  const Users = userModel(app.db)
  const grant = (role: GrantDoc['role'], scope: { roomId?: string } = {}): GrantDoc => ({
    _id: new Types.ObjectId(),
    role,
    grantedAt: new Date(),
    ...(scope.roomId ? { roomId: new Types.ObjectId(scope.roomId) } : {}),
  })
  await Users.create([
    {
      displayName: '系统管理员',
      demoKey: 'admin',
      openid: demoOpenid('admin', wechat.fake.appId),
      grants: [grant('admin')],
    },
    {
      displayName: '李召集人',
      demoKey: 'convener',
      openid: demoOpenid('convener', wechat.fake.appId),
      grants: [grant('convener', { roomId: room.id }), grant('member', { roomId: room.id })],
    },
    {
      displayName: '张阿姨',
      demoKey: 'resident',
      openid: demoOpenid('resident', wechat.fake.appId),
      unitId: new Types.ObjectId(village.id),
    },
    { displayName: '普通居民', openid: 'o-not-a-demo-account-000000000' },
  ])
  return { room }
}

describe('GET /api/auth/demo-accounts', () => {
  it('answers 404 DEMO_MODE_ONLY outside demo mode', async () => {
    const app = await build({ env: { DEMO_MODE: 'false' } })
    const res = await app.inject({ method: 'GET', url: '/api/auth/demo-accounts' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('DEMO_MODE_ONLY')
  })

  it('lists demo accounts, residents first, each with its highest role and login code', async () => {
    const app = await build({ env: { ...wechat.env, DEMO_MODE: 'true' } })
    await seedDemoUsers(app)
    const res = await app.inject({ method: 'GET', url: '/api/auth/demo-accounts' })
    expect(res.statusCode).toBe(200)
    const { items } = res.json()
    expect(items.map((i: { key: string }) => i.key)).toEqual(['resident', 'convener', 'admin'])
    expect(items[0]).toEqual({
      key: 'resident',
      displayName: '张阿姨',
      role: 'resident',
      roleLabel: '群众',
      description: expect.stringContaining('永胜社区'),
      code: 'dev-resident',
    })
    expect(items[1]).toMatchObject({ role: 'convener', roleLabel: '召集人' })
    expect(items[1].description).toContain('永胜小区议事室')
    expect(items[2]).toMatchObject({ role: 'admin', roleLabel: '系统管理员', code: 'dev-admin' })
  })

  it('signs into the picked account by posting its code to /api/auth/wechat', async () => {
    const app = await build({ env: { ...wechat.env, DEMO_MODE: 'true' } })
    await seedDemoUsers(app)
    const { items } = (await app.inject({ method: 'GET', url: '/api/auth/demo-accounts' })).json()
    const convener = items.find((i: { role: string }) => i.role === 'convener')
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/wechat',
      payload: { code: convener.code },
    })
    expect(login.statusCode).toBe(200)
    expect(login.json().user).toMatchObject({ displayName: '李召集人', isStaff: true })
    expect(login.json().user.grants.map((g: { role: string }) => g.role)).toEqual([
      'convener',
      'member',
    ])
    expect(login.json().user.grants[0].roomName).toBe('永胜小区议事室')
  })
})
