import type { App } from '../../../../cloud/src/app'
import { sessionModel } from '../../../../cloud/src/modules/auth/model'
import { hashRefreshToken } from '../../../../cloud/src/modules/auth/sessions'
import { userModel } from '../../../../cloud/src/modules/users/model'
import { build } from '../../../helpers/build'
import { useFakeWechat } from './fake-wechat-env'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const wechat = useFakeWechat()

interface Tokens {
  accessToken: string
  refreshToken: string
  user: { id: string }
}

async function loginAs(app: App, name: string): Promise<Tokens> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/wechat',
    payload: { code: wechat.fake.issueLoginCode(name) },
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

function refresh(app: App, refreshToken: unknown) {
  return app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } })
}

function me(app: App, accessToken: string) {
  return app.inject({
    method: 'GET',
    url: '/api/me',
    headers: { authorization: `Bearer ${accessToken}` },
  })
}

describe('POST /api/auth/refresh', () => {
  let app: App
  beforeAll(async () => {
    app = await build({ env: wechat.env })
  })

  it('rotates the refresh token and issues a working access token of the same family', async () => {
    const login = await loginAs(app, 'rita')
    const res = await refresh(app, login.refreshToken)
    expect(res.statusCode).toBe(200)
    const next: Tokens = res.json()
    expect(next.refreshToken).not.toBe(login.refreshToken)
    expect(next.refreshToken.split('.')[0]).toBe(login.refreshToken.split('.')[0])
    expect(next.user.id).toBe(login.user.id)
    expect((await me(app, next.accessToken)).statusCode).toBe(200)

    const session = await sessionModel(app.db).findById(login.refreshToken.split('.')[0]).lean()
    expect(session?.tokenHash).toBe(
      hashRefreshToken(app.config.jwt.refreshSecret, next.refreshToken),
    )
    expect(session?.previousHashes).toEqual([
      hashRefreshToken(app.config.jwt.refreshSecret, login.refreshToken),
    ])
  })

  it('revokes the whole family when an old refresh token is replayed', async () => {
    const login = await loginAs(app, 'sam')
    const stolen = login.refreshToken
    const second: Tokens = (await refresh(app, stolen)).json()
    const third: Tokens = (await refresh(app, second.refreshToken)).json()
    expect((await me(app, third.accessToken)).statusCode).toBe(200)

    const replay = await refresh(app, stolen)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().code).toBe('REFRESH_TOKEN_REUSED')

    const newest = await refresh(app, third.refreshToken)
    expect(newest.statusCode).toBe(401)
    expect(['SESSION_REVOKED', 'REFRESH_TOKEN_INVALID']).toContain(newest.json().code)
    const access = await me(app, third.accessToken)
    expect(access.statusCode).toBe(401)
    expect(access.json().code).toBe('SESSION_REVOKED')
    const session = await sessionModel(app.db).findById(stolen.split('.')[0]).lean()
    expect(session?.revokedReason).toBe('reuse')
  })

  it('lets only one of two concurrent uses of the same refresh token succeed', async () => {
    const login = await loginAs(app, 'tina')
    const results = await Promise.all([
      refresh(app, login.refreshToken),
      refresh(app, login.refreshToken),
    ])
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
  })

  it('answers REFRESH_TOKEN_INVALID for malformed, unknown and forged tokens', async () => {
    const login = await loginAs(app, 'uma')
    const family = login.refreshToken.split('.')[0]
    for (const token of [
      'garbage',
      `${family}.short`,
      `${'0'.repeat(24)}.${'A'.repeat(43)}`,
      `${family}.${'A'.repeat(43)}`,
    ]) {
      const res = await refresh(app, token)
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('REFRESH_TOKEN_INVALID')
    }
    // A forged token for the family does not revoke it.
    expect((await refresh(app, login.refreshToken)).statusCode).toBe(200)
  })

  it('answers REFRESH_TOKEN_INVALID once the family has reached its 30-day end', async () => {
    const login = await loginAs(app, 'vera')
    await sessionModel(app.db).updateOne(
      { _id: login.refreshToken.split('.')[0] },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    )
    const res = await refresh(app, login.refreshToken)
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('refuses to refresh for a user who was disabled meanwhile', async () => {
    const login = await loginAs(app, 'walt')
    await userModel(app.db).updateOne({ _id: login.user.id }, { $set: { disabled: true } })
    const res = await refresh(app, login.refreshToken)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ACCOUNT_DISABLED')
  })

  it('rejects a body without a refresh token with VALIDATION_FAILED', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: {} })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('VALIDATION_FAILED')
  })
})

describe('POST /api/auth/logout', () => {
  let app: App
  beforeAll(async () => {
    app = await build({ env: wechat.env })
  })

  it('ends the session: its access and refresh tokens stop working, other sessions do not', async () => {
    const phone = await loginAs(app, 'xena')
    const laptop = await loginAs(app, 'xena')
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${phone.accessToken}` },
    })
    expect(res.statusCode).toBe(204)
    expect((await me(app, phone.accessToken)).json().code).toBe('SESSION_REVOKED')
    const again = await refresh(app, phone.refreshToken)
    expect(again.statusCode).toBe(401)
    expect(again.json().code).toBe('SESSION_REVOKED')
    expect((await me(app, laptop.accessToken)).statusCode).toBe(200)
  })

  it('answers 401 UNAUTHENTICATED without an access token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })
})
