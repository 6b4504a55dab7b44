// Headless Debian Chromium driven by playwright-core (no bundled browser download).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'

export const MISSING_CHROMIUM_MESSAGE =
  `${CHROMIUM_PATH} is missing. Install the browser and a Chinese font with ` +
  '`apt-get install -y chromium fonts-wqy-microhei` (or set SKIP_E2E=1 to skip the browser tests).'

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH)
}

// Flags verified with Debian's chromium in a container (see the toolchain reference).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Browser {
  page: Page
  context: BrowserContext
  /** Uncaught exceptions thrown by the page's scripts. */
  pageErrors: string[]
  /** Console lines reporting a blocked resource (Content-Security-Policy). */
  cspViolations: string[]
  close(): Promise<void>
}

/** A phone-sized browser with a fresh profile, removed again by `close()`. */
export async function openBrowser(): Promise<Browser> {
  // A persistent context is the only way to choose the profile folder (Playwright rejects --user-data-dir).
  const profile = mkdtempSync(path.join(os.tmpdir(), 'shangliang-e2e-profile-'))
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      // The people using it are in China; some screens show the device's local time.
      timezoneId: 'Asia/Shanghai',
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const pageErrors: string[] = []
    const cspViolations: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
        cspViolations.push(message.text())
      }
    })
    return {
      page,
      context,
      pageErrors,
      cspViolations,
      close: async () => {
        try {
          await context.close()
        } finally {
          rmSync(profile, { recursive: true, force: true })
        }
      },
    }
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw error
  }
}
