/**
 * `npm run bench -- fanout`: one event for 10,000 recipients (an outcome on a topic with 10k
 * supporters) delivered through the fake WeChat server, which enforces a `subscribe_send` rate limit
 * of L messages per window. Two outbox workers (the service's own `OutboxWorker`, 8 lanes each,
 * paced together just under the limit) drain the outbox on one embedded DB.
 * value = delivered messages per second; baseline = the configured limit in messages per second;
 * ratio = value / baseline (target ≥ 0.8; higher is better, 1.0 is the ceiling). Also reported:
 * messages lost (outbox entries not `sent`, or sent entries missing from the fake's record) and
 * duplicated (two records for one recipient — the bench must report 0 of both).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mongoose, { Types } from 'mongoose'
import { enqueueNotifications } from '../cloud/src/modules/notifications/enqueue'
import { grantModel, outboxModel } from '../cloud/src/modules/notifications/model'
import { OutboxWorker } from '../cloud/src/modules/notifications/outbox-worker'
import { userModel } from '../cloud/src/modules/users/model'
import { createWechatClient, MemoryTokenStore } from '../cloud/src/wechat/index'
import { DEV_TEMPLATE_CONFIG } from '../shared/notifications/formatters'
import { startFakeWechatProcess } from './lib/fake-wechat-process'
import { ratioOf, type BenchResult } from './lib/types'

const RECIPIENTS = Number(process.env.FANOUT_RECIPIENTS ?? 10_000)
/** The fake's limit: 2,000 sends per 10 s window = 12,000 per minute = 200/s. */
const LIMIT_PER_WINDOW = 2_000
const WINDOW_MS = 10_000
const WORKERS = 2
const LANES = Number(process.env.FANOUT_LANES ?? 8)
/** Pace the workers together at this share of the limit (a fixed window punishes any burst). */
const PACE = 0.95
const TEMPLATE = DEV_TEMPLATE_CONFIG.topic_progress.templateId

function progress(line: string): void {
  if (!process.env.BENCH_QUIET) process.stderr.write(`${line}\n`)
}

/** CPU time (ms) a process has used so far: this one, or a child through /proc (Linux). */
function cpuMs(pid?: number): number | null {
  if (pid === undefined) {
    const usage = process.cpuUsage()
    return (usage.user + usage.system) / 1000
  }
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime are fields 14 and 15 of the stat line, in clock ticks (100 per second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return null
  }
}

function openidOf(i: number): string {
  // Shaped like WeChat's: 'o' + 27 URL-safe characters (the fake refuses others with 40003).
  return `ofanout${String(i).padStart(21, '0')}`
}

/**
 * The embedded DB in a process of its own, as a database server is in production: in-process it
 * would share one event loop with the workers and the fake WeChat and measure that contention.
 */
