import { normalizeScene, roomPageUrl, sceneFromScan } from '@/services/scene'

describe('room codes', () => {
  it('accept 4 to 16 letters or digits, trimmed', () => {
    expect(normalizeScene(' QJPCX1 ')).toBe('QJPCX1')
    expect(normalizeScene('abc')).toBeUndefined()
    expect(normalizeScene('QJP-CX1')).toBeUndefined()
    expect(normalizeScene('')).toBeUndefined()
    expect(normalizeScene(undefined)).toBeUndefined()
  })

  it('are decoded when a QR launch delivers them URL-encoded', () => {
    expect(normalizeScene('QJPCX1%20')).toBe('QJPCX1')
    expect(normalizeScene('%2551JPCX1')).toBe('QJPCX1')
    expect(normalizeScene('%E0%A4%A')).toBeUndefined()
  })

  it('are read from the path of a scanned mini program code', () => {
    expect(sceneFromScan({ result: '*', path: 'pages/room/index?scene=QJPCX1' })).toBe('QJPCX1')
    expect(sceneFromScan({ path: 'pages/room/index?from=qr&scene=HAQYH1' })).toBe('HAQYH1')
  })

  it('are read from a scanned link to the H5 room page, or from a bare code', () => {
    expect(
      sceneFromScan({ result: 'https://shangliang.example/#/pages/room/index?scene=HYNYJB' }),
    ).toBe('HYNYJB')
    expect(sceneFromScan({ result: 'QJPSMZX' })).toBe('QJPSMZX')
    expect(sceneFromScan({ result: 'https://example.com/somewhere-else' })).toBeUndefined()
  })

  it('build the room page URL', () => {
    expect(roomPageUrl('QJPCX1')).toBe('/pages/room/index?scene=QJPCX1')
  })
})
