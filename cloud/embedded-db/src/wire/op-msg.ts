/** OP_MSG (opcode 2013): flag bits, a kind-0 body and kind-1 document sequences, optional CRC32C. */
import { deserialize, serialize, type Document } from 'bson'
import { FramingError, OP_MSG, writeHeader } from './framing'

export const FLAG_CHECKSUM_PRESENT = 1 << 0
export const FLAG_MORE_TO_COME = 1 << 1
export const FLAG_EXHAUST_ALLOWED = 1 << 16
const KNOWN_FLAGS = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME | FLAG_EXHAUST_ALLOWED

export interface OpMsgRequest {
  flags: number
  /** The kind-0 body with every kind-1 sequence merged in as an array field. */
  command: Document
}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset)
  if (end < 0) throw new FramingError('unterminated cstring')
  return [buf.toString('utf8', offset, end), end + 1]
}

function readDocument(buf: Buffer, offset: number, limit: number): [Document, number] {
  if (offset + 5 > limit) throw new FramingError('truncated document')
  const size = buf.readInt32LE(offset)
  if (size < 5 || offset + size > limit) throw new FramingError('invalid document size')
  // promoteValues: mingo cannot compare bson number wrappers (see README "number types").
  const doc = deserialize(buf.subarray(offset, offset + size), { promoteValues: true })
  return [doc, offset + size]
}

export function parseOpMsg(body: Buffer): OpMsgRequest {
  if (body.length < 5) throw new FramingError('OP_MSG too short')
  const flags = body.readUInt32LE(0)
  // Unknown required bits (0-15) must make the server reject the message.
  if ((flags & 0xffff & ~KNOWN_FLAGS) !== 0)
    throw new FramingError(`unsupported OP_MSG flags ${flags}`)
  // The checksum is only an integrity check over TCP; we strip it rather than verify it.
  const end = flags & FLAG_CHECKSUM_PRESENT ? body.length - 4 : body.length
  let offset = 4
  let command: Document | undefined
  const sequences: [string, Document[]][] = []
  while (offset < end) {
    const kind = body.readUInt8(offset)
    offset += 1
    if (kind === 0) {
      if (command) throw new FramingError('OP_MSG has more than one body section')
      ;[command, offset] = readDocument(body, offset, end)
    } else if (kind === 1) {
      const size = body.readInt32LE(offset)
      const seqEnd = offset + size
      if (size < 5 || seqEnd > end) throw new FramingError('invalid document sequence size')
      let id: string
      ;[id, offset] = readCString(body, offset + 4)
      const docs: Document[] = []
      while (offset < seqEnd) {
        let doc: Document
        ;[doc, offset] = readDocument(body, offset, seqEnd)
        docs.push(doc)
      }
      sequences.push([id, docs])
    } else {
      throw new FramingError(`unknown OP_MSG section kind ${kind}`)
    }
  }
  if (!command) throw new FramingError('OP_MSG without a body section')
  for (const [id, docs] of sequences) {
    if (id in command) throw new FramingError(`duplicate field ${id} in body and document sequence`)
    command[id] = docs
  }
  return { flags, command }
}

export function buildOpMsg(requestID: number, responseTo: number, reply: Document): Buffer {
  const doc = serialize(reply)
  const buf = Buffer.allocUnsafe(16 + 4 + 1 + doc.length)
  writeHeader(buf, requestID, responseTo, OP_MSG)
  buf.writeUInt32LE(0, 16)
  buf.writeUInt8(0, 20)
  buf.set(doc, 21)
  return buf
}
