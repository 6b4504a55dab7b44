/** Runs the embedded-db CLI as a real child process that the durability tests can SIGKILL. */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'

const ROOT = join(__dirname, '..', '..', '..', '..')
const CLI = join(ROOT, 'cloud', 'embedded-db', 'src', 'cli.ts')
const READY = /embedded-db listening on (mongodb:\/\/\S+)/

export interface ServerProcess {
  uri: string
  child: ChildProcess
  /** Everything the server printed, for failure messages. */
  output: () => string
  /** Hard crash: SIGKILL, then wait until the process is gone (and reaped, so its pid is free). */
  kill: () => Promise<void>
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    )
  })

/**
 * `node --import tsx` rather than the tsx binary: the tsx binary runs the script in a grandchild,
 * which a SIGKILL of the binary would leave running (holding the port and the dbpath lock).
 */
export async function startServer(dbpath: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--dbpath', dbpath],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const m = READY.exec(out)
      if (m) resolve(m[1])
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `embedded-db exited before it was ready (code ${code}, signal ${signal}):\n${out}`,
        ),
      ),
    )
  })
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await withTimeout(exited, 15_000, 'embedded-db to die after SIGKILL')
  }
  try {
    const uri = await withTimeout(ready, 45_000, `embedded-db to print its ready line:\n${out}`)
    return { uri, child, output: () => out, kill }
  } catch (e) {
    await kill()
    throw e
  }
}

export async function connect(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: 15_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 30_000,
    retryWrites: false,
    maxPoolSize: 16,
  })
  await withTimeout(client.connect(), 20_000, 'driver to connect')
  return client
}

/** Closing a client whose server was killed can wait on dead sockets; never let it hang a test. */
export async function closeQuietly(client: MongoClient | undefined): Promise<void> {
  if (!client) return
  await withTimeout(client.close(), 10_000, 'client close').catch(() => undefined)
}

export { withTimeout }
