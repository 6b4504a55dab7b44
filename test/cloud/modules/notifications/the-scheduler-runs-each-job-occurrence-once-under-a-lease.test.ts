/**
 * The lease scheduler on its own (`scheduler.ts`), with test handlers and a clock the test moves:
 * planning is idempotent, a claim is exclusive, a throwing job is retried with backoff and then
 * given up on, a dead instance's job is taken over once its lease runs out.
 */
import type { App } from '../../../../cloud/src/app'
import { scheduledJobModel } from '../../../../cloud/src/modules/notifications/model'
import {
  Scheduler,
  type JobHandler,
  type SchedulerOptions,
} from '../../../../cloud/src/modules/notifications/scheduler'
import { DEV_TEMPLATE_CONFIG } from '../../../../shared/notifications/formatters'
import { build } from '../../../helpers/build'

jest.setTimeout(60_000)

const T0 = new Date('2026-03-04T01:30:00.000Z')
const MINUTE = 60_000

let app: App
let now: Date

beforeAll(async () => {
  app = await build()
})

beforeEach(async () => {
  now = T0
  await scheduledJobModel(app.db).deleteMany({})
})

function scheduler(
  handlers: Record<string, JobHandler>,
  options: Partial<SchedulerOptions> = {},
): Scheduler {
  return new Scheduler({
    db: app.db,
    templates: DEV_TEMPLATE_CONFIG,
    // The planner is another test's subject: here it does nothing.
    handlers: { planner: async () => {}, ...handlers },
    clock: () => now,
    retryBaseMs: MINUTE,
    ...options,
  })
}

async function job(id: string) {
  return scheduledJobModel(app.db).findById(id).lean()
}

