/**
 * The worker is SIGKILLed in the middle of a 1,000-message outbox and restarted. The guarantee, and
 * exactly what is asserted: no message reaches WeChat twice; every entry ends `sent` (and is in the
 * fake WeChat's record) or `uncertain`; an entry is `uncertain` if and only if it was `calling` at
 * the kill — claimed for a WeChat call whose outcome the dead worker had not yet written (WeChat's
 * send API has no idempotency key, so resending it could deliver twice) — and those are few (at most
 * twice the worker's concurrency); every message, uncertain ones included, is in the in-app centre.
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

  // Let the dead worker's leases run out (and any request it had written reach the database),
  // then see what it left: claimed entries are only ever `calling`, right before their call.
  await new Promise((resolve) => setTimeout(resolve, 1600))
  const left = await outboxModel(db).find({ status: 'sending' }, { phase: 1 }).lean()
  expect(left.every((entry) => entry.phase === 'calling')).toBe(true)
  expect(left.length).toBeLessThanOrEqual(2 * CONCURRENCY)
  const callingAtKill = new Set(left.map((entry) => String(entry._id)))

  const second = startWorker()
  expect(await second.exited).toBe(0)

  const entries = await outboxModel(db)
    .find({}, { status: 1, result: 1, page: 1, dedupeKey: 1 })
    .lean()
  expect(entries).toHaveLength(MESSAGES)
  expect(entries.every((entry) => entry.status === 'done')).toBe(true)

  const pages = fake.sent().map((message) => message.page)
  expect(new Set(pages).size).toBe(pages.length) // nobody got a message twice
  const delivered = new Set(pages)
  const sent = entries.filter((entry) => entry.result === 'sent')
  const uncertain = entries.filter((entry) => entry.result === 'uncertain')
  expect(sent.length + uncertain.length).toBe(MESSAGES)
  expect(sent.every((entry) => delivered.has(entry.page))).toBe(true)
  // Uncertain exactly when the dead worker was calling WeChat for it.
  expect(uncertain.map((entry) => String(entry._id)).sort()).toEqual([...callingAtKill].sort())
  // Everything WeChat received is accounted for by an entry.
  const pagesOfEntries = new Set(entries.map((entry) => entry.page))
  expect(pages.every((page) => pagesOfEntries.has(page))).toBe(true)
  // Every message is in the in-app centre, the uncertain ones included.
  expect(await notificationModel(db).countDocuments()).toBe(MESSAGES)
  const uncertainInApp = await notificationModel(db).countDocuments({
    dedupeKey: { $in: uncertain.map((entry) => entry.dedupeKey) },
  })
  expect(uncertainInApp).toBe(uncertain.length)
  process.stderr.write(
    `[outbox sigkill] killed after ${sentAtKill} sends; calling at the kill ${callingAtKill.size}; ` +
      `sent ${sent.length}, uncertain ${uncertain.length} (of which delivered ` +
      `${uncertain.filter((e) => delivered.has(e.page)).length}), duplicates 0\n`,
  )
})
