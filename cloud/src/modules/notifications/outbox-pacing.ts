/**
 * Pacing and waiting for the outbox worker.
 * - `TokenBucket`: `ratePerSecond` tokens a second, at most `capacity` saved up. Tokens accrue from
 *   the clock, not from timer callbacks, so a timer that fires late (a loaded machine, a GC pause, a
 *   slow database round trip) delays sends without losing them: the tokens that accrued meanwhile
 *   are spent at once, up to `capacity`. Over any interval T at most `capacity + rate × T` are spent.
 * - `Waker`: one pending wait, ended early by `wake()` (a group finished, a batch was claimed, the
 *   worker is stopping) or after a delay; it never leaves a timer behind.
 */

export class TokenBucket {
  private tokens: number
  private last = performance.now()

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity
  }

  private refill(): void {
    const now = performance.now()
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) * this.ratePerSecond) / 1000,
    )
    this.last = now
  }

  /** Milliseconds until `n` tokens are available (0 when they are). */
  msUntil(n: number): number {
    this.refill()
    const wanted = Math.min(n, this.capacity)
    return this.tokens >= wanted ? 0 : ((wanted - this.tokens) * 1000) / this.ratePerSecond
  }

  /** Takes as many whole tokens as are available, at most `max`. */
  take(max: number): number {
    this.refill()
    const taken = Math.max(0, Math.min(max, Math.floor(this.tokens)))
    this.tokens -= taken
    return taken
  }

  /** Returns tokens taken but not spent. */
  giveBack(n: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + n)
  }
}

export class Waker {
  private pending: { resolve: () => void; timer: NodeJS.Timeout | null } | null = null
  /** A `wake()` that came while nobody waited: the next wait returns at once. */
  private woken = false

  /** Resolves on the next `wake()` (or at once if one came since the last wait), or after `ms`. */
  wait(ms?: number): Promise<void> {
    if (this.woken || this.pending) {
      this.woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = ms === undefined ? null : setTimeout(() => this.wake(), Math.max(1, ms))
      this.pending = { resolve, timer }
    })
  }

  wake(): void {
    const pending = this.pending
    if (!pending) {
      this.woken = true
      return
    }
    this.pending = null
    if (pending.timer) clearTimeout(pending.timer)
    pending.resolve()
  }
}
