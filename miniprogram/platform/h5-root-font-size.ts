/**
 * On H5, Taro's pxtransform turns design px into rem, so the root font size must track the viewport
 * (the 750-wide design maps to the screen; clamped to 20–40px like Taro's own snippet). Taro normally
 * inlines this as a <script> in index.html; running it from the bundle instead keeps index.html free of
 * inline scripts, so the service's Content-Security-Policy needs no exception for it.
 */
export function rootFontSizeFor(width: number, height: number): number {
  const sides = [width, height].filter((side) => side > 0)
  if (sides.length === 0) return 20
  const size = (40 * Math.min(...sides)) / 750
  return Math.min(40, Math.max(20, size))
}

export function installRootFontSize(win: Window): void {
  const apply = (): void => {
    const root = win.document.documentElement
    const { width, height } = root.getBoundingClientRect()
    root.style.fontSize = `${rootFontSizeFor(width, height)}px`
  }
  win.addEventListener('resize', () => {
    apply()
    // Some mobile browsers report the final size only after the resize settles.
    win.setTimeout(apply, 500)
  })
  apply()
}
