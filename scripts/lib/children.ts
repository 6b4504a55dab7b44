/**
 * Long-running child processes for `npm run dev`: each runs in its own process group so that
 * stopping it also stops what it spawned (Taro's webpack workers, tsx's node), and so that a
 * terminal Ctrl-C is handled once, by us, in a defined order.
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface Child {
  readonly name: string
  readonly process: ChildProcess
  /** Resolves with the exit code (or 1 when killed by a signal) once the child has exited. */
  readonly exited: Promise<number>
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the child has exited. */
  stop(graceMs?: number): Promise<number>
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Child {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(`[${name}] ${line}`)
  }
  child.stdout?.on('data', prefix)
  child.stderr?.on('data', prefix)
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      log(`[${name}] could not start: ${error.message}`)
      resolve(1)
    })
    child.on('exit', (code) => resolve(code ?? 1))
  })
  return {
    name,
    process: child,
    exited,
    async stop(graceMs = 5_000) {
      signalGroup(child, 'SIGTERM')
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
        // Grandchildren may outlive the leader; make sure the group is gone.
        signalGroup(child, 'SIGKILL')
      }
    },
  }
}
