import { verify } from '@node-rs/argon2'
import { startFakeWechat } from '../../../cloud/fake-wechat/index'
import { roomModel, unitModel } from '../../../cloud/src/modules/org/model'
import { userModel } from '../../../cloud/src/modules/users/model'
import { demoSeeds } from '../../../cloud/src/seed'
import {
  DEMO_ACCOUNTS,
  DEMO_MAIN_ROOM_SCENE,
  DEMO_PASSWORD,
} from '../../../cloud/src/seed/demo/accounts'
import { seedDemoOrg } from '../../../cloud/src/seed/demo/org'
import { seedDemoPeople } from '../../../cloud/src/seed/demo/people'
import { DEMO_ROOMS, DEMO_UNITS } from '../../../cloud/src/seed/demo/places'
import { SeedRegistry } from '../../../cloud/src/seed/registry'
import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'

/** Only the demo seeds, so the test does not depend on what other modules register later. */
function demoOnly(): SeedRegistry {
  const registry = new SeedRegistry()
  for (const [name, fn] of demoSeeds.entries()) {
    if (name.startsWith('demo-')) registry.register(name, fn)
  }
  return registry
}

async function counts(app: App): Promise<{ units: number; rooms: number; users: number }> {
  return {
    units: await unitModel(app.db).countDocuments(),
    rooms: await roomModel(app.db).countDocuments(),
    users: await userModel(app.db).countDocuments(),
  }
}

// Building an app and hashing passwords is slow on a busy machine.
const SLOW_MS = 60_000

