/** The TCP server: accepts connections and wires them to the command router and engine. */
import net from 'node:net'
import type { Document } from 'bson'
import { runCommand, type CommandBase } from './commands/router'
import type { ServerInfo } from './commands/context'
import { Cursors } from './engine/cursors'
import { Engine, type EngineOptions } from './engine/engine'
import { TtlMonitor } from './engine/ttl'
import type { Persistence } from './persistence/types'
import { Connection } from './wire/connection'

export interface ServerOptions extends EngineOptions {
  host: string
  port: number
  persistence: Persistence
  /** TTL sweep interval (MongoDB: 60 s). */
  ttlIntervalMs?: number
  /** Idle cursor timeout (MongoDB: 10 min). */
  cursorTimeoutMs?: number
  sessionTimeoutMinutes?: number
}

export class DbServer {
  readonly engine: Engine
  readonly cursors = new Cursors()
  private readonly net = net.createServer((s) => this.accept(s))
  private readonly connections = new Set<Connection>()
  private totalConnections = 0
  private ttl?: TtlMonitor
  private housekeeping?: NodeJS.Timeout
  private info!: ServerInfo

  constructor(private readonly options: ServerOptions) {
    this.engine = new Engine(options.persistence, options)
  }

  async start(): Promise<{ host: string; port: number }> {
    await this.engine.open()
    await new Promise<void>((resolve, reject) => {
      this.net.once('error', reject)
      this.net.listen(this.options.port, this.options.host, () => {
        this.net.off('error', reject)
        resolve()
      })
    })
    const addr = this.net.address() as net.AddressInfo
    this.info = {
      host: this.options.host,
      port: addr.port,
      startedAt: Date.now(),
      connections: () => this.connections.size,
      totalConnections: () => this.totalConnections,
      sessionTimeoutMinutes: this.options.sessionTimeoutMinutes ?? 30,
    }
    this.ttl = new TtlMonitor(this.engine, this.options.ttlIntervalMs ?? 60_000, this.options.log)
    this.ttl.start()
    this.housekeeping = setInterval(() => {
      this.cursors.expire(this.options.cursorTimeoutMs ?? 10 * 60_000)
      this.engine.expireSessions(this.info.sessionTimeoutMinutes * 60_000)
    }, 30_000)
    this.housekeeping.unref()
    return { host: this.options.host, port: addr.port }
  }

  private accept(socket: net.Socket): void {
    const id = ++this.totalConnections
    const conn = new Connection(
      socket,
      id,
      (cmd, connectionId, remote) => this.run(cmd, connectionId, remote),
      this.options.log,
    )
    this.connections.add(conn)
    socket.on('close', () => this.connections.delete(conn))
  }

  run(cmd: Document, connectionId: number, remote: string): Promise<Document> {
    const base: CommandBase = {
      engine: this.engine,
      cursors: this.cursors,
      server: this.info,
      connectionId,
      remote,
    }
    return runCommand(base, cmd)
  }

  async close(): Promise<void> {
    this.ttl?.stop()
    if (this.housekeeping) clearInterval(this.housekeeping)
    const closed = new Promise<void>((r) => this.net.close(() => r()))
    for (const c of this.connections) c.socket.destroy()
    await closed
    await this.ttl?.idle()
    await this.engine.maybeCheckpoint(true)
    await this.engine.persistence.close()
  }
}
