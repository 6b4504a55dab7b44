/** Dispatches a command document to its handler inside the right session/transaction. */
import type { Document } from 'bson'
import { Codes, MongoCommandError, errorReply, fail } from '../errors'
import { WriteCtx } from '../engine/engine'
import { noSuchTransaction } from '../engine/transaction'
import { adminCommands } from './admin'
import { aggregateCommands } from './aggregate'
import { catalogCommands } from './catalog'
import type { CommandContext, Handler } from './context'
import { explainCommands } from './explain'
import { findAndModifyCommands } from './find-and-modify'
import { readCommands } from './reads'
import { writeCommands } from './writes'

const TXN_ALLOWED = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
])

function txnNumberOf(c: CommandContext): number {
  if (c.cmd.txnNumber === undefined)
    fail(
      Codes.InvalidOptions,
      'Given transaction number does not match any in-progress transactions.',
    )
  return Number(c.cmd.txnNumber)
}

async function commitTransaction(c: CommandContext): Promise<Document> {
  const s = c.session
  const n = txnNumberOf(c)
  const txn = s?.txn
  if (!s || !txn || txn.txnNumber !== n) {
    if (s && n < s.txnNumber)
      fail(
        Codes.TransactionTooOld,
        `txnNumber ${n} is less than last txnNumber ${s.txnNumber} seen in session`,
      )
    throw noSuchTransaction(n)
  }
  if (txn.state === 'committed') return { ok: 1 } // a retried commit is answered again
  if (txn.state === 'aborted') throw noSuchTransaction(n)
  await c.engine.commit(txn)
  c.engine.maybeCheckpoint()
  return { ok: 1 }
}

function abortTransaction(c: CommandContext): Document {
  const n = txnNumberOf(c)
  const txn = c.session?.txn
  if (!txn || txn.txnNumber !== n || txn.state === 'aborted') throw noSuchTransaction(n)
  if (txn.state === 'committed')
    fail(Codes.TransactionCommitted, `Transaction with { txnNumber: ${n} } has been committed.`)
  c.engine.abort(txn)
  return { ok: 1 }
}

const handlers: Record<string, Handler> = {
  ...adminCommands,
  ...catalogCommands,
  ...writeCommands,
  ...readCommands,
  ...findAndModifyCommands,
  ...aggregateCommands,
  ...explainCommands,
  commitTransaction,
  abortTransaction,
}

export type CommandBase = Omit<CommandContext, 'cmd' | 'db' | 'writes' | 'session' | 'txn'>

export async function runCommand(base: CommandBase, cmd: Document): Promise<Document> {
  const name = Object.keys(cmd)[0]
  const handler = name !== undefined && Object.hasOwn(handlers, name) ? handlers[name] : undefined
  if (!handler)
    return new MongoCommandError(Codes.CommandNotFound, `no such command: '${name}'`).toReply()
  const c: CommandContext = { ...base, cmd, db: String(cmd.$db ?? 'admin'), writes: new WriteCtx() }
  c.writes.bypassValidation = cmd.bypassDocumentValidation === true
  let reply: Document
  try {
    c.session = c.engine.session(cmd)
    if (name !== 'commitTransaction' && name !== 'abortTransaction') {
      c.txn = c.engine.transactionFor(cmd)
      if (c.txn && !TXN_ALLOWED.has(name)) {
        fail(
          Codes.OperationNotSupportedInTransaction,
          `Cannot run '${name}' in a multi-document transaction.`,
        )
      }
    }
    reply = await handler(c)
    // MongoDB aborts a transaction when one of its writes fails.
    if (c.txn && reply.writeErrors) c.engine.abort(c.txn)
  } catch (e) {
    if (c.txn) c.engine.abort(c.txn)
    reply = errorReply(e)
  }
  try {
    // Even a failed command may have committed some writes (ordered batches): journal them.
    await c.engine.settle(c.writes)
  } catch (e) {
    return new MongoCommandError(
      Codes.InternalError,
      `journal write failed: ${String(e)}`,
    ).toReply()
  }
  return reply
}
