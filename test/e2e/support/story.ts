// Driving the H5 build like a person: log in as a demo account, open pages, fill Taro's form
// components (inputs, pickers, modals) and take screenshots once a page has settled.
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'

export const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'e2e')
/** Bounds one wait for something to appear; generous for a busy 2-core machine. */
export const UI_TIMEOUT_MS = 20_000

const BEIJING_OFFSET_MS = 8 * 3600_000

/**
 * The elements matching `selector` on the page on screen. Taro's H5 router keeps earlier pages of
 * the stack in the DOM (hidden), so a plain selector may find the same class on a hidden page.
 */
export function visible(page: Page, selector: string): Locator {
  return page.locator(selector).filter({ visible: true })
}

let documentLoads = 0

/**
 * Opens `route` (e.g. `/pages/topic/index?id=…`) in a fresh document. A new query string forces a
 * full load, so every step starts from the app's launch (as when a WeChat link is opened) instead
 * of depending on what Taro's router does with a hash change inside its page stack.
 */
export async function openPage(page: Page, baseUrl: string, route: string): Promise<void> {
  documentLoads += 1
  await page.goto(`${baseUrl}/?load=${documentLoads}#${route}`)
}

/**
 * Logs in as a demo account by its display name (张阿姨, 王主任, …): forgets whoever was logged in
 * (the session, settings and drafts live in localStorage), picks the account on the login page's
 * demo picker and waits until home greets the user.
 */
export async function loginAs(
  page: Page,
  stack: { url: string },
  displayName: string,
): Promise<void> {
  await openPage(page, stack.url, '/pages/login/index')
  await page.evaluate('window.localStorage.clear(); window.sessionStorage.clear()')
  await openPage(page, stack.url, '/pages/login/index')
  const name = page.locator('.demo-account__name').getByText(displayName, { exact: true })
  const account = visible(page, '.demo-account').filter({ has: name })
  await account.click({ timeout: UI_TIMEOUT_MS })
  await visible(page, '.home__user')
    .getByText(`已登录：${displayName}`, { exact: true })
    .waitFor({ timeout: UI_TIMEOUT_MS })
}

/**
 * Screenshot of the whole page on screen, once Taro's slide-in animation has finished (every shown
 * page at x = 0), toasts have gone and the fonts are in. A Taro page scrolls inside its own box
 * (`.taro_page`), so Playwright's `fullPage` alone stops at the window's height: the window is
 * stretched to the page's height for the shot, then put back.
 */
export async function shoot(page: Page, name: string): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT_MS
  for (;;) {
    const shown = await page.locator('.taro_page_show').all()
    const boxes = await Promise.all(shown.map((element) => element.boundingBox()))
    if (boxes.every((box) => box === null || box.x === 0)) break
    if (Date.now() > deadline) throw new Error(`${name}: the page never stopped sliding in`)
    await page.waitForTimeout(100)
  }
  // Toasts (「已受理」…) fade out after 1.5 s; the shot shows the page, not the toast over it.
  await visible(page, '.taro__toast > div:last-child')
    .first()
    .waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS })
  await page.evaluate('document.fonts.ready.then(() => true)')
  const file = path.join(ARTIFACTS, name)
  const viewport = page.viewportSize()
  const pages = "Array.from(document.querySelectorAll('.taro_page_show'), (el) => el.scrollHeight)"
  const height = Number(await page.evaluate(`Math.max(0, ...${pages})`))
  if (viewport && height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 8000) })
    try {
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(true)))')
      await page.screenshot({ path: file, fullPage: true })
    } finally {
      await page.setViewportSize(viewport)
    }
  } else {
    await page.screenshot({ path: file, fullPage: true })
  }
  return file
}

/** Types into a Taro `<Input>` / `<Textarea>` (the native element inside the web component). */
export async function fillField(page: Page, className: string, text: string): Promise<void> {
  const field = visible(page, `${className} input, ${className} textarea`)
  await field.fill(text, { timeout: UI_TIMEOUT_MS })
}