describe('the demo seed on a fresh database', () => {
  let app: App
  const dbName = `demo_seed_${process.pid}`

  beforeAll(async () => {
    app = await build({ dbName, seeds: demoOnly() })
  }, SLOW_MS)

  it('is registered with the demo data set, organisation before people', () => {
    const names = demoSeeds.entries().map(([name]) => name)
    expect(names).toEqual(expect.arrayContaining(['demo-org', 'demo-people']))
    expect(names.indexOf('demo-org')).toBeLessThan(names.indexOf('demo-people'))
  })

  it('builds the Huai’an unit tree with each unit under its parent', async () => {
    const units = await unitModel(app.db).find().lean()
    expect(units).toHaveLength(DEMO_UNITS.length)
    const byCode = new Map(units.map((unit) => [unit.code, unit]))
    const community = byCode.get('HA-QJP-CX-CX')
    expect(community).toMatchObject({ name: '长西社区', kind: 'village' })
    expect(community?.ancestors.map((id) => String(id))).toEqual(
      ['HA', 'HA-QJP', 'HA-QJP-CX'].map((code) => String(byCode.get(code)?._id)),
    )
    expect(String(community?.parentId)).toBe(String(byCode.get('HA-QJP-CX')?._id))
    expect(byCode.get('HA-QJP-ZJJ')).toMatchObject({ name: '清江浦区住建局', kind: 'department' })
    expect(byCode.get('HA-HY-NYNC')).toMatchObject({ kind: 'sector' })
    expect(byCode.get('HA-KFQ')).toMatchObject({ kind: 'park' })
  })

  it('creates the rooms with their fixed scenes, addresses and unit ancestry', async () => {
    const rooms = await roomModel(app.db).find().lean()
    expect(rooms.map((room) => room.scene).sort()).toEqual(
      DEMO_ROOMS.map((room) => room.scene).sort(),
    )
    const main = rooms.find((room) => room.scene === DEMO_MAIN_ROOM_SCENE)
    const community = await unitModel(app.db).findOne({ code: 'HA-QJP-CX-CX' }).lean()
    expect(main).toMatchObject({ name: '长西社区协商议事室', supportThreshold: 10 })
    expect(main?.address).toContain('长西社区')
    expect(String(main?.unitId)).toBe(String(community?._id))
    expect(main?.unitAncestors.map(String)).toEqual(
      [...(community?.ancestors ?? []), community?._id].map(String),
    )
    for (const room of rooms) expect(room.scene).toMatch(/^[A-Za-z0-9]{4,16}$/)
  })

  it(
    'gives every demo account the openid the fake WeChat returns for its dev code',
    async () => {
      const fake = await startFakeWechat({ port: 0 })
      try {
        for (const account of DEMO_ACCOUNTS) {
          const query = new URLSearchParams({
            appid: fake.appId,
            secret: fake.secret,
            js_code: `dev-${account.key}`,
            grant_type: 'authorization_code',
          })
          const session = (await (
            await fetch(`${fake.baseUrl}/sns/jscode2session?${query}`)
          ).json()) as { openid: string }
          const user = await userModel(app.db).findOne({ demoKey: account.key }).lean()
          expect(user).toMatchObject({ displayName: account.displayName, openid: session.openid })
        }
      } finally {
        await fake.close()
      }
    },
    SLOW_MS,
  )

  it(
    'gives staff a username and an argon2id hash of the demo password, residents neither',
    async () => {
      const users = await userModel(app.db)
        .find({ demoKey: { $exists: true } })
        .lean()
      expect(users).toHaveLength(DEMO_ACCOUNTS.length)
      for (const account of DEMO_ACCOUNTS) {
        const user = users.find((candidate) => candidate.demoKey === account.key)
        if (!account.staff) {
          expect(user?.username).toBeUndefined()
          expect(user?.passwordHash).toBeUndefined()
          continue
        }
        expect(user?.username).toBe(account.key)
        expect(user?.passwordHash).toMatch(/^\$argon2id\$/)
        expect(await verify(user?.passwordHash ?? '', DEMO_PASSWORD)).toBe(true)
        expect(await verify(user?.passwordHash ?? '', 'wrong-password')).toBe(false)
      }
    },
    SLOW_MS,
  )

  it('grants each role in its place and keeps scopeUnitIds in step', async () => {
    const Users = userModel(app.db)
    const main = await roomModel(app.db).findOne({ scene: DEMO_MAIN_ROOM_SCENE }).lean()
    const bureau = await unitModel(app.db).findOne({ code: 'HA-QJP-ZJJ' }).lean()
    const district = await unitModel(app.db).findOne({ code: 'HA-QJP' }).lean()

    const convener = await Users.findOne({ demoKey: 'convener' }).lean()
    expect(convener?.grants).toEqual([
      expect.objectContaining({ role: 'convener', roomId: main?._id }),
    ])
    expect(convener?.scopeUnitIds.map(String)).toContain(String(main?.unitId))

    const member = await Users.findOne({ demoKey: 'member' }).lean()
    expect(member?.grants).toEqual([expect.objectContaining({ role: 'member', roomId: main?._id })])
    expect(member?.scopeUnitIds.map(String)).toEqual([String(main?.unitId)])

    const officer = await Users.findOne({ demoKey: 'officer' }).lean()
    expect(officer?.grants).toEqual([
      expect.objectContaining({ role: 'dept_officer', unitId: bureau?._id }),
    ])
    const office = await Users.findOne({ demoKey: 'office' }).lean()
    expect(office?.grants).toEqual([
      expect.objectContaining({ role: 'office_staff', unitId: district?._id }),
    ])
    const resident = await Users.findOne({ demoKey: 'resident' }).lean()
    expect(resident?.grants).toEqual([])
    expect(resident?.scopeUnitIds.map(String)).toEqual([String(main?.unitId)])
  })

  it('puts the committee member on the main room’s duty rota every day of the week', async () => {
    const member = await userModel(app.db).findOne({ demoKey: 'member' }).lean()
    const main = await roomModel(app.db).findOne({ scene: DEMO_MAIN_ROOM_SCENE }).lean()
    expect(main?.duty.map((slot) => [String(slot.userId), slot.weekday])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => [String(member?._id), weekday]),
    )
  })

  it(
    'lets staff log in with username and the demo password through the password endpoint',
    async () => {
      const reply = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        payload: { username: 'convener', password: DEMO_PASSWORD },
      })
      expect(reply.statusCode).toBe(200)
      expect(reply.json().user).toMatchObject({ displayName: '王主任', isStaff: true })
    },
    SLOW_MS,
  )

  it('shows the main room by its scene with its convener and today’s duty member', async () => {
    const reply = await app.inject({ url: `/api/rooms/by-scene/${DEMO_MAIN_ROOM_SCENE}` })
    expect(reply.statusCode).toBe(200)
    const room = reply.json()
    expect(room.name).toBe('长西社区协商议事室')
    expect(room.path.map((unit: { name: string }) => unit.name)).toEqual([
      '淮安市',
      '清江浦区',
      '长西街道',
      '长西社区',
    ])
    expect(room.conveners).toEqual([expect.objectContaining({ displayName: '王主任' })])
    expect(room.onDutyToday).toEqual([expect.objectContaining({ displayName: '陈委员' })])
  })

  it(
    'runs only once: a restart on the same database does not put back a deleted room',
    async () => {
      await roomModel(app.db).deleteOne({ scene: 'HYNYJB' })
      const before = await counts(app)
      const restarted = await build({ dbName, seeds: demoOnly() })
      expect(await counts(restarted)).toEqual(before)
      expect(await roomModel(app.db).exists({ scene: 'HYNYJB' })).toBeNull()
      const marker = await app.db.collection('meta').findOne({ _id: 'seed:demo-people' as never })
      expect(marker).toMatchObject({ state: 'done' })
    },
    SLOW_MS,
  )

  it(
    'inserts only what is missing when run again by hand',
    async () => {
      const before = await counts(app)
      await seedDemoOrg(app.db)
      await seedDemoPeople(app.db)
      expect(await counts(app)).toEqual({ ...before, rooms: before.rooms + 1 })
      expect(await roomModel(app.db).exists({ scene: 'HYNYJB' })).not.toBeNull()
      const main = await roomModel(app.db).findOne({ scene: DEMO_MAIN_ROOM_SCENE }).lean()
      expect(main?.duty).toHaveLength(7)
    },
    SLOW_MS,
  )
})
