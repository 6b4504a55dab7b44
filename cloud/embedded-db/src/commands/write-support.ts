/** Shared pieces of the write commands: lock waits, statement execution, write-error shapes. */
import type { Document } from 'bson'
import { Codes, MongoCommandError, TRANSIENT, errorReply, fail } from '../errors'
import type { Collection } from '../engine/collection'
import { LockWait, type Change } from '../engine/engine'
import { compileMatcher, folds, normalizeFilter } from '../engine/query'
import type { CommandContext } from './context'

const MAX_LOCK_WAITS = 1000

/**
 * Runs a synchronous write step; when it hits a document an open transaction holds, journals
 * what the command wrote so far (keeping journal order = commit order), waits for that
 * transaction to finish, and runs the step again — MongoDB also blocks such writes.
 */
export async function withLockWait<T>(c: CommandContext, step: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return step()
    } catch (e) {
      if (!(e instanceof LockWait) || attempt >= MAX_LOCK_WAITS) throw e
      c.engine.flush(c.writes)
      await e.txn.done
    }
  }
}

export function applyOrThrow(c: CommandContext, coll: Collection, changes: Change[]): number {
  const r = c.engine.apply(c.writes, coll, changes, c.txn)
  if (r.error !== undefined) throw r.error
  return r.applied
}

/** Documents of `coll` matching `filter` as the command's transaction sees them (first `max`). */
export function matching(
  c: CommandContext,
  coll: Collection | undefined,
  filter: Document | undefined,
  max = Infinity,
  collation?: Document,
): Document[] {
  const test = compileMatcher(filter, coll, c.cmd.let as Document | undefined, collation)
  const { docs } = c.engine.select(coll, normalizeFilter(filter ?? {}), c.txn, {
    limit: Number.isFinite(max) ? max : undefined,
    fold: folds(collation),
  })
  const out: Document[] = []
  if (max <= 0) return out
  for (const d of docs) if (test(d) && out.push(d) >= max) break
  return out
}

/** Errors that must abort the command as a whole (so the driver sees their labels). */
export function isTopLevel(err: unknown): boolean {
  return err instanceof MongoCommandError && err.labels.includes(TRANSIENT)
}

export function writeError(index: number, err: unknown): Document {
  if (isTopLevel(err)) throw err
  const r = errorReply(err)
  const { ok: _ok, errmsg, code, codeName: _codeName, errorLabels: _labels, ...extra } = r
  return { index, code, errmsg, ...extra }
}

export function requireArray(c: CommandContext, field: string): Document[] {
  const v = c.cmd[field]
  if (!Array.isArray(v))
    fail(
      Codes.TypeMismatch,
      `BSON field '${Object.keys(c.cmd)[0]}.${field}' is missing but a required field`,
    )
  return v as Document[]
}

export function writeReply(n: number, writeErrors: Document[], extra: Document = {}): Document {
  const reply: Document = { n, ...extra }
  if (writeErrors.length > 0) reply.writeErrors = writeErrors
  reply.ok = 1
  return reply
}
