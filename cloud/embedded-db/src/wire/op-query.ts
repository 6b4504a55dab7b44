/** Legacy OP_QUERY (2004) → OP_REPLY (1): only used by drivers for the first handshake command. */
import { deserialize, serialize, type Document } from 'bson'
import { FramingError, OP_REPLY, writeHeader } from './framing'

export interface OpQueryRequest {
  flags: number
  /** e.g. `admin.$cmd` */
  fullCollectionName: string
  numberToSkip: number
  numberToReturn: number
  query: Document
}

export function parseOpQuery(body: Buffer): OpQueryRequest {
  const flags = body.readInt32LE(0)
  const nameEnd = body.indexOf(0, 4)
  if (nameEnd < 0) throw new FramingError('OP_QUERY without a collection name')
  const fullCollectionName = body.toString('utf8', 4, nameEnd)
  let offset = nameEnd + 1
  const numberToSkip = body.readInt32LE(offset)
  const numberToReturn = body.readInt32LE(offset + 4)
  offset += 8
  const size = body.readInt32LE(offset)
  if (size < 5 || offset + size > body.length) throw new FramingError('invalid OP_QUERY document')
  const query = deserialize(body.subarray(offset, offset + size))
  return { flags, fullCollectionName, numberToSkip, numberToReturn, query }
}

export function buildOpReply(requestID: number, responseTo: number, docs: Document[]): Buffer {
  const parts = docs.map((d) => serialize(d))
  const total = 16 + 20 + parts.reduce((n, p) => n + p.length, 0)
  const buf = Buffer.allocUnsafe(total)
  writeHeader(buf, requestID, responseTo, OP_REPLY)
  buf.writeInt32LE(0, 16) // responseFlags
  buf.writeBigInt64LE(0n, 20) // cursorID
  buf.writeInt32LE(0, 28) // startingFrom
  buf.writeInt32LE(docs.length, 32)
  let offset = 36
  for (const p of parts) {
    buf.set(p, offset)
    offset += p.length
  }
  return buf
}

/** OP_QUERY commands may wrap the command as `{ $query: {...}, $readPreference }`. */
export function unwrapQueryCommand(req: OpQueryRequest): Document {
  const q = req.query
  const inner = q.$query as Document | undefined
  const cmd: Document = inner && typeof inner === 'object' ? { ...inner } : { ...q }
  const dot = req.fullCollectionName.indexOf('.')
  cmd.$db = dot > 0 ? req.fullCollectionName.slice(0, dot) : 'admin'
  return cmd
}
