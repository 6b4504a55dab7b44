import {
  fieldTypeOfKey,
  fitTemplateValue,
  validateTemplateData,
  validateTemplateValue,
} from '../../../shared/wechat/template-fields'

describe('validateTemplateValue', () => {
  it('accepts a thing of 20 Chinese characters and rejects 21', () => {
    expect(validateTemplateValue('thing', '一'.repeat(20))).toBeNull()
    expect(validateTemplateValue('thing', '一'.repeat(21))).toBe('too_long')
  })

  it('rejects empty or blank values of every type', () => {
    expect(validateTemplateValue('thing', '')).toBe('empty')
    expect(validateTemplateValue('phrase', '  ')).toBe('empty')
  })

  it('rejects line breaks inside a thing', () => {
    expect(validateTemplateValue('thing', '第一行\n第二行')).toBe('bad_chars')
  })

  it('accepts numbers with decimals up to 32 digits only', () => {
    expect(validateTemplateValue('number', '3.1415')).toBeNull()
    expect(validateTemplateValue('number', '1'.repeat(33))).toBe('too_long')
    expect(validateTemplateValue('number', '12a')).toBe('bad_chars')
  })

  it('accepts letters only in a letter field', () => {
    expect(validateTemplateValue('letter', 'abcXYZ')).toBeNull()
    expect(validateTemplateValue('letter', 'abc1')).toBe('bad_chars')
  })

  it('accepts at most five symbols in a symbol field', () => {
    expect(validateTemplateValue('symbol', '!?#')).toBeNull()
    expect(validateTemplateValue('symbol', '!!!!!!')).toBe('too_long')
    expect(validateTemplateValue('symbol', 'a!')).toBe('bad_chars')
  })

  it('rejects Chinese in a character_string and allows 32 ASCII characters', () => {
    expect(validateTemplateValue('character_string', 'SL-2026-000123')).toBeNull()
    expect(validateTemplateValue('character_string', '编号123')).toBe('bad_chars')
    expect(validateTemplateValue('character_string', 'a'.repeat(33))).toBe('too_long')
  })

  it('accepts the documented time and date formats and periods joined by ~', () => {
    expect(validateTemplateValue('time', '15:01')).toBeNull()
    expect(validateTemplateValue('time', '2019年10月1日 15:01')).toBeNull()
    expect(validateTemplateValue('time', '2023-08-21 22:48:54')).toBeNull()
    expect(validateTemplateValue('time', '2019年10月1日 15:01 ~ 2019年10月1日 17:00')).toBeNull()
    expect(validateTemplateValue('date', '2019年10月1日')).toBeNull()
    expect(validateTemplateValue('date', '2019-10-01 ~ 2019-10-07')).toBeNull()
  })

  it('rejects impossible or missing parts in times and dates', () => {
    expect(validateTemplateValue('time', '25:00')).toBe('bad_format')
    expect(validateTemplateValue('time', '2019年10月1日')).toBe('bad_format')
    expect(validateTemplateValue('date', '15:01')).toBe('bad_format')
    expect(validateTemplateValue('date', '2019年2月30日')).toBe('bad_format')
    expect(validateTemplateValue('date', '明天')).toBe('bad_format')
  })

  it('accepts an amount with a currency sign, decimals and a trailing 元, up to 10 digits', () => {
    expect(validateTemplateValue('amount', '¥100.50')).toBeNull()
    expect(validateTemplateValue('amount', '100元')).toBeNull()
    expect(validateTemplateValue('amount', '¥12345678901')).toBe('too_long')
    expect(validateTemplateValue('amount', '一百元')).toBe('bad_format')
  })

  it('accepts phone numbers of digits and symbols up to 17 characters', () => {
    expect(validateTemplateValue('phone_number', '+86-0766-66888866')).toBeNull()
    expect(validateTemplateValue('phone_number', '1'.repeat(18))).toBe('too_long')
    expect(validateTemplateValue('phone_number', '电话123')).toBe('bad_chars')
  })

  it('allows Chinese only at the ends of a car number', () => {
    expect(validateTemplateValue('car_number', '粤A8Z888挂')).toBeNull()
    expect(validateTemplateValue('car_number', '粤A8中888')).toBe('bad_chars')
    expect(validateTemplateValue('car_number', '粤A12345678')).toBe('too_long')
  })

  it('limits Chinese names to 10 characters and Latin names to 20', () => {
    expect(validateTemplateValue('name', '欧阳娜娜')).toBeNull()
    expect(validateTemplateValue('name', '一'.repeat(11))).toBe('too_long')
    expect(validateTemplateValue('name', 'Li Lei Han Meimei Wang')).toBe('too_long')
    expect(validateTemplateValue('name', 'Li Lei')).toBeNull()
    expect(validateTemplateValue('name', '李Lei一二三四五六七八')).toBe('too_long')
  })

  it('accepts only up to five Chinese characters in a phrase', () => {
    expect(validateTemplateValue('phrase', '已受理')).toBeNull()
    expect(validateTemplateValue('phrase', '正在处理中啊')).toBe('too_long')
    expect(validateTemplateValue('phrase', 'OK')).toBe('bad_chars')
  })

  it('checks enum values against the list when one is given', () => {
    expect(validateTemplateValue('enum', '已办结', { enumValues: ['已办结'] })).toBeNull()
    expect(validateTemplateValue('enum', '其他', { enumValues: ['已办结'] })).toBe('not_in_enum')
  })
})

