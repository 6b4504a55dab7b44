/**
 * The real service on a free port, on an embedded DB the bench can also reach directly: the bench
 * starts the embedded server itself and hands its URI to `startStack` as MONGODB_URI, so fixtures
 * can be bulk-inserted with the raw driver and baselines can run against the very same server.
 * Everything runs in this one process (as in the health bench): load generator, service and DB
 * share the event loop, and so do the baselines.
 */
import { MongoClient, type Db } from 'mongodb'
import mongoose from 'mongoose'
import { startEmbeddedServer } from '../../cloud/embedded-db/src/index'
import { sessionModel } from '../../cloud/src/modules/auth/model'
import { roomModel, unitModel } from '../../cloud/src/modules/org/model'
import { supportModel, topicModel } from '../../cloud/src/modules/topics/model'
import { userModel } from '../../cloud/src/modules/users/model'
import { startStack, type Stack } from '../../cloud/src/stack'

export interface BenchStack {
  stack: Stack
  /** The service's database through the raw driver. */
  db: Db
  client: MongoClient
  close(): Promise<void>
}

const DB_NAME = 'bench'

/** Builds the indexes of the collections the benches fill, before the bulk inserts. */
async function createIndexes(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri, { dbName: DB_NAME }).asPromise()
  try {
    const models = [topicModel, supportModel, userModel, sessionModel, roomModel, unitModel]
    for (const model of models) await model(connection).createIndexes()
  } finally {
    await connection.close()
  }
}

export async function startBenchStack(env: Record<string, string> = {}): Promise<BenchStack> {
  const embedded = await startEmbeddedServer({ port: 0 })
  const cleanups: Array<() => Promise<void>> = [() => embedded.close()]
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  }
  try {
    await createIndexes(embedded.uri)
    const client = await new MongoClient(embedded.uri).connect()
    cleanups.push(() => client.close())
    const stack = await startStack({
      port: 0,
      host: '127.0.0.1',
      dataDir: null,
      h5Dir: null,
      seedDemo: false,
      quiet: true,
      env: {
        NODE_ENV: 'development',
        MONGODB_URI: embedded.uri,
        MONGODB_DB: DB_NAME,
        ...env,
      },
    })
    cleanups.push(() => stack.close())
    return { stack, db: client.db(DB_NAME), client, close }
  } catch (error) {
    await close()
    throw error
  }
}
