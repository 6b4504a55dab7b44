/** Per-command write state and the small types shared by the engine and the write commands. */
import type { Document } from 'bson'
import type { Effect } from '../persistence/types'
import type { Transaction } from './transaction'

/** Effects of one command; appended to the journal whenever the command might yield. */
export class WriteCtx {
  effects: Effect[] = []
  /** bypassDocumentValidation on the command. */
  bypassValidation = false
  readonly pending: Promise<void>[] = []
}

export interface Change {
  id: string
  /** New document, or null to delete. */
  after: Document | null
  isInsert: boolean
}

/** Thrown when a non-transactional write touches a document an open transaction holds. */
export class LockWait {
  constructor(readonly txn: Transaction) {}
}
