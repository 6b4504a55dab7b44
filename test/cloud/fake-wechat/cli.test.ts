import { spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(__dirname, '../../..')

describe('fake WeChat CLI', () => {
  it('prints its address, serves the debug routes and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'cloud/fake-wechat/cli.ts'), '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20_000)
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          const m = /fake-wechat listening on (http:\/\/[\d.]+:\d+)/.exec(out)
          if (m) {
            clearTimeout(timer)
            resolve(m[1])
          }
        })
        child.once('exit', () => reject(new Error(`exited early: ${out}`)))
      })
      const res = await fetch(`${url}/__fake/sent`)
      expect(await res.json()).toEqual({ messages: [] })
    } finally {
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      )
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  }, 30_000)
})
