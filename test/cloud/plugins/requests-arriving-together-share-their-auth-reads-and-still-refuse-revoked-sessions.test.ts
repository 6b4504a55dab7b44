import type { App } from '../../../cloud/src/app'
import { signAccessToken } from '../../../cloud/src/modules/auth/access-token'
import { sessionModel } from '../../../cloud/src/modules/auth/model'
import { userModel } from '../../../cloud/src/modules/users/model'
import { batchedLookup } from '../../../cloud/src/plugins/batched-lookup'
import { build } from '../../helpers/build'
import { createTestUser, type TestUser } from '../../helpers/identity'

jest.setTimeout(60_000)

function familyOf(user: TestUser): string {
  const payload = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString())
  return payload.fam as string
}

describe('auth reads shared by concurrent requests', () => {
  let app: App

  beforeAll(async () => {
    app = await build({ env: { RATE_LIMIT_MAX: '100000' } })
  })

  afterAll(async () => {
    await app.close()
  })

  const me = (user: TestUser) =>
    app.inject({ method: 'GET', url: '/api/me', headers: user.headers })

  it('answers each of 40 requests arriving together for its own user, revoked and disabled ones refused', async () => {
    const users = await Promise.all(Array.from({ length: 40 }, () => createTestUser(app)))
    const revoked = users[7]
    const disabled = users[23]
    await sessionModel(app.db).updateOne(
      { _id: familyOf(revoked) },
      { $set: { revokedAt: new Date(), revokedReason: 'logout' } },
    )
    await userModel(app.db).updateOne({ _id: disabled.id }, { $set: { disabled: true } })
    const responses = await Promise.all(users.map(me))
    responses.forEach((res, i) => {
      if (i === 7) expect(res.json().code).toBe('SESSION_REVOKED')
      else if (i === 23) expect(res.json().code).toBe('ACCOUNT_DISABLED')
      else expect([res.statusCode, res.json().id]).toEqual([200, users[i].id])
    })
  })

  it('refuses a session revoked between two requests at once (nothing is cached)', async () => {
    const user = await createTestUser(app)
    expect((await me(user)).statusCode).toBe(200)
    await sessionModel(app.db).updateOne(
      { _id: familyOf(user) },
      { $set: { revokedAt: new Date(), revokedReason: 'logout' } },
    )
    const after = await me(user)
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('SESSION_REVOKED')
  })

  it('shares one query among callers asking at once and reads again for later callers', async () => {
    const asked: string[][] = []
    const lookup = batchedLookup(
      async (ids: string[]) => {
        asked.push([...ids].sort())
        return ids.filter((id) => id !== 'missing').map((id) => ({ id, at: asked.length }))
      },
      (row) => row.id,
    )
    const [a, b, c] = await Promise.all([lookup(['x']), lookup(['y', 'x']), lookup(['missing'])])
    expect(asked).toEqual([['missing', 'x', 'y']])
    expect([...a.keys()]).toEqual(['x'])
    expect([...b.keys()].sort()).toEqual(['x', 'y'])
    expect(c.size).toBe(0)
    const again = await lookup(['x'])
    expect(again.get('x')?.at).toBe(2)
  })

  it('refuses a token whose session belongs to someone else even when both are read together', async () => {
    const owner = await createTestUser(app)
    const other = await createTestUser(app)
    // A session of `owner` presented in a token claiming to be `other`.
    const forged = signAccessToken(app.config.jwt.accessSecret, {
      sub: other.id,
      fam: familyOf(owner),
    })
    const [mixed, fine] = await Promise.all([
      app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${forged}` } }),
      me(owner),
    ])
    expect(mixed.json().code).toBe('TOKEN_INVALID')
    expect(fine.statusCode).toBe(200)
  })
})
