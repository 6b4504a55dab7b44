// The demo cast on the real stack (embedded DB, fake WeChat, demo data), in a real browser: log in as
// the resident from the H5 demo picker, open a room by its QR scene, and an unknown scene.
import { DEMO_MAIN_ROOM_SCENE } from '../../cloud/src/seed/demo/accounts'
import { useH5Stack } from './support/h5-stack'
import { shoot as shootPage } from './support/story'

const TEST_TIMEOUT_MS = 90_000
const UI_TIMEOUT_MS = 20_000

describe('demo login and room pages in a real browser', () => {
  const ready = useH5Stack({ seedDemo: true, closeTimeoutMs: TEST_TIMEOUT_MS })

  /** A full-page screenshot once the page has settled (see `shoot` in support/story.ts). */
  async function shoot(name: string): Promise<void> {
    await shootPage(ready().browser.page, name)
  }

  it(
    'logs in as the demo resident 张阿姨 from the picker and shows her name at home',
    async () => {
      const { stack, browser } = ready()
      const { page } = browser

      await page.goto(`${stack.url}/#/pages/login/index`)
      const resident = page.locator('.demo-account').filter({ hasText: '张阿姨' })
      await resident.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await page.locator('.demo-account').count()).toBeGreaterThanOrEqual(8)
      await shoot('demo-login-picker.png')

      await resident.click()
      await page.getByText('已登录：张阿姨').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(page.url()).toContain('#/pages/index/index')
      await shoot('demo-login-home.png')
      expect(browser.pageErrors).toEqual([])
      expect(browser.cspViolations).toEqual([])
    },
    TEST_TIMEOUT_MS,
  )

  // Taro's H5 router keeps earlier pages in the DOM (hidden), so locators pick the visible page.
  it(
    'opens the room typed in by its code, with its path and today’s duty member',
    async () => {
      const { stack, browser } = ready()
      const { page } = browser

      await page.goto(`${stack.url}/#/pages/index/index`)
      const codeInput = page.locator('.home__code-input input:visible')
      await codeInput.waitFor({ timeout: UI_TIMEOUT_MS })
      await codeInput.fill(DEMO_MAIN_ROOM_SCENE)
      await page.locator('.home__code-button:visible').click()

      const name = page.locator('.room__name:visible')
      await name.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await name.innerText()).toBe('长西社区协商议事室')
      expect(page.url()).toContain(`#/pages/room/index?scene=${DEMO_MAIN_ROOM_SCENE}`)
      expect(await page.locator('.room__path:visible').innerText()).toBe(
        '淮安市 › 清江浦区 › 长西街道 › 长西社区',
      )
      const duty = page.locator('.room__line:visible').filter({ hasText: '今日值班委员' })
      expect(await duty.locator('.room__value').innerText()).toBe('陈委员')
      await page.locator('.room__topics:visible').waitFor({ timeout: UI_TIMEOUT_MS })
      await shoot('demo-room.png')
      expect(browser.pageErrors).toEqual([])
    },
    TEST_TIMEOUT_MS,
  )

  it(
    'says in Chinese that an unknown room code was not found, with a way home',
    async () => {
      const { stack, browser } = ready()
      const { page } = browser

      await page.goto(`${stack.url}/#/pages/room/index?scene=NOSUCH99`)
      await page.getByText('未找到该议事室', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS })
      await page.getByText('返回首页').waitFor({ timeout: UI_TIMEOUT_MS })
      await shoot('demo-room-unknown.png')

      await page.getByText('返回首页').click()
      await page.locator('.home__title:visible').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(browser.pageErrors).toEqual([])
    },
    TEST_TIMEOUT_MS,
  )
})
