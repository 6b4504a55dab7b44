/**
 * Shangliang's embedded MongoDB-wire-compatible server — for development, demos and tests only.
 * Production points MONGODB_URI at real MongoDB.
 *
 * Contract used by the service (`npm start`), the tests and the benches:
 *   const db = await startEmbeddedServer({ port: 0, dbpath: './.data/db' })
 *   mongoose.connect(db.uri, { dbName: 'shangliang' })   // db.uri = 'mongodb://127.0.0.1:<port>'
 *   await db.close()
 */
import { MemoryPersistence } from './engine/memory-persistence'
import { openPersistence } from './persistence/index'
import { DbServer } from './server'

export interface EmbeddedServerOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Folder for journal and snapshots; omitted → memory only (tests). */
  dbpath?: string
  /** Receives one line per notable event (start, recovery notes, checkpoint); default silent. */
  log?: (line: string) => void
}

export interface EmbeddedServer {
  /** `mongodb://host:port` without a database name. */
  readonly uri: string
  readonly host: string
  readonly port: number
  /** Stops accepting connections, closes clients, flushes and releases the dbpath lock. */
  close(): Promise<void>
}

/** Knobs for tests (fast TTL sweeps, short transaction lifetimes); not part of the public contract. */
export interface EmbeddedServerTuning {
  ttlIntervalMs?: number
  transactionLifetimeMs?: number
  checkpointBytes?: number
}

export async function startEmbeddedServer(
  options: EmbeddedServerOptions & EmbeddedServerTuning = {},
): Promise<EmbeddedServer> {
  const host = options.host ?? '127.0.0.1'
  const persistence = options.dbpath
    ? openPersistence(options.dbpath, {
        log: options.log,
        // Stored documents are never mutated in place (updates replace them), and must decode
        // exactly like wire input does (promoted numbers), see README "number types".
        immutableDocuments: true,
        bsonOptions: { promoteValues: true, promoteLongs: true },
      })
    : new MemoryPersistence()
  const server = new DbServer({ ...options, host, port: options.port ?? 0, persistence })
  const addr = await server.start()
  options.log?.(`embedded-db listening on mongodb://${host}:${addr.port}`)
  let closing: Promise<void> | undefined
  return {
    uri: `mongodb://${host}:${addr.port}`,
    host,
    port: addr.port,
    close: () => (closing ??= server.close()),
  }
}
