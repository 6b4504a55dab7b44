/**
 * Process plumbing shared by `server.ts` and `scripts/start.ts`: `.env` loading and signal handling.
 * Kept out of `config.ts`, which stays a pure function of the environment it is given.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ConfigError } from './config'

/** Loads `./.env` if present; variables already in the environment win (like `node --env-file`). */
export function loadDotEnv(cwd: string = process.cwd()): string | null {
  const file = path.join(cwd, '.env')
  if (!fs.existsSync(file)) return null
  process.loadEnvFile(file)
  return file
}

/** Prints a start-up failure the operator can act on; a ConfigError lists each bad variable. */
export function reportStartupError(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n参见 See .env.example\n`)
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    const { port } = error as { port?: number }
    process.stderr.write(
      `端口 ${port ?? ''} 已被占用 Port ${port ?? ''} is already in use: stop the other process or set PORT.\n`,
    )
  } else {
    process.stderr.write(`启动失败 Start-up failed: ${(error as Error)?.stack ?? String(error)}\n`)
  }
}

/**
 * First SIGINT/SIGTERM: close gracefully (bounded by `timeoutMs`) and exit 0.
 * A second signal while closing forces exit 1 — the "press Ctrl-C again" escape hatch.
 */
export function exitOnSignals(
  close: () => Promise<void>,
  log: (line: string) => void,
  timeoutMs = 10_000,
): void {
  let closing = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      log(`${signal} again: forcing exit 强制退出`)
      process.exit(1)
    }
    closing = true
    log(`${signal}: shutting down 正在停止… (press Ctrl-C again to force)`)
    const timer = setTimeout(() => {
      log(`shutdown took over ${timeoutMs} ms: forcing exit`)
      process.exit(1)
    }, timeoutMs)
    timer.unref()
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error)?.message ?? String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
