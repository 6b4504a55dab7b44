/**
 * Black-box conformance harness: the same suite runs against the embedded server (default) or a real
 * MongoDB when MONGODB_URI is set, so the two can be compared. Tests may only use public `mongodb` /
 * mongoose APIs through this harness — never the embedded server's internals.
 *
 * Transactions need a replica set on real MongoDB (a standalone mongod refuses them), so point
 * MONGODB_URI at a replica set (a single-node one is enough).
 */
import { randomBytes } from 'node:crypto'
import {
  type Db,
  type Document,
  MongoClient,
  type MongoClientOptions,
  type ObjectId,
} from 'mongodb'
import mongoose from 'mongoose'
import { type EmbeddedServer, startEmbeddedServer } from '../../../../cloud/embedded-db/src/index'

// Connecting, building indexes and streaming thousands of documents can exceed jest's 5 s default.
jest.setTimeout(30_000)

export interface Target {
  /** Connection string without a database name. */
  readonly uri: string
  /** A fresh database private to the calling test file; dropped by close(). */
  readonly dbName: string
  readonly client: MongoClient
  readonly db: Db
  /**
   * Whether int32, int64 and double stay distinct BSON types (real MongoDB). The embedded server keeps
   * numbers as values only and answers `$type` int/long/double with NotImplemented (238) instead.
   */
  readonly keepsNumberTypes: boolean
  /** Another independent client (own connection pool), closed by close(). */
  newClient(options?: MongoClientOptions): Promise<MongoClient>
  /** A mongoose connection (createConnection, never the global mongoose) on dbName, closed by close(). */
  mongooseConnection(): Promise<mongoose.Connection>
  close(): Promise<void>
}

const clientOptions: MongoClientOptions = { serverSelectionTimeoutMS: 5_000 }

/** Database names stay well under MongoDB's 64-character limit and never collide across runs. */
function uniqueDbName(label: string): string {
  const slug = label.replace(/[^a-z0-9]+/gi, '_').slice(0, 24)
  return `conf_${slug}_${randomBytes(5).toString('hex')}`
}

export async function connectTarget(label: string): Promise<Target> {
  const external = process.env.MONGODB_URI
  const server = external ? undefined : await startEmbeddedServer({ port: 0 })
  const uri = external ?? (server as EmbeddedServer).uri
  const dbName = uniqueDbName(label)
  const extraClients: MongoClient[] = []
  const connections: mongoose.Connection[] = []
  let client: MongoClient
  try {
    client = await new MongoClient(uri, clientOptions).connect()
  } catch (error) {
    await server?.close()
    throw error
  }
  const db = client.db(dbName)

  return {
    uri,
    dbName,
    client,
    db,
    keepsNumberTypes: Boolean(external),
    async newClient(options = {}) {
      const extra = await new MongoClient(uri, { ...clientOptions, ...options }).connect()
      extraClients.push(extra)
      return extra
    },
    async mongooseConnection() {
      const connection = mongoose.createConnection(uri, { ...clientOptions, dbName })
      connections.push(connection)
      await connection.asPromise()
      return connection
    },
    async close() {
      // Each step runs even if an earlier one fails, so no server or socket outlives the test file.
      const steps: Array<() => Promise<unknown>> = [
        ...connections.map((c) => () => c.close()),
        ...extraClients.map((c) => () => c.close()),
        () => db.dropDatabase(),
        () => client.close(),
        ...(server ? [() => server.close()] : []),
      ]
      const failures: unknown[] = []
      for (const step of steps) {
        try {
          await step()
        } catch (error) {
          failures.push(error)
        }
      }
      if (failures.length > 0) throw failures[0]
    },
  }
}

/** Shape every MongoDB error that reaches the driver has; used to read code/codeName without `any`. */
export interface ServerErrorLike {
  name: string
  message: string
  code?: number
  codeName?: string
  keyPattern?: Record<string, unknown>
  keyValue?: Record<string, unknown>
}

/** Awaits a promise that must reject and returns its error for further assertions. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ServerErrorLike> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    return error as ServerErrorLike
  }
  throw new Error('expected the operation to be rejected, but it succeeded')
}

/**
 * A schema-less document whose _id may be any of the types the tests use; the driver's default
 * `Document` would type _id as ObjectId only.
 */
export type Doc = Document & { _id?: number | string | ObjectId }
