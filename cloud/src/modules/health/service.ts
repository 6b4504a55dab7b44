/**
 * Health: the service is `ok` when the database answers a ping within a short deadline, else
 * `degraded` (the route answers 503 so load balancers take the instance out).
 */
import type { Connection } from 'mongoose'
import type { DbKind } from '../../plugins/db'
import type { Health } from './schema'

export const PING_TIMEOUT_MS = 1_000
const CONNECTED = 1

/** Never throws: a slow, closed or failing database is reported as `false`. */
export async function pingDb(
  connection: Connection,
  timeoutMs = PING_TIMEOUT_MS,
): Promise<boolean> {
  const database = connection.db
  if (connection.readyState !== CONNECTED || !database) return false
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const ping = database.command({ ping: 1 }).then(
    (reply) => reply.ok === 1,
    () => false,
  )
  try {
    return await Promise.race([ping, deadline])
  } finally {
    clearTimeout(timer)
  }
}

export async function getHealth(
  connection: Connection,
  kind: DbKind,
  version: string,
): Promise<Health> {
  const up = await pingDb(connection)
  return { status: up ? 'ok' : 'degraded', db: kind, version }
}
