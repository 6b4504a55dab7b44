/** A tiny raw-socket client for wire-level tests: sends bytes, reads whole replies. */
import net from 'node:net'
import { MessageReader, type RawMessage } from '../../../../cloud/embedded-db/src/wire/framing'

export class RawClient {
  private readonly reader = new MessageReader()
  private readonly inbox: RawMessage[] = []
  private waiters: (() => void)[] = []
  closed = false

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.inbox.push(...this.reader.push(chunk))
      this.wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)))
      s.once('error', reject)
    })
  }

  send(buf: Buffer): void {
    this.socket.write(buf)
  }

  /** Next reply, or undefined if none arrives within `ms` (or the socket closed). */
  async next(ms = 1000): Promise<RawMessage | undefined> {
    const deadline = Date.now() + ms
    while (this.inbox.length === 0 && !this.closed && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()))
        this.waiters.push(() => {
          clearTimeout(t)
          r()
        })
      })
    }
    return this.inbox.shift()
  }

  close(): void {
    this.socket.destroy()
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }
}
