/**
 * Runs each registered seed at most once per database. The claim is a `meta` document whose `_id`
 * is `seed:<name>`: `_id` is unique, so when two instances start on one database at once exactly one
 * insert wins and the other skips. A seed that fails releases its claim so the next start retries.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Connection } from 'mongoose'
import type { SeedRegistry } from './registry'

interface SeedMarker {
  _id: string
  state: 'running' | 'done'
  startedAt: Date
  finishedAt?: Date
}

const DUPLICATE_KEY = 11000

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY
}

/** Returns the names of the seeds this call ran (empty when all were already claimed). */
export async function runSeeds(
  connection: Connection,
  registry: SeedRegistry,
  log: FastifyBaseLogger,
): Promise<string[]> {
  const database = connection.db
  if (!database) throw new Error('runSeeds: the connection is not open')
  const meta = database.collection<SeedMarker>('meta')
  const ran: string[] = []
  for (const [name, fn] of registry.entries()) {
    const _id = `seed:${name}`
    try {
      await meta.insertOne({ _id, state: 'running', startedAt: new Date() })
    } catch (error) {
      if (isDuplicateKey(error)) continue
      throw error
    }
    try {
      await fn({ db: connection, log })
    } catch (error) {
      await meta.deleteOne({ _id })
      throw error
    }
    await meta.updateOne({ _id }, { $set: { state: 'done', finishedAt: new Date() } })
    log.info({ seed: name }, 'demo data loaded')
    ran.push(name)
  }
  return ran
}
