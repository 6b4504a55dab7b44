/**
 * Who is making an admin change, for the audit entry written with it.
 */
import type { ClientSession, Connection } from 'mongoose'
import { recordAudit } from '../audit/service'

export interface Actor {
  actorId: string
  requestId?: string
  ip?: string
}

export interface OrgAuditEntry {
  action: string
  target: { kind: 'unit' | 'room'; id: string }
  /** The affected unit and its ancestors (root first). */
  unit: { id: string; ancestors: readonly string[] }
  before?: unknown
  after?: unknown
}

export async function auditOrgChange(
  db: Connection,
  actor: Actor,
  entry: OrgAuditEntry,
  session?: ClientSession,
): Promise<void> {
  await recordAudit(
    db,
    { actorId: actor.actorId, requestId: actor.requestId, ip: actor.ip, ...entry },
    session,
  )
}
