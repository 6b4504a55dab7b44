/**
 * The scheduled jobs (`jobs/*.ts`) driven by the real planner through a scheduler whose clock the
 * test sets: who is reminded of what, when, and that a job run again notifies nobody twice.
 * T0 is Wednesday 2026-03-04 09:30 Beijing time.
 */
import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { JOB_HANDLERS } from '../../../../cloud/src/modules/notifications/jobs/index'
import {
  notificationModel,
  prefsModel,
  scheduledJobModel,
} from '../../../../cloud/src/modules/notifications/model'
import { Scheduler } from '../../../../cloud/src/modules/notifications/scheduler'
import { meetingModel } from '../../../../cloud/src/modules/meetings/model'
import { actionItemModel, callbackModel } from '../../../../cloud/src/modules/outcomes/model'
import { DEV_TEMPLATE_CONFIG } from '../../../../shared/notifications/formatters'
import { build } from '../../../helpers/build'
import { createTestTopic } from '../../../helpers/topics'
import {
  at,
  DAY,
  HOUR,
  insertActionItem,
  T0,
  insertMeeting,
  notifiedUnder,
  scheduledWorld,
  type ScheduledWorld,
} from './fixtures/scheduled-world'

jest.setTimeout(90_000)

let app: App
let w: ScheduledWorld
let now: Date
let logged: string[]
let scheduler: Scheduler

beforeEach(async () => {
  app = await build()
  w = await scheduledWorld(app)
  logged = []
  const log = { info: (_: object, msg: string) => void logged.push(msg) }
  scheduler = new Scheduler({
    db: app.db,
    templates: DEV_TEMPLATE_CONFIG,
    handlers: JOB_HANDLERS,
    clock: () => now,
    log: { ...log, warn: log.info, error: log.info },
  })
})

afterEach(async () => {
  await app.close()
})

async function tickAt(time: Date): Promise<void> {
  now = time
  await scheduler.tick()
}

/** Runs a finished job's body once more, as an instance that took it over after a crash would. */
async function runAgain(jobId: string): Promise<void> {
  const job = await scheduledJobModel(app.db).findById(jobId).lean()
  if (!job) throw new Error(`no job ${jobId}`)
  const quiet = { info: () => {}, warn: () => {}, error: () => {} }
  await JOB_HANDLERS[job.name](
    { db: app.db, now, templates: DEV_TEMPLATE_CONFIG, log: quiet, plan: async () => 0 },
    job,
  )
}

describe('meeting reminders', () => {
  it('reach accepted invitees and invited departments 24 h and 1 h before, once each', async () => {
    const [accepted, pending, declined] = w.residents
    const startsAt = at(23 * HOUR)
    const meetingId = await insertMeeting(app, w, startsAt, [
      { userId: accepted.id, rsvp: 'accepted' },
      { userId: pending.id, rsvp: 'pending' },
      { userId: declined.id, rsvp: 'declined' },
      { departmentUnitId: w.housing.id, rsvp: 'pending' },
      { departmentUnitId: w.water.id, rsvp: 'declined' },
    ])
    const expected = [accepted.id, w.housingOfficer.id].sort()
    const key = (lead: string) => `meeting:${meetingId}:reminder:${lead}:${startsAt.getTime()}:`

    await tickAt(T0)
    expect(await notifiedUnder(app, key('24h'))).toEqual(expected)
    expect(await notifiedUnder(app, key('1h'))).toEqual([])
    const reminder = await notificationModel(app.db)
      .findOne({ userId: new Types.ObjectId(accepted.id), kind: 'meeting_reminder' })
      .lean()
    expect(reminder?.title).toBe('协商会提醒：永胜小区充电桩通电协商会')
    expect(reminder?.body).toContain('永胜社区党群服务中心二楼')

    await tickAt(at(21 * HOUR)) // two hours before: not yet
    expect(await notifiedUnder(app, key('1h'))).toEqual([])
    await tickAt(at(22 * HOUR + 60_000))
    expect(await notifiedUnder(app, key('1h'))).toEqual(expected)

    const jobId = `meeting-reminder-24h:${meetingId}:${startsAt.getTime()}`
    expect(await scheduledJobModel(app.db).findById(jobId).lean()).toMatchObject({
      status: 'done',
      attempts: 1,
    })
    await runAgain(jobId)
    expect(await notifiedUnder(app, key('24h'))).toEqual(expected)
    expect(await notificationModel(app.db).countDocuments({ kind: 'meeting_reminder' })).toBe(4)
  })

  it('follow a rescheduled meeting and skip a cancelled one', async () => {
    const [person] = w.residents
    const startsAt = at(20 * HOUR)
    const moved = await insertMeeting(app, w, startsAt, [{ userId: person.id, rsvp: 'accepted' }])
    const cancelled = await insertMeeting(app, w, startsAt, [
      { userId: person.id, rsvp: 'accepted' },
    ])
    await tickAt(T0)
    expect(await notifiedUnder(app, `meeting:${moved}:reminder:24h:`)).toEqual([person.id])
    const newStart = at(26 * HOUR)
    await meetingModel(app.db).updateOne({ _id: moved }, { $set: { startsAt: newStart } })
    await meetingModel(app.db).updateOne({ _id: cancelled }, { $set: { status: 'cancelled' } })

    await tickAt(at(19 * HOUR + 60_000)) // the old 1 h mark
    expect(await notifiedUnder(app, `meeting:${moved}:reminder:1h:`)).toEqual([])
    expect(await notifiedUnder(app, `meeting:${cancelled}:reminder:1h:`)).toEqual([])
    expect(
      await scheduledJobModel(app.db)
        .findById(`meeting-reminder-1h:${moved}:${startsAt.getTime()}`)
        .lean(),
    ).toMatchObject({ status: 'done' })

    await tickAt(at(25 * HOUR + 60_000)) // the new 1 h mark
    expect(await notifiedUnder(app, `meeting:${moved}:reminder:1h:${newStart.getTime()}:`)).toEqual(
      [person.id],
    )
  })
})

