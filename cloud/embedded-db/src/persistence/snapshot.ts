/**
 * Snapshot files (layout in the format note of index.ts):
 *   record := u32le bodyLen | u8 kind | body | u32le crc32(bodyLen, kind, body)
 *   file   := H (header) { C (collection) D* (its documents) }* E (end: counts + crc32 of all bytes before E)
 */
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { basename, dirname } from 'node:path'
import { deserialize } from 'bson'
import type { DeserializeOptions, Document } from 'bson'
import type { CollectionImage } from './types'
import { fsyncDir, TMP_SUFFIX, writeAll } from './fs-utils'
import { serializeAnySize } from './record-codec'

const FORMAT = 'shangliang-embedded-db/snapshot'
const VERSION = 1
const KIND = { header: 0x48, coll: 0x43, doc: 0x44, end: 0x45 } as const
const FLUSH_BYTES = 4 * 1024 * 1024

/**
 * A collection fixed at checkpoint time, so later changes in memory cannot leak into the snapshot:
 * documents are either serialized already (Buffer) or references the engine promises never to mutate.
 */
export interface CapturedCollection {
  meta: Buffer
  docs: (Buffer | Document)[]
}

/**
 * Runs synchronously at call time: this is what makes the snapshot a consistent cut. With
 * `immutableDocs` only the document references are copied and serialization happens while writing,
 * which keeps the event loop free and memory bounded; otherwise every document is serialized now.
 */
export function captureCollections(
  collections: Iterable<CollectionImage>,
  immutableDocs: boolean,
): CapturedCollection[] {
  const out: CapturedCollection[] = []
  for (const c of collections) {
    const docs = immutableDocs ? [...c.docs] : [...c.docs].map(serializeAnySize)
    const meta = serializeAnySize({
      db: c.db,
      coll: c.coll,
      options: c.options,
      indexes: c.indexes,
      count: docs.length,
    })
    out.push({ meta, docs })
  }
  return out
}

function frame(kind: number, body: Buffer): Buffer[] {
  const head = Buffer.allocUnsafe(5)
  head.writeUInt32LE(body.length, 0)
  head.writeUInt8(kind, 4)
  const tail = Buffer.allocUnsafe(4)
  tail.writeUInt32LE(crc32(body, crc32(head)), 0)
  return [head, body, tail]
}

/** Buffers small records into large writes and keeps the whole-file CRC. */
class ChunkWriter {
  private parts: Buffer[] = []
  private size = 0
  crc = 0
  constructor(private readonly fh: FileHandle) {}
  async push(bufs: Buffer[]): Promise<void> {
    for (const b of bufs) {
      this.parts.push(b)
      this.size += b.length
      this.crc = crc32(b, this.crc)
    }
    if (this.size >= FLUSH_BYTES) await this.flush()
  }
  async flush(): Promise<void> {
    await writeAll(this.fh, this.parts)
    this.parts = []
    this.size = 0
  }
}

export interface SnapshotHeader {
  gen: number
  lastSeq: number
}

/**
 * Writes `<finalPath>.tmp`, flushes it, renames it into place and flushes the directory.
 * Releases each collection's buffers once written so memory shrinks as the file grows.
 */
export async function writeSnapshot(
  finalPath: string,
  header: SnapshotHeader,
  captured: (CapturedCollection | null)[],
  fsync: boolean,
): Promise<number> {
  const tmp = finalPath + TMP_SUFFIX
  const fh = await fsp.open(tmp, 'w')
  let docs = 0
  try {
    const w = new ChunkWriter(fh)
    const h = { format: FORMAT, version: VERSION, ...header, createdAt: new Date() }
    await w.push(frame(KIND.header, serializeAnySize(h)))
    for (let i = 0; i < captured.length; i++) {
      const c = captured[i]
      if (!c) continue
      await w.push(frame(KIND.coll, c.meta))
      for (const d of c.docs) {
        await w.push(frame(KIND.doc, Buffer.isBuffer(d) ? d : serializeAnySize(d)))
      }
      docs += c.docs.length
      captured[i] = null
    }
    const end = { collections: captured.length, docs, crc: w.crc }
    await w.push(frame(KIND.end, serializeAnySize(end)))
    await w.flush()
    if (fsync) await fh.sync()
  } finally {
    await fh.close()
  }
  await fsp.rename(tmp, finalPath)
  if (fsync) await fsyncDir(dirname(finalPath))
  return docs
}

