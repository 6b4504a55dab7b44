/** Splits a TCP byte stream into whole MongoDB wire messages (16-byte header + body). */

export const OP_REPLY = 1
export const OP_QUERY = 2004
export const OP_COMPRESSED = 2012
export const OP_MSG = 2013

export const MAX_MESSAGE_SIZE = 48_000_000
export const MAX_BSON_SIZE = 16 * 1024 * 1024
const HEADER_SIZE = 16

export interface MessageHeader {
  messageLength: number
  requestID: number
  responseTo: number
  opCode: number
}

export interface RawMessage {
  header: MessageHeader
  /** Bytes after the 16-byte header. */
  body: Buffer
}

export class FramingError extends Error {}

/** Accumulates chunks; `push` returns every complete message now available. */
export class MessageReader {
  private chunks: Buffer[] = []
  private buffered = 0

  constructor(private readonly maxMessageSize = MAX_MESSAGE_SIZE) {}

  push(chunk: Buffer): RawMessage[] {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const out: RawMessage[] = []
    while (this.buffered >= 4) {
      const head = this.peek(4)
      const length = head.readInt32LE(0)
      if (length < HEADER_SIZE || length > this.maxMessageSize) {
        throw new FramingError(`invalid message length ${length}`)
      }
      if (this.buffered < length) break
      const bytes = this.take(length)
      out.push({
        header: {
          messageLength: length,
          requestID: bytes.readInt32LE(4),
          responseTo: bytes.readInt32LE(8),
          opCode: bytes.readInt32LE(12),
        },
        body: bytes.subarray(HEADER_SIZE),
      })
    }
    return out
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0]
    const joined = Buffer.concat(this.chunks)
    this.chunks = [joined]
    return joined
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]
    if (first.length === n) {
      this.chunks.shift()
    } else if (first.length < n) {
      const joined = Buffer.concat(this.chunks)
      this.chunks = [joined.subarray(n)]
      this.buffered -= n
      return joined.subarray(0, n)
    } else {
      this.chunks[0] = first.subarray(n)
    }
    this.buffered -= n
    return first.subarray(0, n)
  }
}

export function writeHeader(
  buf: Buffer,
  requestID: number,
  responseTo: number,
  opCode: number,
): void {
  buf.writeInt32LE(buf.length, 0)
  buf.writeInt32LE(requestID, 4)
  buf.writeInt32LE(responseTo, 8)
  buf.writeInt32LE(opCode, 12)
}
