import type { App } from '../../../../cloud/src/app'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { hashPassword } from '../../../../cloud/src/modules/auth/password'
import { userModel } from '../../../../cloud/src/modules/users/model'
import { build } from '../../../helpers/build'

// Each test builds an app on a fresh database; a busy CI machine needs more than jest's 5 s.
jest.setTimeout(30_000)

const PASSWORD = 'correct horse battery'

async function createStaff(app: App, username: string, extra: Record<string, unknown> = {}) {
  const user = await userModel(app.db).create({
    displayName: `工作人员 ${username}`,
    username,
    passwordHash: await hashPassword(PASSWORD),
    ...extra,
  })
  return String(user._id)
}

function passwordLogin(app: App, username: string, password: string) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/password',
    payload: { username, password },
  })
}

describe('POST /api/auth/password', () => {
  it('signs staff in with username and password and audits the login', async () => {
    const app = await build()
    const id = await createStaff(app, 'officer.zhang')
    const res = await passwordLogin(app, 'Officer.Zhang ', PASSWORD)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ user: { id }, expiresIn: 900 })
    expect(res.body).not.toContain('passwordHash')
    const me = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${res.json().accessToken}` },
    })
    expect(me.json().id).toBe(id)
    const audit = await auditModel(app.db).find({ action: 'auth.password_login' }).lean()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ target: { kind: 'user', id } })
    expect(String(audit[0].actorId)).toBe(id)
  })

  it('answers BAD_CREDENTIALS alike for a wrong password and an unknown user, auditing both', async () => {
    const app = await build()
    const id = await createStaff(app, 'officer.li')
    const wrong = await passwordLogin(app, 'officer.li', 'not the password')
    const unknown = await passwordLogin(app, 'nobody.here', PASSWORD)
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ code: 'BAD_CREDENTIALS', message: '用户名或密码错误' })
    }
    const failures = await auditModel(app.db)
      .find({ action: 'auth.password_login_failed' })
      .sort({ at: 1 })
      .lean()
    expect(failures.map((entry) => entry.target)).toEqual([
      { kind: 'user', id },
      { kind: 'username', id: 'nobody.here' },
    ])
    expect(JSON.stringify(failures)).not.toContain('not the password')
  })

  it('locks the account after 5 failures, even against the right password, and unlocks after 15 minutes', async () => {
    const app = await build()
    const id = await createStaff(app, 'convener.wu')
    const codes: string[] = []
    for (let i = 0; i < 5; i++) {
      codes.push((await passwordLogin(app, 'convener.wu', `wrong-${i}`)).json().code)
    }
    expect(codes).toEqual([
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'BAD_CREDENTIALS',
      'ACCOUNT_LOCKED',
    ])
    const locked = await passwordLogin(app, 'convener.wu', PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().code).toBe('ACCOUNT_LOCKED')
    expect(await auditModel(app.db).countDocuments({ action: 'auth.password_login_failed' })).toBe(
      6,
    )

    // The lock is in the database (shared by every instance): move it into the past.
    const past = new Date(Date.now() - 16 * 60_000)
    await userModel(app.db).updateOne(
      { _id: id },
      { $set: { 'failedLogins.lockedUntil': past, 'failedLogins.firstAt': past } },
    )
    const ok = await passwordLogin(app, 'convener.wu', PASSWORD)
    expect(ok.statusCode).toBe(200)
    const user = await userModel(app.db).findById(id).lean()
    expect(user?.failedLogins).toBeUndefined()
  })

  it('forgets earlier failures after a successful login', async () => {
    const app = await build()
    await createStaff(app, 'staff.qian')
    for (let i = 0; i < 4; i++) await passwordLogin(app, 'staff.qian', 'wrong')
    expect((await passwordLogin(app, 'staff.qian', PASSWORD)).statusCode).toBe(200)
    const next = await passwordLogin(app, 'staff.qian', 'wrong')
    expect(next.json().code).toBe('BAD_CREDENTIALS')
  })

  it('refuses a disabled account with ACCOUNT_DISABLED once the password is right', async () => {
    const app = await build()
    await createStaff(app, 'gone.sun', { disabled: true })
    expect((await passwordLogin(app, 'gone.sun', 'wrong')).json().code).toBe('BAD_CREDENTIALS')
    const res = await passwordLogin(app, 'gone.sun', PASSWORD)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ACCOUNT_DISABLED')
  })

  it('answers BAD_CREDENTIALS for a WeChat-only account that has no password', async () => {
    const app = await build()
    await userModel(app.db).create({ displayName: '居民', username: 'resident.only' })
    const res = await passwordLogin(app, 'resident.only', 'anything at all')
    expect(res.json().code).toBe('BAD_CREDENTIALS')
  })

  it('limits each client IP to 10 attempts a minute', async () => {
    const app = await build()
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      statuses.push((await passwordLogin(app, `guess${i}`, 'guess')).statusCode)
    }
    expect(statuses).toEqual(Array(10).fill(401))
    const last = await passwordLogin(app, 'guess', 'guess')
    expect(last.statusCode).toBe(429)
    expect(last.json().code).toBe('RATE_LIMITED')
  })

  it('rejects malformed bodies with VALIDATION_FAILED', async () => {
    const app = await build()
    for (const payload of [{}, { username: 'a' }, { username: '', password: 'x' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/password', payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
  })
})
