/** One client socket: frames messages, runs them one at a time, writes replies. */
import type { Socket } from 'node:net'
import type { Document } from 'bson'
import { FramingError, MessageReader, OP_MSG, OP_QUERY, type RawMessage } from './framing'
import { FLAG_MORE_TO_COME, buildOpMsg, parseOpMsg } from './op-msg'
import { buildOpReply, parseOpQuery, unwrapQueryCommand } from './op-query'

export type CommandRunner = (
  cmd: Document,
  connectionId: number,
  remote: string,
) => Promise<Document>

let nextRequestId = 1

export class Connection {
  private readonly reader = new MessageReader()
  private queue: Promise<void> = Promise.resolve()
  readonly remote: string

  constructor(
    readonly socket: Socket,
    readonly id: number,
    private readonly run: CommandRunner,
    private readonly log?: (line: string) => void,
  ) {
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
    socket.setNoDelay(true)
    socket.on('data', (chunk) => this.onData(chunk))
    socket.on('error', () => socket.destroy())
  }

  private onData(chunk: Buffer): void {
    let messages: RawMessage[]
    try {
      messages = this.reader.push(chunk)
    } catch (e) {
      this.drop(e)
      return
    }
    // Requests on one connection are answered in order, like mongod does.
    for (const m of messages) this.queue = this.queue.then(() => this.handle(m))
  }

  private async handle(m: RawMessage): Promise<void> {
    if (this.socket.destroyed) return
    try {
      if (m.header.opCode === OP_MSG) {
        const req = parseOpMsg(m.body)
        const reply = await this.run(req.command, this.id, this.remote)
        // moreToCome from the client (w:0) means it does not read a reply.
        if (req.flags & FLAG_MORE_TO_COME) return
        this.write(buildOpMsg(nextRequestId++, m.header.requestID, reply))
      } else if (m.header.opCode === OP_QUERY) {
        const req = parseOpQuery(m.body)
        if (!req.fullCollectionName.endsWith('.$cmd')) {
          throw new FramingError(`legacy OP_QUERY on ${req.fullCollectionName} is not supported`)
        }
        const reply = await this.run(unwrapQueryCommand(req), this.id, this.remote)
        this.write(buildOpReply(nextRequestId++, m.header.requestID, [reply]))
      } else {
        // OP_COMPRESSED is never negotiated; legacy CRUD opcodes were removed in MongoDB 6.
        throw new FramingError(`unsupported opCode ${m.header.opCode}`)
      }
    } catch (e) {
      this.drop(e)
    }
  }

  private write(buf: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(buf)
  }

  /** Protocol violations close the connection, as mongod does. */
  private drop(e: unknown): void {
    this.log?.(`connection ${this.id} closed: ${e instanceof Error ? e.message : String(e)}`)
    this.socket.destroy()
  }
}
