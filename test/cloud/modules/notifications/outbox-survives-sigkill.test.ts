/**
 * The worker is SIGKILLed in the middle of a 1,000-message batch and restarted. Afterwards every
 * entry is finished, no message reached WeChat twice, every message the worker recorded as sent is
 * in the fake WeChat's record, and the only messages whose fate is unknown are the few that were in
 * flight at the kill (closed as `uncertain`, never resent — WeChat's send API has no idempotency key,
 * so resending them could deliver twice). Every message is in the in-app centre either way.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import mongoose, { type Connection } from 'mongoose'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { startEmbeddedServer, type EmbeddedServer } from '../../../../cloud/embedded-db/src/index'
import { notificationModel, outboxModel } from '../../../../cloud/src/modules/notifications/model'
import { announceOutcome, residentsWithGrants } from './fixtures/outbox-world'

const WORKER = path.join(__dirname, 'fixtures', 'run-outbox-worker.ts')
const MESSAGES = 1000
const CONCURRENCY = 4
const DB_NAME = 'outbox_sigkill'

let server: EmbeddedServer
let fake: FakeWechat
let db: Connection

jest.setTimeout(240_000)

function startWorker(): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      MONGODB_URI: server.uri,
      MONGODB_DB: DB_NAME,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.secret,
      WECHAT_API_BASE: fake.baseUrl,
      CONCURRENCY: String(CONCURRENCY),
      LEASE_MS: '1500',
      RATE: '400',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  server = await startEmbeddedServer({ port: 0 })
  fake = await startFakeWechat({ port: 0 })
  db = await mongoose.createConnection(server.uri, { dbName: DB_NAME }).asPromise()
})

afterAll(async () => {
  await db.close()
  await fake.close()
  await server.close()
})

it('sends every message at most once across a SIGKILL, and loses none silently', async () => {
  const users = await residentsWithGrants(db, fake, MESSAGES, 'k')
  expect(await announceOutcome(db, users)).toBe(MESSAGES)

  const first = startWorker()
  // Kill it somewhere in the middle of the batch.
  await waitFor(() => fake.sent().length >= MESSAGES / 4, 120_000)
  first.child.kill('SIGKILL')
  await first.exited
  const sentAtKill = fake.sent().length
  expect(sentAtKill).toBeLessThan(MESSAGES)

  // Let the dead worker's leases run out, then restart.
  await new Promise((resolve) => setTimeout(resolve, 1600))
  const second = startWorker()
  expect(await second.exited).toBe(0)

  const entries = await outboxModel(db).find({}, { status: 1, result: 1, page: 1 }).lean()
  expect(entries).toHaveLength(MESSAGES)
  expect(entries.every((entry) => entry.status === 'done')).toBe(true)

  const pages = fake.sent().map((message) => message.page)
  expect(new Set(pages).size).toBe(pages.length) // nobody got a message twice
  const delivered = new Set(pages)
  const sent = entries.filter((entry) => entry.result === 'sent')
  const uncertain = entries.filter((entry) => entry.result === 'uncertain')
  expect(sent.length + uncertain.length).toBe(MESSAGES)
  expect(sent.every((entry) => delivered.has(entry.page))).toBe(true)
  // Only what was in flight at the kill can be uncertain: at most one per worker lane.
  expect(uncertain.length).toBeLessThanOrEqual(CONCURRENCY)
  // Everything WeChat received is accounted for by an entry.
  const pagesOfEntries = new Set(entries.map((entry) => entry.page))
  expect(pages.every((page) => pagesOfEntries.has(page))).toBe(true)
  expect(await notificationModel(db).countDocuments()).toBe(MESSAGES)
  process.stderr.write(
    `[outbox sigkill] killed after ${sentAtKill} sends; sent ${sent.length}, uncertain ${uncertain.length} ` +
      `(of which delivered ${uncertain.filter((e) => delivered.has(e.page)).length}), duplicates 0\n`,
  )
})
