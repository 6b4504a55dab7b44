/**
 * Recording and reading the audit log. Services call `recordAudit` in the same session (transaction)
 * as the change they describe, so a change without its audit entry — or the reverse — cannot happen.
 */
import { Types, type ClientSession, type Connection } from 'mongoose'
import { auditModel, type AuditDoc } from './model'

export interface AuditEntry {
  actorId: string | null
  action: string
  target: { kind: string; id: string }
  /** The unit the target lies in, with its ancestors (root first), for subtree reads. */
  unit?: { id: string; ancestors: readonly string[] } | null
  before?: unknown
  after?: unknown
  requestId?: string
  ip?: string
}

/** Fields never written to the log, whatever object a service passes as before/after. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'refreshTokenHash', 'sessionKey'])

function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return null
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) => (SECRET_FIELDS.has(key) ? undefined : inner)),
  ) as unknown
}

export async function recordAudit(
  db: Connection,
  entry: AuditEntry,
  session?: ClientSession,
): Promise<void> {
  const Audit = auditModel(db)
  await Audit.create(
    [
      {
        at: new Date(),
        actorId: entry.actorId ? new Types.ObjectId(entry.actorId) : null,
        action: entry.action,
        target: entry.target,
        unitId: entry.unit ? new Types.ObjectId(entry.unit.id) : null,
        unitAncestors: (entry.unit?.ancestors ?? []).map((id) => new Types.ObjectId(id)),
        before: scrub(entry.before),
        after: scrub(entry.after),
        requestId: entry.requestId,
        ip: entry.ip,
      },
    ],
    { session },
  )
}

export interface AuditQuery {
  /** Limit to these subtrees (office staff); undefined = everything (admin). */
  withinUnitIds?: readonly string[]
  targetKind?: string
  targetId?: string
  before?: Date
  /** With `before`: also entries AT `before` whose id is below this (entries sharing a millisecond). */
  beforeId?: string
  limit: number
}

export async function listAuditEntries(db: Connection, query: AuditQuery): Promise<AuditDoc[]> {
  const filter: Record<string, unknown> = {}
  if (query.withinUnitIds) {
    const ids = query.withinUnitIds.map((id) => new Types.ObjectId(id))
    filter.$or = [{ unitId: { $in: ids } }, { unitAncestors: { $in: ids } }]
  }
  if (query.targetKind) filter['target.kind'] = query.targetKind
  if (query.targetId) filter['target.id'] = query.targetId
  if (query.before && query.beforeId) {
    const page = [
      { at: { $lt: query.before } },
      { at: query.before, _id: { $lt: new Types.ObjectId(query.beforeId) } },
    ]
    filter.$and = [...(filter.$or ? [{ $or: filter.$or }] : []), { $or: page }]
    delete filter.$or
  } else if (query.before) filter.at = { $lt: query.before }
  return auditModel(db).find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).lean<AuditDoc[]>()
}
