/**
 * Scheduled work on the database, safe with any number of service instances: a lease design on the
 * `scheduled_jobs` collection (one document per job OCCURRENCE, under a deterministic id).
 *
 * Why not Agenda: it pins its own `mongodb` driver version and polls through a connection of its own,
 * next to mongoose's; this is ~150 lines of code on the app's own mongoose connection, needs no extra
 * package, and runs unchanged against the embedded DB the tests use.
 *
 * - Planning is an upsert (`$setOnInsert`) on the id, so planning a job twice creates it once.
 * - Claiming is one conditional `findOneAndUpdate`: a due `pending` job, or a `running` one whose
 *   lease ran out (its instance died) — two instances never hold the same job. (Two single-condition
 *   calls rather than one `$or`: each then uses the `{ status, … }` indexes, on MongoDB and on the
 *   embedded DB alike.) Every claim increments `attempts`.
 * - While a job runs its lease is renewed; a job that throws is retried with exponential backoff up
 *   to `maxAttempts`, then `failed` with its `lastError`. A job whose instance kept dying while
 *   running it is failed once its attempts are used up instead of being taken over forever.
 * - Job bodies are idempotent (their notifications use deterministic event keys, which the outbox
 *   deduplicates), so a job run twice — taken over after a crash — notifies nobody twice.
 * - The periodic planner is itself a job, one per minute slot (`planner:<yyyy-mm-ddThh:mm>`): every
 *   instance plans the current slot on each tick, one of them runs it.
 */
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { TemplateConfigs } from './enqueue'
import { scheduledJobModel, type ScheduledJobDoc } from './model'

export interface JobLog {
  info: (obj: object, msg: string) => void
  warn: (obj: object, msg: string) => void
  error: (obj: object, msg: string) => void
}

export interface PlannedJob {
  /** Deterministic: the same occurrence always gets the same id. */
  id: string
  name: string
  runAt: Date
  payload?: Record<string, unknown>
}

export interface JobContext {
  db: Connection
  /** The scheduler's clock when the job started. */
  now: Date
  templates: TemplateConfigs
  log: JobLog
  /** Plans further jobs (idempotent; returns how many were new). */
  plan: (jobs: readonly PlannedJob[]) => Promise<number>
}

export type JobHandler = (ctx: JobContext, job: ScheduledJobDoc) => Promise<void>

export interface SchedulerOptions {
  db: Connection
  templates: TemplateConfigs
  handlers: Readonly<Record<string, JobHandler>>
  owner?: string
  leaseMs?: number
  maxAttempts?: number
  /** First retry delay; doubled per attempt, at most 30 minutes. */
  retryBaseMs?: number
  clock?: () => Date
  log?: JobLog
}

export const PLANNER_JOB = 'planner'

const SILENT: JobLog = { info: () => {}, warn: () => {}, error: () => {} }

/** `2026-03-05T08:00` (UTC): the minute slot an instant falls in. */
export function minuteSlot(at: Date): string {
  return at.toISOString().slice(0, 16)
}

