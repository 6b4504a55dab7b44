/**
 * Group-commit writer: appends queue up while a write+fsync is in flight and go out together in the
 * next one, in call order. A write or fsync error poisons the writer for good: after a failed fsync
 * the kernel may already have dropped the dirty pages, so retrying could "succeed" without the data.
 */
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { fsyncDir, journalName, writeAll } from './fs-utils'

interface Pending {
  gen: number
  buf: Buffer
  resolve: () => void
  reject: (e: Error) => void
}

export interface JournalWriterOptions {
  fsync: boolean
  /** Flushes a journal file; replaceable so tests can inject fsync failures. */
  syncFile: (fh: FileHandle) => Promise<void>
}

export class JournalWriter {
  private queue: Pending[] = []
  private running: Promise<void> | null = null
  private fh: FileHandle | null = null
  private fhGen = -1
  private failure: Error | null = null
  /** Number of write+fsync rounds done (lets tests and benches see the grouping). */
  flushes = 0

  constructor(
    private readonly dir: string,
    private readonly opts: JournalWriterOptions,
  ) {}

  get poisoned(): Error | null {
    return this.failure
  }

  /** Queues a record for generation `gen`; resolves once it is on disk. */
  write(gen: number, buf: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ gen, buf, resolve, reject })
      this.kick()
    })
  }

  /** Waits until everything queued so far is written (or failed). */
  async drain(): Promise<void> {
    // Bounded by the queue: each round removes at least one entry or poisons the writer.
    while (this.running) await this.running
  }

  async close(): Promise<void> {
    await this.drain()
    if (this.fh) await this.fh.close()
    this.fh = null
  }

  private kick(): void {
    if (this.running) return
    this.running = Promise.resolve()
      .then(() => this.loop())
      .finally(() => {
        this.running = null
        if (this.queue.length > 0 && !this.failure) this.kick()
      })
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      // One round = the longest run of queued records for the same generation.
      const gen = this.queue[0].gen
      let n = 1
      while (n < this.queue.length && this.queue[n].gen === gen) n++
      const group = this.queue.splice(0, n)
      try {
        const fh = await this.fileFor(gen)
        await writeAll(
          fh,
          group.map((p) => p.buf),
        )
        if (this.opts.fsync) await this.opts.syncFile(fh)
        this.flushes++
      } catch (e) {
        this.poison(e as Error, group)
        return
      }
      for (const p of group) p.resolve()
    }
  }

  private poison(cause: Error, group: Pending[]): void {
    this.failure = new Error(
      `embedded-db: journal write failed, refusing further writes (${cause.message})`,
      { cause },
    )
    const all = [...group, ...this.queue.splice(0)]
    for (const p of all) p.reject(this.failure)
  }

  private async fileFor(gen: number): Promise<FileHandle> {
    if (this.fh && this.fhGen === gen) return this.fh
    if (this.fh) await this.fh.close()
    this.fh = null
    // 'ax': a generation is written by one writer only, so an existing file means a bug.
    const fh = await fsp.open(join(this.dir, journalName(gen)), 'ax')
    if (this.opts.fsync) await fsyncDir(this.dir)
    this.fh = fh
    this.fhGen = gen
    return fh
  }
}
