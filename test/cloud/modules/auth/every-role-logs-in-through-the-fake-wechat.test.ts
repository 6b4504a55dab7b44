/**
 * Every demo account — one per role — logs in the way the mini program does (a `wx.login` code sent to
 * the fake WeChat), gets its own grants back, and only the staff among them pass a room-scoped
 * permission check in the main demo room.
 */
import { demoSeeds } from '../../../../cloud/src/seed'
import {
  DEMO_ACCOUNTS,
  DEMO_MAIN_ROOM_SCENE,
  demoLoginCode,
} from '../../../../cloud/src/seed/demo/accounts'
import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { useFakeWechat } from './fake-wechat-env'

const wechat = useFakeWechat()
let app: App
let roomId: string

/** Roles that run the main room's queue (topic.triage there): its convener, the district office, admin. */
const RUNS_THE_ROOM = new Set(['convener', 'office_staff', 'admin'])

beforeAll(async () => {
  app = await build({ env: wechat.env, seeds: demoSeeds })
  const room = await app.inject({ url: `/api/rooms/by-scene/${DEMO_MAIN_ROOM_SCENE}` })
  expect(room.statusCode).toBe(200)
  roomId = room.json<{ id: string }>().id
})

describe.each(DEMO_ACCOUNTS.map((account) => [account.key, account] as const))(
  'the demo account %s',
  (_key, account) => {
    let token: string

    it('logs in with a WeChat code and gets its name and role back', async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/wechat',
        payload: { code: demoLoginCode(account.key) },
      })
      expect(login.statusCode).toBe(200)
      const body = login.json<{
        accessToken: string
        user: { displayName: string; isStaff: boolean; grants: Array<{ role: string }> }
      }>()
      token = body.accessToken
      expect(body.user.displayName).toBe(account.displayName)
      if (account.role === 'resident') {
        expect(body.user.isStaff).toBe(false)
      } else {
        expect(body.user.grants.map((grant) => grant.role)).toContain(account.role)
      }
    })

    it('sees the main room’s queue only when its role runs that room', async () => {
      const queue = await app.inject({
        url: `/api/rooms/${roomId}/queue`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(queue.statusCode).toBe(RUNS_THE_ROOM.has(account.role) ? 200 : 403)
    })
  },
)
