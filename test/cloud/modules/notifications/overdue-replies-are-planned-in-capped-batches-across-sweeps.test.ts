/**
 * The hourly sweep plans reply-overdue notices in capped batches: never more than the batch per
 * sweep, the rest at the next sweeps (from the carry the previous sweep left), each topic and due
 * date once — and a topic whose deadline was moved into the past behind the walk is still told.
 * The real planner and jobs, through a scheduler whose clock the test sets, with a batch of 2.
 * T0 is Wednesday 2026-03-04 09:30 Beijing time.
 */
import type { App } from '../../../../cloud/src/app'
import { JOB_HANDLERS } from '../../../../cloud/src/modules/notifications/jobs/index'
import { sweepWith, SWEEP_JOB } from '../../../../cloud/src/modules/notifications/jobs/planner'
import {
  notificationModel,
  scheduledJobModel,
} from '../../../../cloud/src/modules/notifications/model'
import { Scheduler } from '../../../../cloud/src/modules/notifications/scheduler'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { DEV_TEMPLATE_CONFIG } from '../../../../shared/notifications/formatters'
import { build } from '../../../helpers/build'
import { createTestTopic } from '../../../helpers/topics'
import { at, DAY, HOUR, scheduledWorld, T0, type ScheduledWorld } from './fixtures/scheduled-world'

jest.setTimeout(90_000)

let app: App
let w: ScheduledWorld
let now: Date
let scheduler: Scheduler

beforeEach(async () => {
  app = await build()
  w = await scheduledWorld(app)
  const quiet = { info: () => {}, warn: () => {}, error: () => {} }
  scheduler = new Scheduler({
    db: app.db,
    templates: DEV_TEMPLATE_CONFIG,
    handlers: {
      ...JOB_HANDLERS,
      [SWEEP_JOB]: sweepWith({ replyOverdue: { batch: 2, recheck: 3 } }),
    },
    clock: () => now,
    log: quiet,
  })
})

afterEach(async () => {
  await app.close()
})

async function sweepAt(time: Date): Promise<void> {
  now = time
  await scheduler.tick()
}

async function lateTopic(title: string, replyDueAt: Date): Promise<string> {
  const topic = await createTestTopic(app, {
    room: w.room,
    unit: w.village,
    authorId: w.residents[0].id,
    state: 'screening',
    title,
    replyDueAt,
    createdAt: new Date(replyDueAt.getTime() - 5 * DAY),
  })
  return String(topic._id)
}

/** Titles of the topics the convener was told about, sorted. */
async function told(): Promise<string[]> {
  const rows = await notificationModel(app.db)
    .find({ kind: 'topic_status', userId: w.convener.id })
    .lean()
  return rows.map((row) => row.title.replace('答复超期：', '')).sort()
}

async function planned(): Promise<number> {
  return scheduledJobModel(app.db).countDocuments({ name: 'reply-overdue' })
}

it('tells conveners of a backlog of overdue topics a batch per sweep, each once', async () => {
  for (const [i, daysLate] of [5, 4, 3, 2, 1].entries()) {
    await lateTopic(`超期议题${i + 1}`, at(-daysLate * DAY))
  }
  await lateTopic('未到期议题', at(DAY))

  await sweepAt(T0)
  expect(await planned()).toBe(2)
  expect(await told()).toEqual(['超期议题1', '超期议题2'])

  await sweepAt(at(HOUR))
  expect(await planned()).toBe(4)
  expect(await told()).toEqual(['超期议题1', '超期议题2', '超期议题3', '超期议题4'])

  await sweepAt(at(2 * HOUR))
  expect(await planned()).toBe(5)
  const all = ['超期议题1', '超期议题2', '超期议题3', '超期议题4', '超期议题5']
  expect(await told()).toEqual(all)

  // Nothing new: later sweeps plan nothing and tell nobody twice.
  await sweepAt(at(3 * HOUR))
  await sweepAt(at(4 * HOUR))
  expect(await planned()).toBe(5)
  expect(await told()).toEqual(all)
  const sweeps = await scheduledJobModel(app.db).countDocuments({ name: SWEEP_JOB, status: 'done' })
  expect(sweeps).toBe(5)

  // The not-yet-due topic is told once its deadline has passed.
  await sweepAt(at(DAY + HOUR))
  expect(await told()).toEqual([...all, '未到期议题'].sort())
})

it('still tells of a topic whose deadline was moved into the past behind the walk', async () => {
  await lateTopic('早已超期', at(-3 * DAY))
  await lateTopic('刚超期', at(-HOUR))
  await sweepAt(T0)
  expect(await told()).toEqual(['刚超期', '早已超期'])

  // A late research reply sets the deadline from the receipt date: already past, and earlier than
  // every topic the walk has passed.
  const moved = await lateTopic('补充研究', at(10 * DAY))
  await topicModel(app.db).updateOne(
    { _id: moved },
    { $set: { state: 'researching', replyDueAt: at(-5 * DAY) } },
  )
  await sweepAt(at(HOUR))
  await sweepAt(at(2 * HOUR))
  expect(await told()).toEqual(['刚超期', '早已超期', '补充研究'])
  expect(await planned()).toBe(3)
})