/**
 * Answers the open `Taro.showModal` with its confirm button and waits until it is gone; returns the
 * modal's text (title and content) for assertions. H5 draws it as `.taro__modal`, a wrapper without
 * a box of its own (its parts are fixed-positioned), so visibility is judged on the dialog itself.
 */
export async function confirmModal(page: Page): Promise<string> {
  const modal = visible(page, '.taro__modal .taro-modal__content')
  await modal.waitFor({ timeout: UI_TIMEOUT_MS })
  const text = await modal.innerText()
  await modal.locator('.taro-model__confirm').click()
  await modal.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS })
  return text
}

/**
 * Chooses a value in a Taro H5 `<Picker>` (the `taro-picker-core` web component). Its columns
 * scroll by touch, which is slow and fragile to drive; instead the component's own `value`
 * property is set (its watcher moves the columns there), then the picker is opened with a tap and
 * 确定 is tapped, so the choice reaches the page through the component's own change event, as a
 * person's would. `value`: an index for selector pickers, 'YYYY-MM-DD' for date pickers, 'HH:mm'
 * for time pickers. The page re-renders the picker with its own `value` (which resets the
 * columns), so the choice is checked on the picker's label (`shows`) and made again if a re-render
 * got in between.
 */
export async function choosePickerValue(
  page: Page,
  picker: Locator,
  value: string | number,
  shows: string,
): Promise<void> {
  // The sheet is drawn outside the picker element; only the open one is visible.
  const confirm = visible(page, '.weui-picker__action').filter({ hasText: '确定' })
  for (let attempt = 1; ; attempt++) {
    await picker.evaluate((element, chosen) => {
      ;(element as unknown as { value: string | number }).value = chosen
    }, value)
    await picker.click({ timeout: UI_TIMEOUT_MS })
    await confirm.click({ timeout: UI_TIMEOUT_MS })
    // It fades out for 350 ms, covering the page: the next tap would land on its mask.
    await confirm.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS })
    const label = await picker.innerText()
    if (label.includes(shows)) return
    if (attempt === 3) throw new Error(`picker shows "${label}" instead of "${shows}"`)
  }
}

/** Chooses the first option of a selector `<Picker>` whose label contains `text`. */
export async function choosePickerOption(page: Page, picker: Locator, text: string): Promise<void> {
  const range = await picker.evaluate(
    (element) => (element as unknown as { range?: unknown[] }).range ?? [],
  )
  const index = range.findIndex((option) => String(option).includes(text))
  if (index < 0) throw new Error(`no option "${text}" in picker: ${JSON.stringify(range)}`)
  await choosePickerValue(page, picker, index, text)
}

interface StyleWindow {
  getComputedStyle(element: unknown): { fontSize: string }
}

/** The rendered font size (px) of the first element of `locator`. */
export async function fontSizeOf(locator: Locator): Promise<number> {
  const size = await locator
    .first()
    .evaluate(
      (element) => (globalThis as unknown as StyleWindow).getComputedStyle(element).fontSize,
    )
  return parseFloat(size)
}

/** Date ('YYYY-MM-DD') and time ('HH:mm') of an instant in Beijing, as the pickers take them. */
export function beijingDateTime(instant: Date): { date: string; time: string } {
  const iso = new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString()
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** The first whole minute at least `leadMs` from now (meeting times are whole minutes). */
export function nextMinuteAfter(leadMs: number, now: Date = new Date()): Date {
  const earliest = now.getTime() + leadMs
  return new Date(Math.ceil(earliest / 60_000) * 60_000)
}

/** Waits (on this machine's clock, which the service shares) until `instant` has passed. */
export async function waitUntil(instant: Date, marginMs = 1_000): Promise<void> {
  const wait = instant.getTime() + marginMs - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}
