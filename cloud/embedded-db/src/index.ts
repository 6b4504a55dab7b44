/**
 * Shangliang's embedded MongoDB-wire-compatible server — for development, demos and tests only.
 * Production points MONGODB_URI at real MongoDB.
 *
 * Contract used by the service (`npm start`), the tests and the benches:
 *   const db = await startEmbeddedServer({ port: 0, dbpath: './.data/db' })
 *   mongoose.connect(db.uri, { dbName: 'shangliang' })   // db.uri = 'mongodb://127.0.0.1:<port>'
 *   await db.close()
 */
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

export async function startEmbeddedServer(
  _options: EmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  throw new Error('embedded-db: not implemented yet')
}