describe('the scheduler', () => {
  it('creates a job planned twice once, and runs it once', async () => {
    let runs = 0
    const s = scheduler({ count: async () => void (runs += 1) })
    const planned = { id: 'count:1', name: 'count', runAt: T0 }
    expect(await s.plan([planned])).toBe(1)
    expect(await s.plan([planned, { ...planned, runAt: new Date(T0.getTime() + MINUTE) }])).toBe(0)
    expect(await scheduledJobModel(app.db).countDocuments({ name: 'count' })).toBe(1)
    await s.tick()
    await s.tick()
    expect(runs).toBe(1)
    expect(await job('count:1')).toMatchObject({ status: 'done', attempts: 1, leaseOwner: null })
  })

  it('does not run a job before its time', async () => {
    let runs = 0
    const s = scheduler({ later: async () => void (runs += 1) })
    await s.plan([{ id: 'later:1', name: 'later', runAt: new Date(T0.getTime() + 10 * MINUTE) }])
    await s.tick()
    expect(runs).toBe(0)
    now = new Date(T0.getTime() + 10 * MINUTE)
    await s.tick()
    expect(runs).toBe(1)
  })

  it('gives each of many due jobs to exactly one of two racing instances', async () => {
    const ranBy: Record<string, string[]> = {}
    const handler =
      (owner: string): JobHandler =>
      async (_ctx, doc) => {
        ;(ranBy[doc._id] ??= []).push(owner)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    const a = scheduler({ work: handler('a') }, { owner: 'a' })
    const b = scheduler({ work: handler('b') }, { owner: 'b' })
    const ids = Array.from({ length: 30 }, (_, i) => `work:${i}`)
    await a.plan(ids.map((id) => ({ id, name: 'work', runAt: T0 })))
    const [byA, byB] = await Promise.all([a.runDue(), b.runDue()])
    expect(byA + byB).toBe(30)
    expect(Object.keys(ranBy).sort()).toEqual([...ids].sort())
    expect(Object.values(ranBy).every((owners) => owners.length === 1)).toBe(true)
    expect(await scheduledJobModel(app.db).countDocuments({ status: 'done', attempts: 1 })).toBe(30)
  })

  it('retries a job that throws, after a backoff, until it succeeds', async () => {
    let calls = 0
    const s = scheduler({
      flaky: async () => {
        calls += 1
        if (calls === 1) throw new Error('database hiccup')
      },
    })
    await s.plan([{ id: 'flaky:1', name: 'flaky', runAt: T0 }])
    await s.tick()
    expect(await job('flaky:1')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'database hiccup',
      runAt: new Date(T0.getTime() + MINUTE),
    })
    await s.tick() // still backing off
    expect(calls).toBe(1)
    now = new Date(T0.getTime() + MINUTE)
    await s.tick()
    expect(calls).toBe(2)
    expect(await job('flaky:1')).toMatchObject({ status: 'done', attempts: 2, lastError: null })
  })

  it('fails a job for good once its attempts are used up, keeping the last error', async () => {
    const s = scheduler(
      {
        broken: async () => {
          throw new Error('template missing')
        },
      },
      { maxAttempts: 2 },
    )
    await s.plan([{ id: 'broken:1', name: 'broken', runAt: T0 }])
    await s.tick()
    now = new Date(T0.getTime() + 10 * MINUTE)
    await s.tick()
    expect(await job('broken:1')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'template missing',
    })
    now = new Date(T0.getTime() + 60 * MINUTE)
    await s.tick()
    expect((await job('broken:1'))?.attempts).toBe(2)
  })

  it('fails a job nobody can run instead of retrying it', async () => {
    const s = scheduler({})
    await s.plan([{ id: 'ghost:1', name: 'ghost', runAt: T0 }])
    await s.tick()
    expect(await job('ghost:1')).toMatchObject({
      status: 'failed',
      lastError: 'no handler for job "ghost"',
    })
  })

  it('takes over a job whose instance died once its lease runs out, and only then', async () => {
    let runs = 0
    const dead = scheduler({ slow: async () => {} }, { owner: 'dead', leaseMs: 5 * MINUTE })
    await dead.plan([{ id: 'slow:1', name: 'slow', runAt: T0 }])
    // The dead instance claimed it and never finished (killed mid-run).
    expect((await dead.claim())?._id).toBe('slow:1')
    const alive = scheduler({ slow: async () => void (runs += 1) }, { owner: 'alive' })
    now = new Date(T0.getTime() + 4 * MINUTE)
    await alive.tick()
    expect(runs).toBe(0)
    expect(await job('slow:1')).toMatchObject({ status: 'running', leaseOwner: 'dead' })
    now = new Date(T0.getTime() + 6 * MINUTE)
    await alive.tick()
    expect(runs).toBe(1)
    expect(await job('slow:1')).toMatchObject({ status: 'done', attempts: 2, leaseOwner: null })
  })

  it('gives up on a job that keeps killing its instances', async () => {
    const s = scheduler({ poison: async () => {} }, { leaseMs: MINUTE, maxAttempts: 2 })
    await s.plan([{ id: 'poison:1', name: 'poison', runAt: T0 }])
    await s.claim() // attempt 1: the instance dies
    now = new Date(T0.getTime() + 2 * MINUTE)
    await s.claim() // attempt 2: dies again
    now = new Date(T0.getTime() + 4 * MINUTE)
    await s.tick()
    expect(await job('poison:1')).toMatchObject({ status: 'failed', attempts: 3 })
    expect((await job('poison:1'))?.lastError).toMatch(/gave up after 2 attempts/)
  })

  it('plans one planner job per minute slot, run by one of two instances', async () => {
    const slots: string[] = []
    const planner: JobHandler = async (_ctx, doc) => void slots.push(doc._id)
    const a = scheduler({ planner }, { owner: 'a' })
    const b = scheduler({ planner }, { owner: 'b' })
    await Promise.all([a.tick(), b.tick()])
    now = new Date(T0.getTime() + 30_000)
    await Promise.all([a.tick(), b.tick()])
    now = new Date(T0.getTime() + MINUTE)
    await Promise.all([a.tick(), b.tick()])
    expect(slots.sort()).toEqual(['planner:2026-03-04T01:30', 'planner:2026-03-04T01:31'])
  })
})