describe('lagging action items', () => {
  it('warn the owner department before and after the deadline and escalate after the grace period', async () => {
    const topic = await createTestTopic(app, {
      room: w.room,
      unit: w.village,
      authorId: w.residents[0].id,
      state: 'in_progress',
      createdAt: at(-40 * DAY),
    })
    const topicId = String(topic._id)
    const dueSoon = await insertActionItem(app, w, topicId, w.housing, at(DAY), '更换充电桩电表')
    const overdue = await insertActionItem(app, w, topicId, w.water, at(-DAY), '疏通排水管')
    const late = await insertActionItem(app, w, topicId, w.housing, at(-10 * DAY), '办理用电开户')
    const onTrack = await insertActionItem(app, w, topicId, w.water, at(20 * DAY), '复查管网')

    await tickAt(T0)
    expect(await notifiedUnder(app, `action:${dueSoon}:due-soon:`)).toEqual([w.housingOfficer.id])
    expect(await notifiedUnder(app, `action:${overdue}:overdue:`)).toEqual([w.waterOfficer.id])
    expect(await notifiedUnder(app, `action:${late}:overdue:`)).toEqual([w.housingOfficer.id])
    expect(await notifiedUnder(app, `action:${onTrack}:`)).toEqual([])
    const escalated = await actionItemModel(app.db).findById(late).lean()
    expect(String(escalated?.escalatedToUnitId)).toBe(w.town.id)
    expect(await notifiedUnder(app, `action:${late}:escalated:`)).toEqual(
      [w.housingOfficer.id, w.townStaff.id].sort(),
    )
    expect(await notifiedUnder(app, `action:${overdue}:escalated:`)).toEqual([])

    const before = await notificationModel(app.db).countDocuments({ kind: 'action_overdue' })
    await tickAt(at(HOUR)) // the next hourly sweep finds the same items: nobody is told twice
    expect(await notificationModel(app.db).countDocuments({ kind: 'action_overdue' })).toBe(before)
    expect(await scheduledJobModel(app.db).countDocuments({ name: 'sweep', status: 'done' })).toBe(
      2,
    )
  })
})

