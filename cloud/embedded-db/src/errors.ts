/** MongoDB-shaped command errors: `{ ok: 0, errmsg, code, codeName, ...extra }` (+ `errorLabels`). */
import type { Document } from 'bson'

export const Codes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  Unauthorized: 13,
  IllegalOperation: 20,
  PathNotViable: 28,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  NotImplemented: 238,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  ChangeStreamsOnlyOnReplicaSets: 40573,
  UnrecognizedPipelineStage: 40324,
} as const

const codeNames = new Map<number, string>(Object.entries(Codes).map(([k, v]) => [v, k]))
// MongoDB reports assertion-location codes as "Location<code>".
codeNames.set(40573, 'Location40573')
codeNames.set(40324, 'Location40324')

export function codeNameOf(code: number): string {
  return codeNames.get(code) ?? `Location${code}`
}

export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Document = {},
    readonly labels: string[] = [],
  ) {
    super(message)
  }

  toReply(): Document {
    const reply: Document = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: codeNameOf(this.code),
      ...this.extra,
    }
    if (this.labels.length > 0) reply.errorLabels = this.labels
    return reply
  }
}

export function fail(code: number, message: string, extra?: Document): never {
  throw new MongoCommandError(code, message, extra)
}

export const TRANSIENT = 'TransientTransactionError'

/** Turns anything thrown while running a command into a MongoDB-shaped error reply. */
export function errorReply(err: unknown): Document {
  if (err instanceof MongoCommandError) return err.toReply()
  // mingo and bson throw plain Errors for malformed queries/expressions: report them as BadValue.
  const message = err instanceof Error ? err.message : String(err)
  return new MongoCommandError(Codes.BadValue, message).toReply()
}
