import { DOMAIN_ERRORS } from '../../shared/domain/error-codes'
import { DomainError, ERRORS, SUB_CATALOGUES, isErrorCode } from '../../shared/errors'

describe('the error catalogue', () => {
  test('merges the sub-catalogues without any code shadowing another', () => {
    const parts = Object.values(SUB_CATALOGUES).map((catalogue) => Object.keys(catalogue))
    const core = Object.keys(ERRORS).filter((code) => !parts.some((part) => part.includes(code)))
    const all = [...core, ...parts.flat()]
    expect(new Set(all).size).toBe(all.length)
    expect(Object.keys(ERRORS).length).toBe(all.length)
  })

  test('gives every code an HTTP error status and a Chinese message', () => {
    for (const entry of Object.values(ERRORS)) {
      expect(entry.status).toBeGreaterThanOrEqual(400)
      expect(entry.status).toBeLessThan(600)
      expect(entry.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  test('builds a DomainError carrying the code, its status and its message', () => {
    const error = new DomainError('SELF_SUPPORT')
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('SELF_SUPPORT')
    expect(error.statusCode).toBe(409)
    expect(error.message).toBe(DOMAIN_ERRORS.SELF_SUPPORT.message)
    expect(new DomainError('WECHAT_BUSY', '自定义说明').message).toBe('自定义说明')
  })

  test('recognises only catalogue codes', () => {
    expect(isErrorCode('WECHAT_CODE_USED')).toBe(true)
    expect(isErrorCode('NOT_A_CODE')).toBe(false)
    expect(isErrorCode(42)).toBe(false)
  })
})
