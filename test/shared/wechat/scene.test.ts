import { checkPage, checkScene } from '../../../shared/wechat/scene'

describe('mini program code scene rules', () => {
  it('accepts 32 characters from the allowed set', () => {
    expect(checkScene('r=abc123&t=Z9')).toBeNull()
    expect(checkScene("!#$&'()*+,/:;=?@-._~")).toBeNull()
    expect(checkScene('a'.repeat(32))).toBeNull()
  })

  it('rejects empty, overlong, percent-encoded and Chinese scenes', () => {
    expect(checkScene('')).toBe('empty')
    expect(checkScene('a'.repeat(33))).toBe('too_long')
    expect(checkScene('room%20a')).toBe('bad_chars')
    expect(checkScene('房间1')).toBe('bad_chars')
  })

  it('rejects pages with a leading slash or a query string', () => {
    expect(checkPage('pages/room/index')).toBeNull()
    expect(checkPage('/pages/room/index')).toBe('leading_slash')
    expect(checkPage('pages/room/index?id=1')).toBe('has_query')
  })
})
