import { errorFromErrcode, fieldFromErrmsg } from '../../../cloud/src/wechat/errors'
import { WECHAT_ERRORS } from '../../../shared/wechat/error-codes'

describe('WeChat errcode mapping', () => {
  it('maps the documented errcodes to our codes', () => {
    const cases: [number, string][] = [
      [40029, 'WECHAT_CODE_INVALID'],
      [40163, 'WECHAT_CODE_USED'],
      [40226, 'WECHAT_CODE_BLOCKED'],
      [45009, 'WECHAT_RATE_LIMITED'],
      [45011, 'WECHAT_RATE_LIMITED'],
      [43101, 'WECHAT_NO_SUBSCRIPTION'],
      [47003, 'WECHAT_TEMPLATE_DATA_INVALID'],
      [87014, 'WECHAT_CONTENT_RISKY'],
      [-1, 'WECHAT_BUSY'],
      [42001, 'WECHAT_TOKEN_INVALID'],
      [99999, 'WECHAT_ERROR'],
    ]
    for (const [errcode, code] of cases)
      expect(errorFromErrcode('subscribe_send', errcode).code).toBe(code)
  })

  it('reads an errcode in the context of the API that returned it', () => {
    expect(errorFromErrcode('getwxacodeunlimit', 40129).code).toBe('WECHAT_SCENE_INVALID')
    expect(errorFromErrcode('msg_sec_check', 40129).code).toBe('WECHAT_REQUEST_INVALID')
    expect(errorFromErrcode('stable_token', 40001).code).toBe('WECHAT_CONFIG_INVALID')
  })

  it('extracts the template field from a 47003 errmsg', () => {
    expect(fieldFromErrmsg('argument invalid! data.thing3.value invalid rid: 1-2-3')).toBe('thing3')
    expect(fieldFromErrmsg('argument invalid! data.character_string12.value is empty')).toBe(
      'character_string12',
    )
    expect(
      errorFromErrcode('subscribe_send', 47003, 'argument invalid! data.time2.value invalid').field,
    ).toBe('time2')
    expect(fieldFromErrmsg('something else')).toBeUndefined()
  })

  it('carries our status and Chinese message, never WeChat English text', () => {
    const err = errorFromErrcode('jscode2session', 40029, 'invalid code, rid: x')
    expect(err.statusCode).toBe(WECHAT_ERRORS.WECHAT_CODE_INVALID.status)
    expect(err.message).toBe(WECHAT_ERRORS.WECHAT_CODE_INVALID.message)
    expect(err.wechatMessage).toBe('invalid code, rid: x')
  })
})
