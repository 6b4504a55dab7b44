import { startHarness, stopHarness, failure, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => stopHarness(h))

describe('handshake and admin commands', () => {
  it('reports a standalone server with sessions and wire version 21', async () => {
    const hello = await h.db.admin().command({ hello: 1 })
    expect(hello.isWritablePrimary).toBe(true)
    expect(hello.maxWireVersion).toBe(21)
    expect(hello.logicalSessionTimeoutMinutes).toBe(30)
    expect(hello.setName).toBeUndefined()
    expect(hello.topologyVersion).toBeUndefined()
    const legacy = await h.db.admin().command({ isMaster: 1 })
    expect(legacy.ismaster).toBe(true)
  })

  it('answers ping, buildInfo, serverStatus and whatsmyuri', async () => {
    expect((await h.db.admin().ping()).ok).toBe(1)
    const info = await h.db.admin().command({ buildInfo: 1 })
    expect(info.version).toMatch(/^7\.0\./)
    const status = await h.db.admin().command({ serverStatus: 1 })
    expect(status.connections.current).toBeGreaterThan(0)
    const me = await h.db.admin().command({ whatsmyuri: 1 })
    expect(me.you).toMatch(/:\d+$/)
  })

  it('rejects unknown commands with CommandNotFound', async () => {
    const err = await failure(h.db.command({ frobnicate: 1 }))
    expect(err.code).toBe(59)
    expect(err.codeName).toBe('CommandNotFound')
  })

  it('lists databases that hold collections', async () => {
    await h.client.db('listed').collection('c').insertOne({ a: 1 })
    const { databases } = await h.db.admin().listDatabases()
    expect(databases.map((d) => d.name)).toContain('listed')
  })

  it('answers getParameter for known parameters and rejects unknown ones', async () => {
    const r = await h.db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 })
    expect(r.featureCompatibilityVersion.version).toBe('7.0')
    const err = await failure(h.db.admin().command({ getParameter: 1, noSuchKnob: 1 }))
    expect(err.code).toBe(72)
  })
})