export class Scheduler {
  readonly owner: string
  private readonly leaseMs: number
  private readonly maxAttempts: number
  private readonly retryBaseMs: number
  private readonly clock: () => Date
  private readonly log: JobLog
  /** The minute slot this instance last planned (planning it once per minute is enough). */
  private plannedSlot: string | null = null

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? `scheduler-${randomUUID()}`
    this.leaseMs = options.leaseMs ?? 60_000
    this.maxAttempts = options.maxAttempts ?? 5
    this.retryBaseMs = options.retryBaseMs ?? 30_000
    this.clock = options.clock ?? (() => new Date())
    this.log = options.log ?? SILENT
  }

  /** Creates the jobs that do not exist yet; returns how many were new. */
  async plan(jobs: readonly PlannedJob[]): Promise<number> {
    if (jobs.length === 0) return 0
    const now = this.clock()
    const result = await scheduledJobModel(this.options.db).bulkWrite(
      jobs.map((job) => ({
        updateOne: {
          filter: { _id: job.id },
          update: {
            $setOnInsert: {
              _id: job.id,
              name: job.name,
              payload: job.payload ?? {},
              runAt: job.runAt,
              status: 'pending',
              leaseOwner: null,
              leaseUntil: null,
              attempts: 0,
              lastError: null,
              createdAt: now,
              updatedAt: now,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    )
    return result.upsertedCount
  }

  /** One claim: a due pending job, else a running one whose lease expired; null when none. */
  async claim(): Promise<ScheduledJobDoc | null> {
    const Jobs = scheduledJobModel(this.options.db)
    const now = this.clock()
    const take = {
      $set: {
        status: 'running',
        leaseOwner: this.owner,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
        updatedAt: now,
      },
      $inc: { attempts: 1 },
    }
    const due = await Jobs.findOneAndUpdate({ status: 'pending', runAt: { $lte: now } }, take, {
      sort: { runAt: 1 },
      returnDocument: 'after',
    }).lean<ScheduledJobDoc>()
    if (due) return due
    return Jobs.findOneAndUpdate({ status: 'running', leaseUntil: { $lt: now } }, take, {
      sort: { leaseUntil: 1 },
      returnDocument: 'after',
    }).lean<ScheduledJobDoc>()
  }

  /** Plans this minute's planner slot, then runs due jobs until none is left (or `shouldStop`). */
  async tick(shouldStop: () => boolean = () => false): Promise<number> {
    const now = this.clock()
    const slot = minuteSlot(now)
    if (slot !== this.plannedSlot) {
      await this.plan([
        {
          id: `${PLANNER_JOB}:${slot}`,
          name: PLANNER_JOB,
          runAt: new Date(`${slot}:00.000Z`),
          payload: { slot },
        },
      ])
      this.plannedSlot = slot
    }
    return this.runDue(shouldStop)
  }

  /** Claims and runs due jobs one after another; returns how many it ran. */
  async runDue(shouldStop: () => boolean = () => false): Promise<number> {
    let ran = 0
    while (!shouldStop()) {
      const job = await this.claim()
      if (!job) break
      await this.run(job)
      ran += 1
    }
    return ran
  }

  private mine(job: ScheduledJobDoc) {
    return {
      _id: job._id,
      leaseOwner: this.owner,
      attempts: job.attempts,
      status: 'running' as const,
    }
  }

  private async run(job: ScheduledJobDoc): Promise<void> {
    const Jobs = scheduledJobModel(this.options.db)
    const handler: JobHandler | undefined = this.options.handlers[job.name]
    if (job.attempts > this.maxAttempts || !handler) {
      const lastError =
        handler !== undefined
          ? `gave up after ${job.attempts - 1} attempts (last: ${job.lastError ?? 'instance died'})`
          : `no handler for job "${job.name}"`
      await Jobs.updateOne(this.mine(job), {
        $set: {
          status: 'failed',
          leaseOwner: null,
          leaseUntil: null,
          lastError,
          updatedAt: this.clock(),
        },
      })
      this.log.error({ jobId: job._id, job: job.name }, `scheduled job failed: ${lastError}`)
      return
    }
    const renew = setInterval(() => {
      const now = this.clock()
      Jobs.updateOne(this.mine(job), {
        $set: { leaseUntil: new Date(now.getTime() + this.leaseMs), updatedAt: now },
      }).catch(() => undefined)
    }, this.leaseMs / 3)
    renew.unref()
    try {
      await handler(
        {
          db: this.options.db,
          now: this.clock(),
          templates: this.options.templates,
          log: this.log,
          plan: (jobs) => this.plan(jobs),
        },
        job,
      )
      clearInterval(renew)
      const now = this.clock()
      await Jobs.updateOne(this.mine(job), {
        $set: {
          status: 'done',
          leaseOwner: null,
          leaseUntil: null,
          lastError: null,
          doneAt: now,
          updatedAt: now,
        },
      })
    } catch (error) {
      clearInterval(renew)
      const message = (error as Error)?.message ?? String(error)
      const now = this.clock()
      const giveUp = job.attempts >= this.maxAttempts
      const retryAt = new Date(
        now.getTime() + Math.min(this.retryBaseMs * 2 ** (job.attempts - 1), 30 * 60_000),
      )
      await Jobs.updateOne(this.mine(job), {
        $set: {
          status: giveUp ? 'failed' : 'pending',
          leaseOwner: null,
          leaseUntil: null,
          lastError: message.slice(0, 1000),
          updatedAt: now,
          ...(giveUp ? {} : { runAt: retryAt }),
        },
      })
      this.log[giveUp ? 'error' : 'warn'](
        { jobId: job._id, job: job.name, attempts: job.attempts, err: message },
        giveUp ? 'scheduled job failed for good' : 'scheduled job failed; will retry',
      )
    }
  }
}
