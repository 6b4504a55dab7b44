import type { App } from '../../../cloud/src/app'
import { SeedRegistry } from '../../../cloud/src/seed/registry'
import { buildUnready } from '../../helpers/build'

/** A seed that counts how often it ran, in the database itself (so both apps see one count). */
function countingRegistry(): SeedRegistry {
  const registry = new SeedRegistry()
  registry.register('counter', async ({ db }) => {
    await db.collection('seed_runs').insertOne({ seed: 'counter', at: new Date() })
  })
  return registry
}

async function runsIn(app: App): Promise<number> {
  return app.db.collection('seed_runs').countDocuments({ seed: 'counter' })
}

describe('demo seeds', () => {
  it('run once when two apps start on the same database at the same time', async () => {
    const dbName = `seed_race_${process.pid}`
    const [a, b] = await Promise.all([
      buildUnready({ dbName, seeds: countingRegistry() }),
      buildUnready({ dbName, seeds: countingRegistry() }),
    ])
    await Promise.all([a.ready(), b.ready()])
    expect(await runsIn(a)).toBe(1)
    const marker = await a.db.collection('meta').findOne({ _id: 'seed:counter' as never })
    expect(marker).toMatchObject({ state: 'done' })
  })

  it('do not run again when the app restarts on a seeded database', async () => {
    const dbName = `seed_restart_${process.pid}`
    const first = await buildUnready({ dbName, seeds: countingRegistry() })
    await first.ready()
    await first.close()
    const second = await buildUnready({ dbName, seeds: countingRegistry() })
    await second.ready()
    expect(await runsIn(second)).toBe(1)
  })

  it('release their claim when they fail, so the next start retries', async () => {
    const dbName = `seed_retry_${process.pid}`
    const failing = new SeedRegistry()
    failing.register('counter', async () => {
      throw new Error('demo file missing')
    })
    const broken = await buildUnready({ dbName, seeds: failing })
    await expect(broken.ready()).rejects.toThrow('demo file missing')
    const fixed = await buildUnready({ dbName, seeds: countingRegistry() })
    await fixed.ready()
    expect(await runsIn(fixed)).toBe(1)
  })
})

describe('SeedRegistry', () => {
  it('refuses the same name twice', () => {
    const registry = new SeedRegistry()
    registry.register('topics', async () => {})
    expect(() => registry.register('topics', async () => {})).toThrow('already registered')
  })

  it('keeps registration order', () => {
    const registry = new SeedRegistry()
    registry.register('rooms', async () => {})
    registry.register('topics', async () => {})
    expect(registry.entries().map(([name]) => name)).toEqual(['rooms', 'topics'])
  })
})
