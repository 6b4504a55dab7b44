import { installRootFontSize, rootFontSizeFor } from '@/platform/h5-root-font-size'

describe('rootFontSizeFor', () => {
  it('maps the 750-wide design onto the narrower side of the screen', () => {
    expect(rootFontSizeFor(375, 812)).toBe(20)
    expect(rootFontSizeFor(600, 900)).toBe(32)
    expect(rootFontSizeFor(900, 600)).toBe(32)
  })

  it('clamps to 20–40px and survives an unmeasured viewport', () => {
    expect(rootFontSizeFor(320, 568)).toBe(20)
    expect(rootFontSizeFor(1920, 1080)).toBe(40)
    expect(rootFontSizeFor(0, 0)).toBe(20)
  })
})

describe('installRootFontSize', () => {
  it('sets the root font size now and again after a resize', () => {
    const root = document.documentElement
    const size = { width: 600, height: 900 }
    jest.spyOn(root, 'getBoundingClientRect').mockImplementation(() => size as DOMRect)

    installRootFontSize(window)
    expect(root.style.fontSize).toBe('32px')

    size.width = 750
    window.dispatchEvent(new Event('resize'))
    expect(root.style.fontSize).toBe('40px')
  })
})
