/**
 * `npm run dev`: both sides in watch mode.
 *   - `taro build --type h5 --watch` — Taro's H5 dev server (it prints its own URL, default :10086)
 *   - `tsx watch cloud/src/server.ts` — the service, restarted on every change (embedded DB, fake WeChat)
 * Ctrl-C (or either child dying) stops both, each with its whole process tree.
 */
import path from 'node:path'
import { startChild, type Child } from './lib/children'

const root = path.resolve(__dirname, '..')
const bin = (name: string): string => path.join(root, 'node_modules', '.bin', name)
const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

function main(): void {
  const children: Child[] = [
    startChild('h5', bin('taro'), ['build', '--type', 'h5', '--watch'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development' },
      log,
    }),
    startChild('api', bin('tsx'), ['watch', path.join('cloud', 'src', 'server.ts')], {
      cwd: root,
      env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' },
      log,
    }),
  ]

  let stopping = false
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true
      log('停止开发模式 stopping dev mode…')
      await Promise.all(children.map((child) => child.stop()))
    }
    process.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1) // second Ctrl-C: do not wait
      void stopAll(0)
    })
  }
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return
      log(`[${child.name}] exited with code ${code}; stopping the other side`)
      void stopAll(code === 0 ? 1 : code)
    })
  }
  log('开发模式 dev mode: H5 dev server + API (tsx watch). Ctrl-C 停止 to stop.')
}

main()
