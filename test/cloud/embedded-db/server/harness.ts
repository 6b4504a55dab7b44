/** Starts an in-memory embedded server plus a real mongodb driver client for one test file. */
import { MongoClient, type Db } from 'mongodb'
import {
  startEmbeddedServer,
  type EmbeddedServer,
  type EmbeddedServerTuning,
} from '../../../../cloud/embedded-db/src/index'

export interface Harness {
  server: EmbeddedServer
  client: MongoClient
  db: Db
}

export async function startHarness(
  tuning: EmbeddedServerTuning = {},
  dbName = 'test',
): Promise<Harness> {
  const server = await startEmbeddedServer({ port: 0, ...tuning })
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 })
  await client.connect()
  return { server, client, db: client.db(dbName) }
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  if (!h) return
  await h.client.close()
  await h.server.close()
}

/** Runs a promise expected to fail and returns the error (fails the test if it resolves). */
export async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    return e as Record<string, unknown>
  }
  throw new Error('expected the operation to fail')
}
