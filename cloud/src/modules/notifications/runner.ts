/**
 * The notifications' background work inside a service instance: the outbox worker's drain loop
 * (sends until nothing is due, then polls every `pollMs`) and the scheduler's loop (plans this
 * minute's planner slot, runs due jobs, polls). Every instance runs both; the leases in the outbox
 * and in `scheduled_jobs` make the work happen once across instances. A failing step (database
 * unreachable) is logged and retried on the next poll, never ends the loop. `stop()` stops claiming,
 * lets the entry or job in hand finish, and resolves once both loops have exited — no timer is left.
 */
import { randomUUID } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { WechatClient } from '../../wechat/index'
import type { TemplateConfigs } from './enqueue'
import { JOB_HANDLERS } from './jobs/index'
import { OutboxWorker } from './outbox-worker'
import { Scheduler, type JobHandler, type JobLog } from './scheduler'

export interface RunnerOptions {
  db: Connection
  wechat: WechatClient | null
  templates: TemplateConfigs
  /** WeChat sends per second, at most, from this instance. */
  ratePerSecond: number
  concurrency?: number
  /** Idle poll interval of both loops. */
  pollMs?: number
  log?: JobLog
  /** Tests: other jobs, another clock. */
  handlers?: Readonly<Record<string, JobHandler>>
  clock?: () => Date
}

const SILENT: JobLog = { info: () => {}, warn: () => {}, error: () => {} }

export class NotificationRunner {
  readonly worker: OutboxWorker
  readonly scheduler: Scheduler
  private readonly pollMs: number
  private readonly log: JobLog
  private readonly abort = new AbortController()
  private readonly wakers = new Map<string, () => void>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private loops: Array<Promise<void>> = []

  constructor(options: RunnerOptions) {
    const instance = randomUUID()
    this.pollMs = options.pollMs ?? 1000
    this.log = options.log ?? SILENT
    this.worker = new OutboxWorker({
      db: options.db,
      wechat: options.wechat,
      templates: options.templates,
      ratePerSecond: options.ratePerSecond,
      concurrency: options.concurrency ?? 4,
      owner: `outbox-${instance}`,
      log: this.log,
    })
    this.scheduler = new Scheduler({
      db: options.db,
      templates: options.templates,
      handlers: options.handlers ?? JOB_HANDLERS,
      owner: `scheduler-${instance}`,
      clock: options.clock,
      log: this.log,
    })
  }

  get stopped(): boolean {
    return this.abort.signal.aborted
  }

  /** Idle timers currently set (0 once stopped). */
  get pendingTimers(): number {
    return this.timers.size
  }

  start(): void {
    if (this.loops.length > 0 || this.stopped) return
    const signal = this.abort.signal
    this.loops = [
      this.loop('outbox', () => this.worker.drain({ signal })),
      this.loop('scheduler', async () => {
        const ran = await this.scheduler.tick(() => this.stopped)
        if (ran > 0) this.wake('outbox') // jobs usually enqueue messages
        return ran
      }),
    ]
  }

  /** Runs the loop's next step now instead of after its idle poll (e.g. after an enqueue). */
  wake(loop: 'outbox' | 'scheduler' = 'outbox'): void {
    this.wakers.get(loop)?.()
  }

  async stop(): Promise<void> {
    this.abort.abort()
    for (const wake of this.wakers.values()) wake()
    await Promise.all(this.loops)
  }

  private async loop(name: string, step: () => Promise<number>): Promise<void> {
    while (!this.stopped) {
      let done = 0
      try {
        done = await step()
      } catch (error) {
        this.log.error({ loop: name, err: (error as Error)?.message }, 'notifications loop failed')
      }
      if (done === 0 && !this.stopped) await this.idle(name)
    }
  }

  private idle(name: string): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        this.timers.delete(timer)
        if (this.wakers.get(name) === wake) this.wakers.delete(name)
        resolve()
      }
      const timer = setTimeout(wake, this.pollMs)
      this.timers.add(timer)
      this.wakers.set(name, wake)
    })
  }
}