async function startDbProcess(): Promise<{
  pid: number | undefined
  uri: string
  close(): Promise<void>
}> {
  const cli = path.join(__dirname, '..', 'cloud', 'embedded-db', 'src', 'cli.ts')
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const uri = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = /listening on (mongodb:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`embedded-db exited with ${code}`)))
  })
  return {
    pid: child.pid,
    uri,
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

export async function run(): Promise<BenchResult> {
  const limitPerSecond = (LIMIT_PER_WINDOW * 1000) / WINDOW_MS
  const server = await startDbProcess()
  const fake = await startFakeWechatProcess({
    subscribe_send: { limit: LIMIT_PER_WINDOW, windowMs: WINDOW_MS },
  })
  const db = await mongoose.createConnection(server.uri, { dbName: 'bench_fanout' }).asPromise()
  try {
    progress(`fanout: ${RECIPIENTS} supporters with a grant each…`)
    const users = Array.from({ length: RECIPIENTS }, (_, i) => ({
      _id: new Types.ObjectId(),
      openid: openidOf(i),
      displayName: `居民${i}`,
      grants: [],
      scopeUnitIds: [],
      disabled: false,
    }))
    for (let start = 0; start < RECIPIENTS; start += 1000) {
      const chunk = users.slice(start, start + 1000)
      await userModel(db).insertMany(chunk)
      await grantModel(db).insertMany(
        chunk.map((user) => ({
          userId: user._id,
          templateId: TEMPLATE,
          remaining: 1,
          always: null,
          updatedAt: new Date(),
        })),
      )
    }
    await fake.grantEach(
      users.map((user) => user.openid),
      TEMPLATE,
    )

    progress('fanout: one outcome announcement to all of them…')
    const enqueueStarted = Date.now()
    const queued = await enqueueNotifications(db, DEV_TEMPLATE_CONFIG, {
      kind: 'outcome_published',
      eventKey: 'topic:bench:outcome:1',
      recipients: users.map((user) => String(user._id)),
      inApp: { title: '协商成果已发布', body: '永胜小区充电桩：供电公司本周开户通电' },
      template: {
        title: '永胜小区充电桩不通电',
        status: '成果已发布',
        time: new Date(),
        note: '供电公司本周开户通电',
      },
      page: 'pages/topic/index?id=bench',
    })
    const enqueueMs = Date.now() - enqueueStarted
    progress(`  ${queued} outbox entries in ${enqueueMs} ms`)

    const workers = Array.from(
      { length: WORKERS },
      (_, i) =>
        new OutboxWorker({
          db,
          wechat: createWechatClient({
            appId: fake.appId,
            secret: fake.secret,
            baseUrl: fake.baseUrl,
            tokenStore: new MemoryTokenStore(),
          }),
          templates: DEV_TEMPLATE_CONFIG,
          ratePerSecond: (limitPerSecond * PACE) / WORKERS,
          concurrency: LANES,
          owner: `bench-${i}`,
        }),
    )
    progress(
      `fanout: draining with ${WORKERS} workers × ${LANES} lanes at ${limitPerSecond * PACE} msg/s ` +
        `(limit ${LIMIT_PER_WINDOW} per ${WINDOW_MS / 1000} s = ${limitPerSecond}/s)…`,
    )
    const started = Date.now()
    const load = os.loadavg()[0]
    const cpuBefore = [cpuMs(), cpuMs(server.pid), cpuMs(fake.pid)]
    const ticker = setInterval(() => {
      void outboxModel(db)
        .countDocuments({ result: 'sent' })
        .then((sent) => {
          const seconds = (Date.now() - started) / 1000
          progress(
            `  ${sent} sent after ${seconds.toFixed(0)} s (${(sent / seconds).toFixed(0)}/s)`,
          )
        })
    }, 5000)
    let rounds = 0
    try {
      // A rate-limited entry comes back after a backoff: drain until nothing is pending.
      for (;;) {
        rounds += 1
        await Promise.all(workers.map((worker) => worker.drain()))
        const left = await outboxModel(db).countDocuments({ status: { $ne: 'done' } })
        if (left === 0) break
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    } finally {
      clearInterval(ticker)
    }
    const cpuAfter = [cpuMs(), cpuMs(server.pid), cpuMs(fake.pid)]
    const records = await fake.sent()
    const lastAt = records.length > 0 ? Date.parse(records[records.length - 1].sentAt) : started
    const seconds = Math.max(lastAt - started, 1) / 1000
    const value = Number((records.length / seconds).toFixed(1))
    // CPU per message of each process (worker, database, fake WeChat): on a shared machine the
    // rate is bounded by the CPU the bench gets; this is the rate the same work allows on idle cores.
    const perMessage = cpuAfter.map((after, i) => {
      const before = cpuBefore[i]
      return after === null || before === null || records.length === 0
        ? null
        : Number(((after - before) / records.length).toFixed(2))
    })
    const known = perMessage.filter((ms): ms is number => ms !== null)
    const cpuBound =
      known.length === 3
        ? Math.round(
            Math.min(
              1000 / Math.max(...known),
              (os.availableParallelism() * 1000) / known.reduce((a, b) => a + b, 0),
            ),
          )
        : null

    const byRecipient = new Map<string, number>()
    for (const record of records) {
      byRecipient.set(record.touser, (byRecipient.get(record.touser) ?? 0) + 1)
    }
    const duplicated = [...byRecipient.values()].reduce((sum, n) => sum + n - 1, 0)
    const entries = await outboxModel(db)
      .find({}, { userId: 1, result: 1, attempts: 1, lastError: 1 })
      .lean()
    const openids = new Map(users.map((user) => [String(user._id), user.openid]))
    const notSent = entries.filter((entry) => entry.result !== 'sent').length
    const missing = entries.filter(
      (entry) => entry.result === 'sent' && !byRecipient.has(openids.get(String(entry.userId))!),
    ).length
    // Why entries ended unsent (result and error), so a lost message explains itself.
    const unsentReasons: Record<string, number> = {}
    for (const entry of entries.filter((e) => e.result !== 'sent')) {
      const reason = `${entry.result ?? 'pending'}: ${entry.lastError ?? '-'}`
      unsentReasons[reason] = (unsentReasons[reason] ?? 0) + 1
    }
    progress(`  ${records.length} delivered in ${seconds.toFixed(1)} s = ${value}/s`)
    return {
      value,
      baseline: limitPerSecond,
      ratio: ratioOf(value, limitPerSecond),
      unit: 'msg/s',
      extra: {
        recipients: RECIPIENTS,
        sent: records.length,
        lost: notSent + missing + (RECIPIENTS - entries.length),
        duplicated,
        unsentReasons,
        limit: `${LIMIT_PER_WINDOW} per ${WINDOW_MS} ms`,
        cpuMsPerMessage: { worker: perMessage[0], db: perMessage[1], fakeWechat: perMessage[2] },
        cpuBoundMsgPerSec: cpuBound,
        cores: os.availableParallelism(),
        loadAverageAtStart: Number(load.toFixed(2)),
        retried: entries.filter((entry) => (entry.attempts ?? 1) > 1).length,
        seconds: Number(seconds.toFixed(1)),
        enqueueMs,
        workers: WORKERS,
        lanes: LANES,
        pacedAt: limitPerSecond * PACE,
        drainRounds: rounds,
        note: 'higher is better; baseline = the fake WeChat rate limit (msg/s); lost, duplicated: 0',
      },
    }
  } finally {
    await db.close()
    await fake.close()
    await server.close()
  }
}
