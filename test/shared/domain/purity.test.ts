/**
 * The domain core runs inside the mini program too: no Node or framework imports, no run-time code
 * generation (mini programs forbid eval) and no hidden clock or randomness (time is an argument).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const DOMAIN_DIR = join(__dirname, '../../../shared/domain')
const sources = readdirSync(DOMAIN_DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(DOMAIN_DIR, name), 'utf8') }))

function importsOf(text: string): string[] {
  return [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1])
}

describe('the shared domain core', () => {
  test('has source files to check', () => {
    expect(sources.length).toBeGreaterThan(10)
  })

  test.each(sources.map((source) => [source.name, source.text]))(
    '%s imports only its siblings and the shared error catalogue',
    (_name, text) => {
      for (const specifier of importsOf(text)) {
        expect(specifier === '../errors' || specifier.startsWith('./')).toBe(true)
      }
    },
  )

  test.each(sources.map((source) => [source.name, source.text]))(
    '%s reads no clock, randomness or environment and generates no code',
    (_name, text) => {
      expect(text).not.toMatch(
        /Date\.now\(|new Date\(\)|Math\.random|process\.|\beval\(|new Function\(/,
      )
    },
  )

  test.each(sources.map((source) => [source.name, source.text]))(
    '%s stays under 350 lines',
    (_name, text) => {
      expect(text.split('\n').length).toBeLessThan(350)
    },
  )
})