describe('fitTemplateValue', () => {
  it('cuts a long thing to 20 characters ending with an ellipsis', () => {
    const fitted = fitTemplateValue('thing', '小区东门绿化带开口问题已经提交到街道协商议事室讨论')
    expect(fitted).toEqual({ ok: true, value: '小区东门绿化带开口问题已经提交到街道协…' })
    if (fitted.ok) expect(Array.from(fitted.value)).toHaveLength(20)
  })

  it('collapses line breaks in a thing instead of rejecting it', () => {
    expect(fitTemplateValue('thing', '第一行\n\n第二行')).toEqual({
      ok: true,
      value: '第一行 第二行',
    })
  })

  it('formats a Date in China time for time and date fields', () => {
    const at = new Date('2026-11-22T01:05:00Z')
    expect(fitTemplateValue('time', at)).toEqual({ ok: true, value: '2026年11月22日 09:05' })
    expect(fitTemplateValue('date', at)).toEqual({ ok: true, value: '2026年11月22日' })
  })

  it('refuses to cut values whose meaning would change', () => {
    expect(fitTemplateValue('character_string', 'A'.repeat(40))).toEqual({
      ok: false,
      problem: 'too_long',
    })
    expect(fitTemplateValue('phrase', '正在处理中啊')).toEqual({ ok: false, problem: 'too_long' })
    expect(fitTemplateValue('number', 12.5)).toEqual({ ok: true, value: '12.5' })
  })

  it('shortens an overlong Chinese name to ten characters', () => {
    expect(fitTemplateValue('name', '一二三四五六七八九十甲')).toEqual({
      ok: true,
      value: '一二三四五六七八九…',
    })
  })

  it('normalises spaces and case in a car number', () => {
    expect(fitTemplateValue('car_number', '苏h 12345')).toEqual({ ok: true, value: '苏H12345' })
  })
})

describe('template data', () => {
  it('reads the field type from the key name', () => {
    expect(fieldTypeOfKey('thing12')).toBe('thing')
    expect(fieldTypeOfKey('character_string3')).toBe('character_string')
    expect(fieldTypeOfKey('weird1')).toBeNull()
  })

  it('names the first offending field', () => {
    expect(validateTemplateData({ thing1: '好', phrase2: '处理中了吗啊啊' })).toEqual({
      field: 'phrase2',
      problem: 'too_long',
    })
    expect(validateTemplateData({ thing1: '好', time2: '09:30' })).toBeNull()
  })

  it('leaves undocumented field types to WeChat and honours explicit types', () => {
    expect(validateTemplateData({ short_thing1: '任何内容都先交给微信判断' })).toBeNull()
    expect(validateTemplateData({ custom1: 'abc' }, { custom1: 'phrase' })).toEqual({
      field: 'custom1',
      problem: 'bad_chars',
    })
  })
})
