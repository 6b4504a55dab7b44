/**
 * On H5, Taro's React wrapper writes `disabled={false}` onto its web components as the attribute
 * `disabled="false"`, and Taro's CSS (`taro-button-core[disabled]`) then greys out a working button.
 * So every `disabled`/`loading` prop in the mini program passes `undefined` instead of false.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..', '..', 'miniprogram')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sources(full)
    return full.endsWith('.tsx') ? [full] : []
  })
}

describe('boolean props of Taro components', () => {
  it('never hand false to disabled or loading (H5 would render disabled="false")', () => {
    const offenders: string[] = []
    for (const file of sources(ROOT)) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((line, index) => {
        const props = line.match(/\b(disabled|loading)=\{[^{}]*\}/g) ?? []
        for (const prop of props) {
          if (!/\|\| undefined\}$/.test(prop) && !/=\{true\}$/.test(prop)) {
            offenders.push(`${path.relative(ROOT, file)}:${index + 1} ${prop}`)
          }
        }
      })
    }
    expect(offenders).toEqual([])
  })

  it('finds the props it checks (the scan reads real sources)', () => {
    const count = sources(ROOT)
      .map((file) => (readFileSync(file, 'utf8').match(/\bdisabled=\{/g) ?? []).length)
      .reduce((a, b) => a + b, 0)
    expect(count).toBeGreaterThan(10)
  })
})
