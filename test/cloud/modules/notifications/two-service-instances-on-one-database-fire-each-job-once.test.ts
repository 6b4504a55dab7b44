/**
 * Two service instances (two apps, NOTIFY_WORKER on) on ONE database and one fake WeChat, started
 * at the same moment: each planned job — a meeting reminder for a meeting 23 h ahead, yesterday's
 * digest, every planner slot — runs exactly once, and each message reaches WeChat exactly once.
 */
import { Types } from 'mongoose'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import type { App } from '../../../../cloud/src/app'
import {
  grantModel,
  notificationModel,
  outboxModel,
  prefsModel,
  scheduledJobModel,
} from '../../../../cloud/src/modules/notifications/model'
import { beijingClock, beijingDate } from '../../../../cloud/src/modules/notifications/jobs/shared'
import { Scheduler } from '../../../../cloud/src/modules/notifications/scheduler'
import { JOB_HANDLERS } from '../../../../cloud/src/modules/notifications/jobs/index'
import { DEV_TEMPLATE_CONFIG } from '../../../../shared/notifications/formatters'
import { build, buildUnready } from '../../../helpers/build'
import { createTestUser, type TestUser } from '../../../helpers/identity'
import { insertMeeting, scheduledWorld } from './fixtures/scheduled-world'

jest.setTimeout(120_000)

const DAY = 24 * 3600_000
const MEETING_TEMPLATE = DEV_TEMPLATE_CONFIG.meeting.templateId
const TOPIC_TEMPLATE = DEV_TEMPLATE_CONFIG.topic_progress.templateId

let fake: FakeWechat

beforeAll(async () => {
  fake = await startFakeWechat({ port: 0 })
})

afterAll(async () => {
  await fake.close()
})

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Gives the user an openid and one grant for the template, in our records and in the fake. */
async function subscribe(app: App, user: TestUser, name: string, templateId: string) {
  const openid = fake.openidFor(name)
  await app.db
    .collection('users')
    .updateOne({ _id: new Types.ObjectId(user.id) }, { $set: { openid } })
  await grantModel(app.db).create({
    userId: new Types.ObjectId(user.id),
    templateId,
    remaining: 1,
    always: null,
    updatedAt: new Date(),
  })
  fake.grant(openid, templateId, 1)
  return openid
}

it('fires each scheduled job once and sends each message once', async () => {
  const dbName = `two_instances_${process.pid}`
  const seeder = await build({ dbName })
  const w = await scheduledWorld(seeder)
  const [invitee, reader] = w.residents
  const inviteeOpenid = await subscribe(seeder, invitee, 'invitee', MEETING_TEMPLATE)
  const officerOpenid = await subscribe(seeder, w.housingOfficer, 'officer', MEETING_TEMPLATE)
  const readerOpenid = await subscribe(seeder, reader, 'reader', TOPIC_TEMPLATE)
  const startsAt = new Date(Date.now() + 23 * 3600_000)
  const meetingId = await insertMeeting(seeder, w, startsAt, [
    { userId: invitee.id, rsvp: 'accepted' },
    { departmentUnitId: w.housing.id, rsvp: 'accepted' },
  ])
  // Yesterday's digest, planned (as yesterday's planner would have) but not run yet.
  const yesterday = beijingDate(new Date(Date.now() - DAY))
  const digestAt = beijingClock(yesterday, 8)
  await prefsModel(seeder.db).create({
    _id: new Types.ObjectId(reader.id),
    mutedKinds: [],
    digest: true,
    updatedAt: new Date(),
  })
  await notificationModel(seeder.db).create({
    userId: new Types.ObjectId(reader.id),
    kind: 'topic_status',
    title: '议题进展：充电桩不通电',
    body: '议题已进入协商',
    dedupeKey: `test:${reader.id}:1`,
    createdAt: new Date(digestAt.getTime() - 3 * 3600_000),
    readAt: null,
  })
  await new Scheduler({
    db: seeder.db,
    templates: DEV_TEMPLATE_CONFIG,
    handlers: JOB_HANDLERS,
  }).plan([
    { id: `digest:${yesterday}`, name: 'digest', runAt: digestAt, payload: { date: yesterday } },
  ])
  await createTestUser(seeder, { displayName: '旁观者' })

  const env = {
    NOTIFY_WORKER: 'true',
    WECHAT_APPID: fake.appId,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.baseUrl,
  }
  const [a, b] = await Promise.all([buildUnready({ dbName, env }), buildUnready({ dbName, env })])
  await Promise.all([a.ready(), b.ready()])
  expect(a.notificationRunner).not.toBeNull()
  expect(b.notificationRunner).not.toBeNull()

  const reminderJob = `meeting-reminder-24h:${meetingId}:${startsAt.getTime()}`
  const Jobs = scheduledJobModel(seeder.db)
  await waitFor(async () => {
    const finished = await Jobs.countDocuments({
      _id: { $in: [reminderJob, `digest:${yesterday}`] },
      status: 'done',
    })
    const unsent = await outboxModel(seeder.db).countDocuments({ status: { $ne: 'done' } })
    return finished === 2 && unsent === 0 && fake.sent().length >= 3
  }, 60_000)
  await Promise.all([a.close(), b.close()])

  const closedAt = new Date()
  const jobs = await Jobs.find({}).lean()
  const due = jobs.filter((job) => job.runAt <= closedAt)
  expect(due.filter((job) => job.status !== 'done' || job.attempts !== 1)).toEqual([])
  expect(due.filter((job) => job.name === 'planner').length).toBeGreaterThanOrEqual(1)
  // Later ones (the 1 h reminder) wait, unclaimed.
  expect(jobs.filter((job) => job.runAt > closedAt).map((job) => [job.name, job.attempts])).toEqual(
    [['meeting-reminder-1h', 0]],
  )

  const reminders = await notificationModel(seeder.db).find({ kind: 'meeting_reminder' }).lean()
  expect(reminders.map((n) => String(n.userId)).sort()).toEqual(
    [invitee.id, w.housingOfficer.id].sort(),
  )
  const digests = await notificationModel(seeder.db).find({ kind: 'digest' }).lean()
  expect(digests.map((n) => n.dedupeKey)).toEqual([`digest:${yesterday}:${reader.id}`])

  const sent = fake.sent()
  expect(sent.map((m) => m.touser).sort()).toEqual(
    [inviteeOpenid, officerOpenid, readerOpenid].sort(),
  )
  expect(sent.find((m) => m.touser === readerOpenid)?.templateId).toBe(TOPIC_TEMPLATE)
  expect(await outboxModel(seeder.db).countDocuments({ result: 'sent' })).toBe(3)
})
