/** What every command handler receives. */
import type { Document } from 'bson'
import type { Cursors } from '../engine/cursors'
import type { Engine, WriteCtx } from '../engine/engine'
import type { Session, Transaction } from '../engine/transaction'

export interface ServerInfo {
  host: string
  port: number
  startedAt: number
  connections: () => number
  totalConnections: () => number
  /** Logical session timeout reported in hello. */
  sessionTimeoutMinutes: number
}

export interface CommandContext {
  engine: Engine
  cursors: Cursors
  server: ServerInfo
  connectionId: number
  remote: string
  cmd: Document
  db: string
  session?: Session
  txn?: Transaction
  /** Effects of this command, journalled before the reply. */
  writes: WriteCtx
}

export type Handler = (c: CommandContext) => Document | Promise<Document>
