import { WechatError } from '../../../cloud/src/wechat/errors'
import { createTokenManager, type FetchedToken } from '../../../cloud/src/wechat/token-manager'
import { MemoryTokenStore } from '../../../cloud/src/wechat/token-store'

const APP = 'wxapp'

function setup(store = new MemoryTokenStore(), owner = 'me', waitMs = 200) {
  let now = 1_000_000
  const fetches: boolean[] = []
  let respond: (force: boolean) => FetchedToken = () => ({ token: 'T1', expiresInSec: 7200 })
  const manager = createTokenManager({
    appId: APP,
    store,
    ownerId: owner,
    now: () => now,
    pollMs: 10,
    waitMs,
    async fetchToken(force) {
      fetches.push(force)
      return respond(force)
    },
  })
  return {
    manager,
    store,
    fetches,
    advance: (ms: number) => (now += ms),
    now: () => now,
    willReturn: (t: FetchedToken | ((force: boolean) => FetchedToken)) =>
      (respond = typeof t === 'function' ? t : () => t),
  }
}

describe('token manager', () => {
  it('keeps using a still-valid token while another instance holds the refresh lease', async () => {
    const t = setup()
    await t.store.write(APP, { token: 'OLD', expiresAt: t.now() + 60_000, refreshAt: t.now() - 1 })
    await t.store.tryLease(APP, 'other', 15_000, t.now())
    await expect(t.manager.getToken()).resolves.toBe('OLD')
    expect(t.fetches).toEqual([])
  })

  it('waits for the other instance when no valid token is left, then uses its token', async () => {
    const t = setup(new MemoryTokenStore(), 'me', 5_000)
    await t.store.tryLease(APP, 'other', 15_000, t.now())
    setTimeout(() => {
      void t.store.write(APP, {
        token: 'THEIRS',
        expiresAt: t.now() + 7200_000,
        refreshAt: t.now() + 6900_000,
      })
    }, 40)
    await expect(t.manager.getToken()).resolves.toBe('THEIRS')
    expect(t.fetches).toEqual([])
  })

  it('takes over the refresh when the lease holder died and its lease ran out', async () => {
    const t = setup()
    await t.store.tryLease(APP, 'other', 15_000, t.now())
    t.advance(15_001)
    await expect(t.manager.getToken()).resolves.toBe('T1')
    expect(t.fetches).toEqual([false])
  })

  it('gives up with WECHAT_BUSY when nobody produces a token within the wait', async () => {
    const t = setup()
    await t.store.tryLease(APP, 'other', 15_000, t.now())
    const err = await t.manager.getToken().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WechatError)
    expect((err as WechatError).code).toBe('WECHAT_BUSY')
  })

  it('releases the lease when the refresh fails', async () => {
    const store = new MemoryTokenStore()
    const manager = createTokenManager({
      appId: APP,
      store,
      ownerId: 'me',
      now: () => 0,
      fetchToken: () => Promise.reject(new WechatError('WECHAT_BUSY', 'stable_token')),
    })
    await expect(manager.getToken()).rejects.toThrow(WechatError)
    await expect(store.tryLease(APP, 'other', 1000, 0)).resolves.toBe(true)
  })

  it('refreshes at half-life for tokens shorter than the refresh-ahead window', async () => {
    const t = setup()
    t.willReturn({ token: 'SHORT', expiresInSec: 60 })
    await t.manager.getToken()
    t.advance(29_000)
    await t.manager.getToken()
    expect(t.fetches).toHaveLength(1)
    t.advance(2_000)
    await t.manager.getToken()
    expect(t.fetches).toHaveLength(2)
  })

  it('forces a refresh only when normal mode returns the rejected token, once per 30 s across instances', async () => {
    const store = new MemoryTokenStore()
    const a = setup(store, 'a')
    const b = setup(store, 'b')
    await expect(a.manager.getToken()).resolves.toBe('T1')
    // WeChat rejected T1 but normal mode still hands it out; only force_refresh yields a new one.
    const wechat = (force: boolean) => ({ token: force ? 'T2' : 'T1', expiresInSec: 7200 })
    a.willReturn(wechat)
    await expect(a.manager.replaceRejected('T1')).resolves.toBe('T2')
    expect(a.fetches).toEqual([false, false, true])
    // Another instance sees T2 rejected too, within 30 s of the force: no second force refresh.
    b.willReturn({ token: 'T2', expiresInSec: 7200 })
    const err = await b.manager.replaceRejected('T2').catch((e: unknown) => e)
    expect((err as WechatError).code).toBe('WECHAT_TOKEN_INVALID')
    expect(b.fetches).toEqual([false])
    // A rejected token that normal mode replaces needs no force refresh at all.
    b.willReturn({ token: 'T3', expiresInSec: 7200 })
    await expect(b.manager.replaceRejected('T2')).resolves.toBe('T3')
    expect(b.fetches).toEqual([false, false])
  })
})
