import { startChild } from '../../../scripts/lib/children'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitFor<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('startChild', () => {
  it('prefixes the child output with its name, line by line', async () => {
    const lines: string[] = []
    const child = startChild('demo', process.execPath, ['-e', 'console.log("one\\ntwo")'], {
      log: (line) => lines.push(line),
    })
    expect(await child.exited).toBe(0)
    expect(lines).toEqual(['[demo] one', '[demo] two'])
  })

  it('stops the child together with the processes it spawned', async () => {
    const lines: string[] = []
    // The child starts a grandchild that would outlive a plain kill of the child, and reports its pid.
    const script = [
      'const { spawn } = require("node:child_process")',
      'const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" })',
      'console.log("grandchild " + g.pid)',
      'setInterval(() => {}, 1000)',
    ].join(';')
    const child = startChild('tree', process.execPath, ['-e', script], {
      log: (l) => lines.push(l),
    })
    const grandchild = await waitFor(() => {
      const line = lines.find((l) => l.startsWith('[tree] grandchild '))
      return line ? Number(line.split(' ').pop()) : undefined
    })
    expect(alive(grandchild)).toBe(true)

    await child.stop(2_000)
    await waitFor(() => (alive(grandchild) ? undefined : true))
    expect(alive(grandchild)).toBe(false)
  })

  it('reports a command that cannot start as exit code 1', async () => {
    const lines: string[] = []
    const child = startChild('ghost', '/nonexistent/command', [], { log: (l) => lines.push(l) })
    expect(await child.exited).toBe(1)
    expect(lines.join('\n')).toContain('could not start')
  })
})
