/**
 * The notifications plugin runs the outbox worker and the scheduler inside the service when
 * NOTIFY_WORKER is on: messages queued by the app reach (the fake) WeChat, and `app.close()` stops
 * both loops — waiting for the work in hand — and leaves no timer running.
 */
import { Types } from 'mongoose'
import { startFakeWechat, type FakeWechat } from '../../../cloud/fake-wechat/index'
import { enqueueNotifications } from '../../../cloud/src/modules/notifications/enqueue'
import { grantModel, scheduledJobModel } from '../../../cloud/src/modules/notifications/model'
import { NotificationRunner } from '../../../cloud/src/modules/notifications/runner'
import { DEV_TEMPLATE_CONFIG } from '../../../shared/notifications/formatters'
import { build, embeddedDb } from '../../helpers/build'
import { createTestUser } from '../../helpers/identity'

jest.setTimeout(60_000)

let fake: FakeWechat

beforeAll(async () => {
  await embeddedDb()
  fake = await startFakeWechat({ port: 0 })
})

afterAll(async () => {
  await fake.close()
})

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('the notifications plugin', () => {
  it('stays off when NOTIFY_WORKER is false', async () => {
    const app = await build()
    expect(app.config.notifications.worker).toBe(false)
    expect(app.notificationRunner).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await scheduledJobModel(app.db).countDocuments()).toBe(0)
    await app.close()
  })

  it('delivers queued messages through WeChat while the app runs, and stops cleanly on close', async () => {
    const app = await build({
      env: {
        NOTIFY_WORKER: 'true',
        NOTIFY_RATE_PER_SECOND: '50',
        WECHAT_APPID: fake.appId,
        WECHAT_SECRET: fake.secret,
        WECHAT_API_BASE: fake.baseUrl,
      },
    })
    expect(app.config.notifications.ratePerSecond).toBe(50)
    const runner = app.notificationRunner
    expect(runner).not.toBeNull()
    const openid = fake.openidFor('plugin-resident')
    const user = await createTestUser(app, { openid })
    const templateId = DEV_TEMPLATE_CONFIG.topic_progress.templateId
    await grantModel(app.db).create({
      userId: new Types.ObjectId(user.id),
      templateId,
      remaining: 1,
      always: null,
      updatedAt: new Date(),
    })
    fake.grant(openid, templateId, 1)
    await enqueueNotifications(app.db, app.config.notifications.templates, {
      kind: 'outcome_published',
      eventKey: 'topic:plugin:outcome',
      recipients: [user.id],
      inApp: { title: '协商成果已发布', body: '供电公司本周开户通电' },
      template: { title: '充电桩不通电', status: '成果已发布', time: new Date(), note: '本周通电' },
      page: 'pages/topic/index?id=plugin',
    })
    runner?.wake()
    await waitFor(() => fake.sent().some((message) => message.touser === openid))
    // The scheduler ran too: this minute's planner slot is done.
    await waitFor(
      async () =>
        (await scheduledJobModel(app.db).countDocuments({ name: 'planner', status: 'done' })) > 0,
    )

    await app.close()
    expect(runner?.stopped).toBe(true)
    expect(runner?.pendingTimers).toBe(0)
    expect(fake.sent().filter((message) => message.touser === openid)).toHaveLength(1)
  })
})

describe('the notification runner', () => {
  it('waits for the job in hand when stopped, then runs nothing more', async () => {
    const app = await build()
    let finished = 0
    let started = 0
    const runner = new NotificationRunner({
      db: app.db,
      wechat: null,
      templates: DEV_TEMPLATE_CONFIG,
      ratePerSecond: 10,
      pollMs: 50,
      handlers: {
        planner: async () => {},
        slow: async () => {
          started += 1
          await new Promise((resolve) => setTimeout(resolve, 500))
          finished += 1
        },
      },
    })
    await runner.scheduler.plan([
      { id: 'slow:1', name: 'slow', runAt: new Date() },
      { id: 'slow:2', name: 'slow', runAt: new Date() },
    ])
    runner.start()
    await waitFor(() => started === 1)
    await runner.stop()
    expect(finished).toBe(1)
    expect(await scheduledJobModel(app.db).findById('slow:1').lean()).toMatchObject({
      status: 'done',
    })
    expect(await scheduledJobModel(app.db).findById('slow:2').lean()).toMatchObject({
      status: 'pending',
      attempts: 0,
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(started).toBe(1)
    await app.close()
  })

  it('keeps polling after a failing step instead of dying', async () => {
    const app = await build()
    const errors: string[] = []
    let calls = 0
    const runner = new NotificationRunner({
      db: app.db,
      wechat: null,
      templates: DEV_TEMPLATE_CONFIG,
      ratePerSecond: 10,
      pollMs: 20,
      log: { info: () => {}, warn: () => {}, error: (_obj, msg) => void errors.push(msg) },
      handlers: { planner: async () => {} },
    })
    const tick = runner.scheduler.tick.bind(runner.scheduler)
    runner.scheduler.tick = async (shouldStop) => {
      calls += 1
      if (calls <= 2) throw new Error('database unreachable')
      return tick(shouldStop)
    }
    runner.start()
    await waitFor(() => calls >= 4)
    await runner.stop()
    expect(errors.filter((msg) => msg === 'notifications loop failed')).toHaveLength(2)
    await app.close()
  })
})
