// The home page, built for H5 and served by the real stack (embedded DB), in a real browser.
import path from 'node:path'
import { useH5Stack } from './support/h5-stack'
import { ARTIFACTS } from './support/story'

const TEST_TIMEOUT_MS = 60_000
const UI_TIMEOUT_MS = 15_000
const EMBEDDED_STATUS = '服务正常 · 数据库：内置开发库'

describe('home page in a real browser', () => {
  const ready = useH5Stack({ closeTimeoutMs: TEST_TIMEOUT_MS })

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
