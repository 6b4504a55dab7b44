/**
 * The set-up every browser suite shares: the H5 build, the real stack serving it (embedded DB, fake
 * WeChat; demo data when asked) and Chromium — started once before the suite, closed after it.
 */
import { mkdirSync } from 'node:fs'
import { startStack, type Stack } from '../../../cloud/src/stack'
import { ensureH5Build } from '../../../scripts/lib/h5-build'
import { MISSING_CHROMIUM_MESSAGE, chromiumInstalled, openBrowser, type Browser } from './browser'
import { ARTIFACTS } from './story'

/** The H5 build alone takes 15 s to 4 min on a busy 2-core machine. */
export const SETUP_TIMEOUT_MS = 10 * 60_000

/**
 * Registers the suite's `beforeAll`/`afterAll`; returns what a test uses (throws if the set-up did
 * not finish).
 */
export function useH5Stack(options: {
  seedDemo?: boolean
  closeTimeoutMs: number
}): () => { stack: Stack; browser: Browser } {
  let stack: Stack | undefined
  let browser: Browser | undefined

  beforeAll(async () => {
    if (!chromiumInstalled()) throw new Error(MISSING_CHROMIUM_MESSAGE)
    const h5Dir = await ensureH5Build({ log: (line) => process.stderr.write(`[h5] ${line}\n`) })
    stack = await startStack({
      port: 0,
      dataDir: null,
      h5Dir,
      quiet: true,
      ...(options.seedDemo ? { seedDemo: true } : {}),
    })
    browser = await openBrowser()
    mkdirSync(ARTIFACTS, { recursive: true })
  }, SETUP_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  }, options.closeTimeoutMs)

  return () => {
    if (!stack || !browser) throw new Error('setup did not finish')
    return { stack, browser }
  }
}
