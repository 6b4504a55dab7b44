/**
 * Journal record encoding and scanning (layout in the format note of index.ts):
 *   u32le bodyLen | u64le seq | body (BSON { e: EffectBatch }) | u32le crc32(bodyLen, seq, body)
 */
import { crc32 } from 'node:zlib'
import { calculateObjectSize, deserialize, serialize, setInternalBufferSize } from 'bson'
import type { DeserializeOptions, Document } from 'bson'
import type { EffectBatch } from './types'

export const RECORD_HEAD = 12
export const RECORD_OVERHEAD = RECORD_HEAD + 4
/** Sanity bound on the length field: a bigger value can only be garbage. */
export const MAX_BODY = 1 << 30
/** bson's shared serialization buffer (17 MB); bigger documents need it enlarged. */
const BSON_DEFAULT_BUFFER = 17 * 1024 * 1024

const asBuffer = (u8: Uint8Array): Buffer => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength)

/**
 * Serializes a document of any size: a transaction may carry several 16 MB documents.
 * bson writes into a shared 17 MB buffer and silently truncates past it (seen with bson 7.3),
 * so the size is computed first and the result checked against it.
 */
export function serializeAnySize(doc: Document): Buffer {
  const size = calculateObjectSize(doc)
  // Grows bson's shared buffer for good; only oversized transactions ever get here.
  if (size > BSON_DEFAULT_BUFFER) setInternalBufferSize(size)
  const out = asBuffer(serialize(doc))
  if (out.length !== size || out.readInt32LE(0) !== size) {
    throw new Error(
      `embedded-db: BSON serialization produced ${out.length} bytes, expected ${size}`,
    )
  }
  return out
}

export function encodeRecord(seq: number, batch: EffectBatch): Buffer {
  const body = serializeAnySize({ e: batch })
  if (body.length > MAX_BODY)
    throw new Error(`embedded-db: batch of ${body.length} bytes is too large to journal`)
  const rec = Buffer.allocUnsafe(RECORD_OVERHEAD + body.length)
  rec.writeUInt32LE(body.length, 0)
  rec.writeBigUInt64LE(BigInt(seq), 4)
  body.copy(rec, RECORD_HEAD)
  const end = RECORD_HEAD + body.length
  rec.writeUInt32LE(crc32(rec.subarray(0, end)), end)
  return rec
}

export type RecordProbe =
  { ok: true; seq: number; body: Buffer; end: number } | { ok: false; reason: string }

/** Checks whether a complete, intact record starts at `pos`. */
export function probeRecord(buf: Buffer, pos: number): RecordProbe {
  if (pos + RECORD_OVERHEAD > buf.length) return { ok: false, reason: 'incomplete record header' }
  const len = buf.readUInt32LE(pos)
  if (len < 5 || len > MAX_BODY) return { ok: false, reason: `implausible length ${len}` }
  const end = pos + RECORD_OVERHEAD + len
  if (end > buf.length) return { ok: false, reason: 'incomplete record body' }
  const crcAt = end - 4
  if (crc32(buf.subarray(pos, crcAt)) !== buf.readUInt32LE(crcAt)) {
    return { ok: false, reason: 'checksum mismatch' }
  }
  const body = buf.subarray(pos + RECORD_HEAD, crcAt)
  if (body.readInt32LE(0) !== len) return { ok: false, reason: 'BSON length mismatch' }
  return { ok: true, seq: Number(buf.readBigUInt64LE(pos + 4)), body, end }
}

export interface JournalScan {
  records: { seq: number; offset: number; body: Buffer }[]
  /** Offset just past the last intact record. */
  validEnd: number
  /** Why scanning stopped before the end of the buffer, if it did. */
  stopReason: string | null
}

export function scanJournal(buf: Buffer): JournalScan {
  const records: JournalScan['records'] = []
  let pos = 0
  while (pos < buf.length) {
    const p = probeRecord(buf, pos)
    if (!p.ok) return { records, validEnd: pos, stopReason: p.reason }
    records.push({ seq: p.seq, offset: pos, body: p.body })
    pos = p.end
  }
  return { records, validEnd: pos, stopReason: null }
}

/**
 * Looks for any intact record at or after `from` whose sequence is at least `minSeq`.
 * Finding one past a bad record means the damage is in the middle, not a torn tail.
 * The length and sequence checks keep this linear-ish: the CRC runs only on plausible candidates.
 */
export function findIntactRecordAfter(buf: Buffer, from: number, minSeq: number): number {
  for (let q = from; q + RECORD_OVERHEAD <= buf.length; q++) {
    const len = buf.readUInt32LE(q)
    if (len < 5 || q + RECORD_OVERHEAD + len > buf.length) continue
    const seq = buf.readUInt32LE(q + 8) * 2 ** 32 + buf.readUInt32LE(q + 4)
    if (seq < minSeq || seq > minSeq + 2 ** 32) continue
    if (probeRecord(buf, q).ok) return q
  }
  return -1
}

export function decodeBatch(body: Buffer, options: DeserializeOptions): EffectBatch {
  const doc = deserialize(body, options)
  if (!Array.isArray(doc.e)) throw new Error('journal record body has no effect array')
  return doc.e as EffectBatch
}
