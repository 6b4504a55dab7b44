import jwt from 'jsonwebtoken'
import type { App } from '../../../cloud/src/app'
import { beijingWeekday } from '../../../cloud/src/plugins/auth'
import { access } from '../../../cloud/src/plugins/route-access'
import {
  signAccessToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from '../../../cloud/src/modules/auth/access-token'
import { sessionModel } from '../../../cloud/src/modules/auth/model'
import { userModel } from '../../../cloud/src/modules/users/model'
import { build } from '../../helpers/build'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
} from '../../helpers/identity'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

/** Test routes: one per kind of declaration, echoing who called. */
async function setup(app: App) {
  app.get('/api/test/user', { config: { access: access.user() } }, async (request) => ({
    userId: request.auth?.userId,
  }))
  app.get('/api/test/public', { config: { access: access.public() } }, async (request) => ({
    signedIn: request.auth !== null,
  }))
  app.get<{ Params: { unitId: string } }>(
    '/api/test/units/:unitId/stats',
    {
      config: {
        access: access.scoped('stats.read', async (request) => ({
          unitId: (request.params as { unitId: string }).unitId,
        })),
      },
    },
    async () => ({ ok: true }),
  )
  app.post<{ Params: { roomId: string } }>(
    '/api/test/rooms/:roomId/reply',
    {
      config: {
        access: access.scoped('topic.reply', async (request) => ({
          roomId: (request.params as { roomId: string }).roomId,
        })),
      },
    },
    async () => ({ ok: true }),
  )
  app.get(
    '/api/test/hotline',
    { config: { access: access.anywhere('hotline.review') } },
    async () => ({ ok: true }),
  )
}

function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}

describe('auth plugin', () => {
  let app: App
  let district: TestUnit
  let town: TestUnit
  let otherTown: TestUnit
  beforeAll(async () => {
    app = await build({ setup })
    district = await createTestUnit(app, '清江浦区', 'district')
    town = await createTestUnit(app, '长东街道', 'town', district)
    otherTown = await createTestUnit(app, '柳树湾街道', 'town', district)
  })

  it('answers 401 UNAUTHENTICATED on a user route without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/user' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })

  it('lets a signed-in user through and tells the handler who it is', async () => {
    const user = await createTestUser(app)
    const res = await app.inject({ method: 'GET', url: '/api/test/user', headers: user.headers })
    expect(res.json()).toEqual({ userId: user.id })
  })

  it('ignores a bad token on a public route but refuses it on a user route', async () => {
    const headers = bearer('not.a.jwt')
    const pub = await app.inject({ method: 'GET', url: '/api/test/public', headers })
    expect(pub.json()).toEqual({ signedIn: false })
    const priv = await app.inject({ method: 'GET', url: '/api/test/user', headers })
    expect(priv.statusCode).toBe(401)
    expect(priv.json().code).toBe('TOKEN_INVALID')
  })

  it('answers 401 TOKEN_EXPIRED for an expired access token', async () => {
    const user = await createTestUser(app)
    const session = await sessionModel(app.db).findOne({ userId: user.id }).lean()
    const expired = signAccessToken(
      app.config.jwt.accessSecret,
      { sub: user.id, fam: String(session?._id) },
      -10,
    )
    const res = await app.inject({ method: 'GET', url: '/api/test/user', headers: bearer(expired) })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('TOKEN_EXPIRED')
  })

  it('answers 401 TOKEN_INVALID for a tampered token, an alg:none token and a foreign signature', async () => {
    const user = await createTestUser(app)
    const [header, payload, signature] = user.token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const other = await createTestUser(app)
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: other.id })).toString('base64url'),
      signature,
    ].join('.')
    const none = jwt.sign(claims, '', { algorithm: 'none' })
    const foreign = jwt.sign({ fam: claims.fam }, 'another-secret-of-sufficient-length!!', {
      algorithm: 'HS256',
      subject: user.id,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 600,
    })
    for (const token of [tampered, none, foreign, `${header}.${payload}.`]) {
      const res = await app.inject({ method: 'GET', url: '/api/test/user', headers: bearer(token) })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('TOKEN_INVALID')
    }
  })

  it('answers ACCOUNT_DISABLED for a token of a user disabled after signing in', async () => {
    const user = await createTestUser(app)
    await userModel(app.db).updateOne({ _id: user.id }, { $set: { disabled: true } })
    const res = await app.inject({ method: 'GET', url: '/api/test/user', headers: user.headers })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ACCOUNT_DISABLED')
  })

  it('allows a scoped permission inside the grant’s subtree and refuses it outside', async () => {
    const staff = await createTestUser(app, { grants: [{ role: 'office_staff', unitId: town.id }] })
    const inside = await app.inject({
      method: 'GET',
      url: `/api/test/units/${town.id}/stats`,
      headers: staff.headers,
    })
    expect(inside.statusCode).toBe(200)
    const village = await createTestUnit(app, '北京新村', 'village', town)
    const below = await app.inject({
      method: 'GET',
      url: `/api/test/units/${village.id}/stats`,
      headers: staff.headers,
    })
    expect(below.statusCode).toBe(200)
    for (const unit of [otherTown, district]) {
      const outside = await app.inject({
        method: 'GET',
        url: `/api/test/units/${unit.id}/stats`,
        headers: staff.headers,
      })
      expect(outside.statusCode).toBe(403)
      expect(outside.json().code).toBe('FORBIDDEN')
    }
  })

  it('refuses an anywhere-permission to a user whose grants never confer it', async () => {
    const resident = await createTestUser(app)
    const res = await app.inject({
      method: 'GET',
      url: '/api/test/hotline',
      headers: resident.headers,
    })
    expect(res.statusCode).toBe(403)
    const staff = await createTestUser(app, { grants: [{ role: 'office_staff', unitId: town.id }] })
    const ok = await app.inject({ method: 'GET', url: '/api/test/hotline', headers: staff.headers })
    expect(ok.statusCode).toBe(200)
  })

  it('gives an attached member topic.reply only on their duty weekday', async () => {
    const today = beijingWeekday(new Date())
    const otherDay = (today % 7) + 1
    const onDuty = await createTestUser(app)
    const offDuty = await createTestUser(app)
    const room = await createTestRoom(app, '长东议事室', town, {
      duty: [
        { userId: onDuty.id, weekday: today },
        { userId: offDuty.id, weekday: otherDay },
      ],
    })
    await userModel(app.db).updateMany(
      { _id: { $in: [onDuty.id, offDuty.id] } },
      { $push: { grants: { role: 'member', roomId: room.id, grantedAt: new Date() } } },
    )
    const reply = (headers: { authorization: string }, roomId = room.id) =>
      app.inject({ method: 'POST', url: `/api/test/rooms/${roomId}/reply`, headers })
    expect((await reply(onDuty.headers)).statusCode).toBe(200)
    expect((await reply(offDuty.headers)).statusCode).toBe(403)
    const elsewhere = await createTestRoom(app, '柳树湾议事室', otherTown, {
      duty: [{ userId: onDuty.id, weekday: today }],
    })
    expect((await reply(onDuty.headers, elsewhere.id)).statusCode).toBe(403)
  })
})
