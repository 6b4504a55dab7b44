/** Handshake and administrative commands: minimal but honest answers. */
import os from 'node:os'
import { Binary, type Document } from 'bson'
import { Query } from 'mingo'
import { Codes, fail } from '../errors'
import { MAX_BSON_SIZE, MAX_MESSAGE_SIZE } from '../wire/framing'
import type { CommandContext, Handler } from './context'

export const SERVER_VERSION = '7.0.14'
export const MAX_WIRE_VERSION = 21
const MAX_WRITE_BATCH = 100_000

/** Standalone topology: no setName, no topologyVersion (no streaming), but sessions enabled. */
function hello(c: CommandContext, legacy: boolean): Document {
  const reply: Document = {
    helloOk: true,
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: c.server.sessionTimeoutMinutes,
    connectionId: c.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  }
  return reply
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'shangliang-embedded-db',
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  }
}

function serverStatus(c: CommandContext): Document {
  const uptimeMillis = Date.now() - c.server.startedAt
  return {
    host: `${os.hostname()}:${c.server.port}`,
    version: SERVER_VERSION,
    process: 'embedded-db',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    uptimeEstimate: Math.floor(uptimeMillis / 1000),
    localTime: new Date(),
    connections: {
      current: c.server.connections(),
      available: 100_000,
      totalCreated: c.server.totalConnections(),
    },
    storageEngine: { name: 'embedded', supportsCommittedReads: false, persistent: true },
    ok: 1,
  }
}

function hostInfo(): Document {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 1024 / 1024),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  }
}

function getParameter(c: CommandContext): Document {
  const known: Document = {
    featureCompatibilityVersion: { version: '7.0' },
    transactionLifetimeLimitSeconds: Math.round(
      (c.engine.options.transactionLifetimeMs ?? 60_000) / 1000,
    ),
    maxTransactionLockRequestTimeoutMillis: 5,
    authenticationMechanisms: [],
  }
  if (
    c.cmd.getParameter === '*' ||
    (typeof c.cmd.getParameter === 'object' && c.cmd.getParameter?.allParameters)
  ) {
    return { ...known, ok: 1 }
  }
  const out: Document = {}
  for (const k of Object.keys(c.cmd)) {
    if (k === 'getParameter' || k.startsWith('$') || k === 'lsid') continue
    if (!(k in known)) fail(Codes.InvalidOptions, 'no option found to get')
    out[k] = known[k]
  }
  return { ...out, ok: 1 }
}

function listDatabases(c: CommandContext): Document {
  const filter = c.cmd.filter ? new Query(c.cmd.filter as Document) : undefined
  const databases: Document[] = []
  let total = 0
  for (const [name, colls] of c.engine.catalog.dbs) {
    let size = 0
    for (const coll of colls.values()) size += coll.docs.size * 256 // estimate: no on-disk size
    const entry = { name, sizeOnDisk: size, empty: size === 0 }
    if (filter && !filter.test(entry)) continue
    databases.push(c.cmd.nameOnly ? { name } : entry)
    total += size
  }
  if (c.cmd.nameOnly) return { databases, ok: 1 }
  return { databases, totalSize: total, totalSizeMb: Math.round(total / 1024 / 1024), ok: 1 }
}

function endSessions(c: CommandContext): Document {
  const list = (c.cmd.endSessions ?? c.cmd.killSessions ?? []) as Document[]
  for (const s of list) {
    if (s?.id instanceof Binary) {
      const id = Buffer.from(s.id.buffer).toString('hex')
      c.engine.endSession(id)
      c.cursors.killSession(id)
    }
  }
  return { ok: 1 }
}

function dbStats(c: CommandContext): Document {
  const colls = [...(c.engine.catalog.dbs.get(c.db)?.values() ?? [])]
  const objects = colls.reduce((n, x) => n + x.docs.size, 0)
  const indexes = colls.reduce((n, x) => n + x.indexes.length, 0)
  return { db: c.db, collections: colls.length, views: 0, objects, indexes, ok: 1 }
}

export const adminCommands: Record<string, Handler> = {
  hello: (c) => hello(c, false),
  isMaster: (c) => hello(c, true),
  ismaster: (c) => hello(c, true),
  ping: () => ({ ok: 1 }),
  buildInfo,
  buildinfo: buildInfo,
  serverStatus,
  hostInfo,
  getParameter,
  connectionStatus: () => ({
    authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
    ok: 1,
  }),
  whatsmyuri: (c) => ({ you: c.remote, ok: 1 }),
  listDatabases,
  endSessions,
  killSessions: endSessions,
  getCmdLineOpts: () => ({ argv: ['embedded-db'], parsed: {}, ok: 1 }),
  dbStats,
}