export class InvalidSnapshotError extends Error {}

export interface LoadedSnapshot extends SnapshotHeader {
  collections: CollectionImage[]
}

/** Reads a file front to back in large chunks, so snapshots are not limited by readFile's 2 GB. */
class SequentialReader {
  private buf = Buffer.alloc(0)
  private off = 0
  private filePos = 0
  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}
  get position(): number {
    return this.filePos - (this.buf.length - this.off)
  }
  /** The next `n` bytes, or null at end of file. */
  async take(n: number): Promise<Buffer | null> {
    while (this.buf.length - this.off < n) {
      const room = this.size - this.filePos
      if (room <= 0) return null
      const chunk = Buffer.allocUnsafe(Math.min(room, Math.max(n, FLUSH_BYTES)))
      const { bytesRead } = await this.fh.read(chunk, 0, chunk.length, this.filePos)
      if (bytesRead === 0) return null
      this.filePos += bytesRead
      this.buf = Buffer.concat([this.buf.subarray(this.off), chunk.subarray(0, bytesRead)])
      this.off = 0
    }
    const out = this.buf.subarray(this.off, this.off + n)
    this.off += n
    return out
  }
}

/** Reads and fully verifies a snapshot; throws InvalidSnapshotError on any damage. */
export async function readSnapshot(
  path: string,
  options: DeserializeOptions,
): Promise<LoadedSnapshot> {
  const fh = await fsp.open(path, 'r')
  try {
    return await readSnapshotFrom(new SequentialReader(fh, (await fh.stat()).size), path, options)
  } finally {
    await fh.close()
  }
}

async function readSnapshotFrom(
  r: SequentialReader,
  path: string,
  options: DeserializeOptions,
): Promise<LoadedSnapshot> {
  const bad = (why: string): never => {
    throw new InvalidSnapshotError(`${basename(path)}: ${why}`)
  }
  let fileCrc = 0
  const next = async (): Promise<{ kind: number; body: Buffer }> => {
    const at = r.position
    const head = (await r.take(5)) ?? bad(`truncated at byte ${at}`)
    const len = head.readUInt32LE(0)
    if (len < 5 || at + 9 + len > r.size) bad(`bad record length at byte ${at}`)
    const rest = (await r.take(len + 4)) ?? bad(`truncated at byte ${at}`)
    const body = rest.subarray(0, len)
    if (crc32(body, crc32(head)) !== rest.readUInt32LE(len)) bad(`checksum mismatch at byte ${at}`)
    const kind = head.readUInt8(4)
    if (kind !== KIND.end) fileCrc = crc32(rest, crc32(head, fileCrc))
    return { kind, body }
  }
  const asDoc = (body: Buffer): Document => deserialize(body, options)
  // Header and end record are ours: read them with default options whatever the engine asked for.
  const asOwn = (body: Buffer): Document => deserialize(body)

  const first = await next()
  const h = first.kind === KIND.header ? asOwn(first.body) : bad('no header record')
  if (h.format !== FORMAT || h.version !== VERSION) bad('unknown format or version')
  const collections: CollectionImage[] = []
  let docCount = 0
  for (;;) {
    const rec = await next()
    if (rec.kind === KIND.end) {
      const end = asOwn(rec.body)
      if (r.position !== r.size) bad('data after the end record')
      if (end.collections !== collections.length || end.docs !== docCount) bad('count mismatch')
      if (end.crc !== fileCrc) bad('whole-file checksum mismatch')
      break
    }
    if (rec.kind !== KIND.coll) bad(`unexpected record kind ${rec.kind} before byte ${r.position}`)
    const meta = asDoc(rec.body)
    const docs: Document[] = []
    for (let i = 0; i < Number(meta.count); i++) {
      const d = await next()
      if (d.kind !== KIND.doc) bad(`collection ${meta.db}.${meta.coll} is missing documents`)
      docs.push(asDoc(d.body))
    }
    docCount += docs.length
    const { db, coll, options: collOptions, indexes } = meta
    collections.push({ db, coll, options: collOptions, indexes, docs })
  }
  return { gen: Number(h.gen), lastSeq: Number(h.lastSeq), collections }
}