describe('topic deadlines', () => {
  it('remind a petitioner who has not answered the call-back once its period is over', async () => {
    const [silent, answered, recent] = w.residents
    const base = { room: w.room, unit: w.village, state: 'awaiting_callback' as const }
    const waiting = await createTestTopic(app, {
      ...base,
      authorId: silent.id,
      createdAt: at(-10 * DAY),
    })
    const done = await createTestTopic(app, {
      ...base,
      authorId: answered.id,
      createdAt: at(-10 * DAY),
    })
    await callbackModel(app.db).create({
      topicId: done._id,
      round: done.version,
      userId: new Types.ObjectId(answered.id),
      petitioner: true,
      askedAt: at(-10 * DAY),
      answeredAt: at(-DAY),
      solved: true,
      rating: 5,
      method: 'app',
    })
    await createTestTopic(app, { ...base, authorId: recent.id, createdAt: at(-DAY) })

    await tickAt(T0)
    const reminded = await notificationModel(app.db).find({ kind: 'callback_request' }).lean()
    expect(reminded.map((n) => String(n.userId))).toEqual([silent.id])
    expect(reminded[0].dedupeKey).toBe(
      `topic:${String(waiting._id)}:callback:v${waiting.version}:reminder:${silent.id}`,
    )
    await runAgain(`callback-reminder:${String(waiting._id)}:v${waiting.version}`)
    expect(await notificationModel(app.db).countDocuments({ kind: 'callback_request' })).toBe(1)
  })

  it('tell the conveners of an undecided topic past its reply deadline, once per deadline', async () => {
    const base = { room: w.room, unit: w.village, authorId: w.residents[0].id }
    const late = await createTestTopic(app, {
      ...base,
      state: 'screening',
      replyDueAt: at(-HOUR),
      title: '东门绿化带开口',
    })
    await createTestTopic(app, { ...base, state: 'open', replyDueAt: at(DAY) })
    await createTestTopic(app, { ...base, state: 'closed', replyDueAt: at(-5 * DAY) })

    await tickAt(T0)
    const told = await notificationModel(app.db).find({ kind: 'topic_status' }).lean()
    expect(told.map((n) => String(n.userId))).toEqual([w.convener.id])
    expect(told[0].title).toBe('答复超期：东门绿化带开口')
    expect(told[0].dedupeKey).toBe(
      `topic:${String(late._id)}:reply-overdue:${late.replyDueAt.getTime()}:${w.convener.id}`,
    )
    await tickAt(at(HOUR))
    expect(await notificationModel(app.db).countDocuments({ kind: 'topic_status' })).toBe(1)
  })
})

describe('the daily digest', () => {
  it('summarises the unread notifications of the past day at 08:00 for those who chose it', async () => {
    const [reader, other] = w.residents
    await prefsModel(app.db).insertMany([
      { _id: new Types.ObjectId(reader.id), mutedKinds: [], digest: true, updatedAt: T0 },
      { _id: new Types.ObjectId(other.id), mutedKinds: [], digest: false, updatedAt: T0 },
    ])
    const row = (userId: string, title: string, createdAt: Date, readAt: Date | null = null) => ({
      userId: new Types.ObjectId(userId),
      kind: 'topic_status' as const,
      title,
      body: '议题有新进展',
      dedupeKey: `test:${userId}:${title}`,
      createdAt,
      readAt,
    })
    await notificationModel(app.db).insertMany([
      row(reader.id, '议题进展：充电桩', at(-3 * HOUR)),
      row(reader.id, '议题进展：绿化带', at(-20 * HOUR)),
      row(reader.id, '已读的一条', at(-4 * HOUR), at(-2 * HOUR)),
      row(reader.id, '前天的一条', at(-30 * HOUR)),
      row(other.id, '议题进展：路灯', at(-3 * HOUR)),
    ])

    await tickAt(at(-2 * HOUR)) // 07:30: not yet
    expect(await notificationModel(app.db).countDocuments({ kind: 'digest' })).toBe(0)
    await tickAt(T0)
    const digests = await notificationModel(app.db).find({ kind: 'digest' }).lean()
    expect(digests).toHaveLength(1)
    expect(digests[0]).toMatchObject({
      userId: new Types.ObjectId(reader.id),
      title: '每日汇总：2 条未读消息',
      dedupeKey: `digest:2026-03-04:${reader.id}`,
    })
    expect(digests[0].body).toContain('绿化带')
    await runAgain('digest:2026-03-04')
    expect(await notificationModel(app.db).countDocuments({ kind: 'digest' })).toBe(1)
  })
})

describe('the hotline screening jobs', () => {
  it('run daily and weekly on schedule and say the hotline module is not installed', async () => {
    await tickAt(T0)
    const jobs = await scheduledJobModel(app.db)
      .find({ name: { $in: ['hotline-daily-screening', 'hotline-weekly-review'] } })
      .lean()
    expect(jobs.map((job) => [job._id, job.status]).sort()).toEqual([
      ['hotline-daily-screening:2026-03-04', 'done'],
      ['hotline-weekly-review:2026-03-02', 'done'],
    ])
    expect(logged.filter((msg) => msg.includes('hotline module not installed'))).toHaveLength(2)
  })
})
