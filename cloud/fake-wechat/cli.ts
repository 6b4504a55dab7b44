/**
 * Runs the fake WeChat server on its own: `tsx cloud/fake-wechat/cli.ts [--port 4100] [--host 127.0.0.1]`
 * (or FAKE_WECHAT_PORT / FAKE_WECHAT_HOST). Prints `fake-wechat listening on http://HOST:PORT`.
 */
import { startFakeWechat } from './index'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.FAKE_WECHAT_PORT ?? 0)
  const host = arg('host') ?? process.env.FAKE_WECHAT_HOST ?? '127.0.0.1'
  const fake = await startFakeWechat({ port, host })
  console.log(`fake-wechat listening on ${fake.baseUrl}`)
  console.log(
    `appid ${fake.appId}; log in with code dev-<name>; sent messages at ${fake.baseUrl}/__fake/sent`,
  )
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
