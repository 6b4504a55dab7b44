/** `npm run db -- --port 27017 --dbpath ./.data/db` — runs the embedded server in the foreground. */
import { startEmbeddedServer } from './index'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? 27017)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${arg('port')}`)
  const server = await startEmbeddedServer({
    port,
    host: arg('host') ?? '127.0.0.1',
    dbpath: arg('dbpath'),
    log: (line) => {
      if (!line.startsWith('embedded-db listening')) process.stderr.write(`${line}\n`)
    },
  })
  process.stdout.write(`embedded-db listening on ${server.uri}\n`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`embedded-db: close failed: ${String(e)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`embedded-db: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
