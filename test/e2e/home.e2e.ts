// The home page, built for H5 and served by the real stack (embedded DB), in a real browser.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { startStack, type Stack } from '../../cloud/src/stack'
import { ensureH5Build } from '../../scripts/lib/h5-build'
import {
  MISSING_CHROMIUM_MESSAGE,
  chromiumInstalled,
  openBrowser,
  type Browser,
} from './support/browser'

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e')
const SETUP_TIMEOUT_MS = 10 * 60_000 // the H5 build alone takes 15–45 s on a busy 2-core machine
const TEST_TIMEOUT_MS = 60_000
const UI_TIMEOUT_MS = 15_000
const EMBEDDED_STATUS = '服务正常 · 数据库：内置开发库'

describe('home page in a real browser', () => {
  let stack: Stack | undefined
  let browser: Browser | undefined

  beforeAll(async () => {
    if (!chromiumInstalled()) throw new Error(MISSING_CHROMIUM_MESSAGE)
    const h5Dir = await ensureH5Build({ log: (line) => process.stderr.write(`[h5] ${line}\n`) })
    stack = await startStack({ port: 0, dataDir: null, h5Dir, quiet: true })
    browser = await openBrowser()
  }, SETUP_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  }, TEST_TIMEOUT_MS)

  function ready(): { stack: Stack; browser: Browser } {
    if (!stack || !browser) throw new Error('setup did not finish')
    return { stack, browser }
  }

  it(
    'shows the product name, the tagline and that the service runs on the embedded database',
    async () => {
      const { stack, browser } = ready()
      const { page } = browser
      expect(stack.db).toBe('embedded')

      await page.goto(`${stack.url}/`)
      await page.getByText(EMBEDDED_STATUS).waitFor({ timeout: UI_TIMEOUT_MS })

      expect(await page.title()).toBe('商量')
      expect(await page.locator('.home__title').innerText()).toBe('商量')
      expect(await page.locator('.home__tagline').innerText()).toBe('有事好商量 · 码上议')
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')

      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: path.join(ARTIFACTS, 'home.png'), fullPage: true })
      expect(browser.pageErrors).toEqual([])
      expect(browser.cspViolations).toEqual([])
    },
    TEST_TIMEOUT_MS,
  )

  it(
    'shows an error with a retry button when the service cannot be reached, and recovers on retry',
    async () => {
      const { stack, browser } = ready()
      const { page } = browser
      await page.route('**/health', (route) => route.abort('connectionrefused'))

      await page.goto(`${stack.url}/`)
      await page
        .getByText('服务暂不可用：网络连接失败，请检查网络后重试')
        .waitFor({ timeout: UI_TIMEOUT_MS })

      await page.unroute('**/health')
      await page.getByText('重试', { exact: true }).click()
      await page.getByText(EMBEDDED_STATUS).waitFor({ timeout: UI_TIMEOUT_MS })
      expect(browser.pageErrors).toEqual([])
    },
    TEST_TIMEOUT_MS,
  )
})
